"""Synthetic canonical threads with a realistic reply structure, for benchmarks.

    python -m bench.generate N OUT.json [--seed S]

The shape follows the generative thread models of Gómez et al. (2013) and Aragón et al. (2017):
most comments are top-level; a reply goes to a popular comment (preferential attachment) or a
recent one (novelty); some replies start a back-and-forth between two authors (answered back).
Authors follow a Yule-Simon process (a newcomer, or someone drawn in proportion to how often they
already wrote), which gives a few very active authors and many one-off ones. Every step is O(1),
so 100,000 comments take well under a few seconds.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CREATOR = "creator"
START = datetime(2024, 3, 1, tzinfo=UTC).timestamp()
TOP_LEVEL = 0.68  # of comments outside back-and-forth chains; overall share lands near 60%
CHAIN_TURN = 0.12  # chance that the next comment continues an open back-and-forth
CHAIN_START = 0.25  # chance that a reply to someone else opens a back-and-forth
MAX_OPEN_CHAINS = 8
NEW_AUTHOR = 0.55  # Yule-Simon innovation rate
CREATOR_REPLY = 0.04  # share of ordinary replies the creator writes
POPULAR_PARENT = 0.5  # the rest of replies go to a recent comment
MEAN_RECENCY = 8.0  # comments back, for recent parents
MEAN_GAP_SECONDS = 20.0
TAG_ONLY = 0.03  # top-level comments that only tag someone

# A small vocabulary is enough: the analysis looks at structure, and at text only for @tags.
_VOCABULARY = (
    "yes no maybe great video love this wait what why how really agree disagree exactly "
    "true false lol same here source please thanks for sharing never thought about that "
    "totally wrong right point good bad best worst part first time again music edit song "
    "funny cute crazy wow nice idea question answer think know believe see hear"
)
WORDS = tuple(_VOCABULARY.split())


@dataclass
class _Chain:
    """An open back-and-forth: `speaker` answers comment `last` (by `other`) next."""

    last: int
    speaker: str
    other: str
    turns_left: int


def generate_thread(n: int, seed: int = 0) -> dict[str, Any]:
    """A canonical thread object (see importers.formats.canonical) with `n` comments."""
    rng = random.Random(seed)
    comments: list[dict[str, Any]] = []
    authors: list[str] = []  # author of comment i; a uniform pick is activity-proportional
    popularity: list[int] = []  # comment i once, plus once per reply it received
    top_level: list[int] = []
    chains: list[_Chain] = []
    clock = START
    newcomers = 0

    for i in range(n):
        clock += 1 + rng.expovariate(1 / MEAN_GAP_SECONDS)
        parent: int | None
        if chains and rng.random() < CHAIN_TURN:
            slot = rng.randrange(len(chains))
            chain = chains[slot]
            author, parent = chain.speaker, chain.last
            chain.last, chain.speaker, chain.other = i, chain.other, chain.speaker
            chain.turns_left -= 1
            if chain.turns_left == 0:
                chains[slot] = chains[-1]  # swap-remove keeps this O(1)
                chains.pop()
        elif not comments or rng.random() < TOP_LEVEL:
            parent = None
            if rng.random() < NEW_AUTHOR or not authors:
                newcomers += 1
                author = f"u{newcomers}"
            else:
                author = rng.choice(authors)
        else:
            if top_level and rng.random() < CREATOR_REPLY:
                author = CREATOR
                parent = top_level[-1 - min(int(rng.expovariate(0.1)), len(top_level) - 1)]
            else:
                if rng.random() < NEW_AUTHOR:
                    newcomers += 1
                    author = f"u{newcomers}"
                else:
                    author = rng.choice(authors)
                if rng.random() < POPULAR_PARENT:
                    parent = rng.choice(popularity)
                else:
                    parent = i - 1 - min(int(rng.expovariate(1 / MEAN_RECENCY)), i - 1)
            answered = authors[parent]
            if answered != author and len(chains) < MAX_OPEN_CHAINS and rng.random() < CHAIN_START:
                turns = 1 + int(rng.expovariate(1 / 3))
                chains.append(_Chain(last=i, speaker=answered, other=author, turns_left=turns))

        if parent is None:
            top_level.append(i)
        else:
            popularity.append(parent)
        popularity.append(i)
        authors.append(author)
        comments.append(
            {
                "id": f"c{i + 1}",
                "reply_to": None if parent is None else f"c{parent + 1}",
                "author": author,
                "text": _text(rng, parent, authors),
                "created_at": _iso(clock),
                "like_count": min(int(rng.paretovariate(1.2)) - 1, 100_000),
            }
        )

    return {
        "platform": "youtube",
        "external_id": f"bench-{n}-seed{seed}",
        "title": f"Synthetic benchmark thread ({n} comments)",
        "creator": CREATOR,
        "collected_at": _iso(clock + 3600),
        "tags": ["synthetic"],
        "comments": comments,
    }


def _text(rng: random.Random, parent: int | None, authors: list[str]) -> str:
    if parent is None and rng.random() < TAG_ONLY:
        return f"@{rng.choice(authors)}"  # "@-tag spam": a comment that only tags someone
    words = " ".join(rng.choices(WORDS, k=rng.randint(2, 14)))
    if parent is not None and rng.random() < 0.3:
        return f"@{authors[parent]} {words}"
    return words


def _iso(unix_seconds: float) -> str:
    return datetime.fromtimestamp(int(unix_seconds), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_thread(n: int, out: Path, seed: int = 0) -> None:
    with out.open("w", encoding="utf-8") as handle:
        json.dump(generate_thread(n, seed), handle, separators=(",", ":"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("n", type=int, help="number of comments")
    parser.add_argument("out", type=Path, help="where to write the canonical JSON")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    write_thread(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()
