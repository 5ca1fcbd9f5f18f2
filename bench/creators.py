"""Creators of a TikTok crawl through Parley, checked against an independent count (issue 15).

    python -m bench.creators [--data DIR_OR_ARCHIVE] [--database-url URL] [--keep]

Imports the crawl with `parley import … --database-url` (a temporary SQLite file unless a URL
is given), starts `parley serve` on it, reads every creator from `/v1/creators?platform=tiktok`
(the first read computes them: "cold"; the next ones come from the cache: "warm") and each
creator's detail, and checks threads, commenters, `returning_commenter_share` and
`core_commenters` against bench/creator_counts.py, which reads the raw files with `json` alone.
Prints the creators table, the top creators by community and by dialogue, the mismatches (none
expected) and the times. Default data: the 280-post subset in ../shared/data/tiktok.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from bench.creator_counts import RawCreator, count_creators, raw_files
from bench.serve import BIN, parley_environment, parley_serve
from nlp.lexicon import DEFAULT_LANGUAGES

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "tiktok"
SUBSET = SHARED / "nesc-apify-tradwife-comments" / "comments"
FULL = SHARED / "nesc-apify-full" / "comments-all.tar.zst"
PAGE = 100


def settings(database_url: str) -> dict[str, str]:
    """The service's defaults (every default language), on `database_url`."""
    return {"database_url": database_url, "text_languages": json.dumps(DEFAULT_LANGUAGES)}


def import_crawl(data: Path, database_url: str) -> float:
    """Seconds `parley import` takes to store the crawl."""
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "parley"), "import", str(data), "--database-url", database_url, "--json"],
        check=True,
        stdout=subprocess.DEVNULL,
        env=parley_environment(settings(database_url)),
    )
    return time.perf_counter() - started


def creator_pages(client: httpx.Client, platform: str) -> Iterator[dict[str, Any]]:
    """Every creator on `platform`, page by page."""
    params: dict[str, Any] = {"platform": platform, "limit": PAGE}
    while True:
        response = client.get("/v1/creators", params=params)
        response.raise_for_status()
        page = response.json()
        yield from page["items"]
        if not page.get("next_cursor"):
            return
        params["cursor"] = page["next_cursor"]


def threads_with_creator_id(client: httpx.Client, platform: str) -> Counter[str]:
    """Per creator handle, the stored threads whose creator (author id) is known."""
    found: Counter[str] = Counter()
    params: dict[str, Any] = {"platform": platform, "limit": PAGE}
    while True:
        page = client.get("/v1/threads", params=params).raise_for_status().json()
        found.update(t["creator_handle"] for t in page["items"] if t["creator"] is not None)
        if not page["next_cursor"]:
            return found
        params["cursor"] = page["next_cursor"]


def timed_listing(client: httpx.Client) -> tuple[list[dict[str, Any]], float]:
    started = time.perf_counter()
    items = list(creator_pages(client, "tiktok"))
    return items, time.perf_counter() - started


def mismatches(
    items: list[dict[str, Any]], raw: dict[str, RawCreator], with_creator: Counter[str]
) -> list[str]:
    """What Parley says that the raw count does not, creator by creator: its measures, and
    the threads whose creator is known (`with_creator`), which must be those they commented
    under."""
    problems = []
    listed = {item["handle"]: item for item in items}
    for handle in sorted(set(raw) ^ set(listed)):
        problems.append(
            f"{handle}: {'only in the raw files' if handle in raw else 'only in Parley'}"
        )
    for handle in sorted(set(raw) & set(listed)):
        item, count = listed[handle], raw[handle]
        expected = {
            "threads": count.posts,
            "comments": count.comments,
            "commenters": count.commenters,
            "core_commenters": count.core,
            "creator_comments": count.own_comments,
            "returning_commenter_share": count.returning_share,
            "threads with the creator's id": count.commented_posts,
        }
        item = item | {"threads with the creator's id": with_creator[handle]}
        for field, value in expected.items():
            if item[field] != value and not _close(item[field], value):
                problems.append(f"{handle}: {field} {item[field]} != raw {value}")
    return problems


def _close(first: object, second: object) -> bool:
    return isinstance(first, float) and isinstance(second, float) and abs(first - second) < 1e-12


def _median(item: dict[str, Any]) -> str:
    score = item["dialogue_score"]
    if score["median"] is None:
        return "—"
    interval = (
        "" if score["ci_low"] is None else f" [{score['ci_low']:.1f}, {score['ci_high']:.1f}]"
    )
    return f"{score['median']:.1f}{interval}"


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def table(items: list[dict[str, Any]]) -> str:
    head = (
        "| Creator | Threads | Comments | Commenters | Returning share | Core | Own comments "
        "| Creator reply share | Dialogue Score median [95% CI] |\n" + "|---" * 9 + "|"
    )
    rows = [
        f"| {i['handle']} | {i['threads']} | {i['comments']:,} | {i['commenters']:,} "
        f"| {_share(i['returning_commenter_share'])} | {i['core_commenters']} "
        f"| {i['creator_comments']} | {_share(i['creator_reply_share'])} | {_median(i)} |"
        for i in items
    ]
    return "\n".join([head, *rows])


def top(items: list[dict[str, Any]], key: str, count: int = 5) -> list[dict[str, Any]]:
    """The `count` creators with 3+ threads ranked highest by `key` (None last)."""
    eligible = [i for i in items if i["threads"] >= 3 and _value(i, key) is not None]
    return sorted(eligible, key=lambda i: -(_value(i, key) or 0.0))[:count]


def _value(item: dict[str, Any], key: str) -> float | None:
    value = item["dialogue_score"]["median"] if key == "dialogue" else item[key]
    return None if value is None else float(value)


def run(data: Path, database_url: str) -> None:
    raw = count_creators(raw_files(data))
    imported = import_crawl(data, database_url)
    print(f"imported {data.name} in {imported:.1f} s")
    with (
        parley_serve(settings(database_url)) as server,
        httpx.Client(base_url=server.base, timeout=600) as client,
    ):
        items, cold = timed_listing(client)
        _, warm = timed_listing(client)
        started = time.perf_counter()
        for item in items:
            client.get(f"/v1/creators/tiktok/{item['handle']}").raise_for_status()
        details = (time.perf_counter() - started) / max(len(items), 1)
        with_creator = threads_with_creator_id(client, "tiktok")
    print(f"{len(items)} creators; listing cold {cold:.2f} s, warm {warm:.3f} s")
    print(f"detail {details:.3f} s per creator")
    print(table(sorted(items, key=lambda i: -i["threads"])))
    for label, key in (("community", "returning_commenter_share"), ("dialogue", "dialogue")):
        ranked = ", ".join(f"{i['handle']} ({_value(i, key):.3f})" for i in top(items, key))
        print(f"top by {label}: {ranked}")
    problems = mismatches(items, raw, with_creator)
    print("mismatches against the raw files:", problems or "none")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SUBSET, help=f"crawl (full: {FULL})")
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args(argv)
    if args.database_url:
        run(args.data, args.database_url)
        return
    with tempfile.TemporaryDirectory() as scratch:
        run(args.data, f"sqlite:///{os.path.join(scratch, 'creators.db')}")


if __name__ == "__main__":
    main(sys.argv[1:])
