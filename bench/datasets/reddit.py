"""The Reddit datasets: a PRAW crawl, Pushshift months, a ConvoKit corpus and FanChuan subsets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from bench.datasets import Dataset, Upload
from importers.payload import decompress

CASSETTE = "cassette_TestCommentForest.test_replace__all_large.json"
REDDIT_API_HOST = "https://oauth.reddit.com/"
FANCHUAN_SPLITS = ("train", "val", "test")


def praw_crawl(folder: Path) -> Iterator[Upload]:
    """The API answers PRAW recorded (the listing, then morechildren and continue-thread calls),
    joined into one JSON array as the reddit_api format allows; the OAuth token call is left out."""
    cassette = json.loads((folder / CASSETTE).read_text(encoding="utf-8"))
    bodies = [
        json.loads(interaction["response"]["body"]["string"])
        for interaction in cassette["interactions"]
        if interaction["request"]["uri"].startswith(REDDIT_API_HOST)
    ]
    yield Upload(CASSETTE, json.dumps(bodies).encode(), filename="n49rw.json")


def pushshift_months(folder: Path) -> Iterator[Upload]:
    """Both monthly dumps as one upload (`zstd -dc RC_*.zst`), as a user would send them: a post
    discussed across the month boundary is one thread, not two uploads replacing each other."""
    months = sorted(folder.glob("RC_*.zst"))
    joined = b"".join(decompress(path.read_bytes()).rstrip(b"\n") + b"\n" for path in months)
    yield Upload("+".join(path.name for path in months), joined, filename="RC_joined.ndjson")


def convokit_utterances(folder: Path) -> Iterator[Upload]:
    path = folder / "utterances.jsonl"
    yield Upload(path.name, path.read_bytes(), filename=path.name)


def fanchuan_subsets(folder: Path) -> Iterator[Upload]:
    """Each subset is one post's comments split three ways: joined again under one header."""
    for subset in ("Reddit-Trump", "Tiktok-Trump"):
        paths = [folder / f"{subset}__comments_{split}.csv" for split in FANCHUAN_SPLITS]
        texts = [path.read_text(encoding="utf-8-sig") for path in paths]
        header, _, first_rows = texts[0].partition("\n")
        bodies = [first_rows] + [text.partition("\n")[2] for text in texts[1:]]
        joined = (
            header + "\n" + "".join(body if body.endswith("\n") else body + "\n" for body in bodies)
        )
        yield Upload(f"{subset}__comments_{{train,val,test}}.csv", joined.encode(), f"{subset}.csv")


DATASETS = [
    Dataset("reddit/praw-cassette-thread-n49rw", "reddit_api", praw_crawl),
    Dataset("reddit/pushshift-2005-2006", "pushshift", pushshift_months),
    Dataset("reddit/convokit-subreddit-cornell-sample", "convokit", convokit_utterances),
    Dataset("reddit/fanchuan-parody-reddit-trump", "fanchuan", fanchuan_subsets),
]
