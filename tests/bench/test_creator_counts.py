"""The independent creator count of bench/creator_counts.py, and the bench's comparison with it."""

from __future__ import annotations

import io
import json
import tarfile
from collections import Counter
from pathlib import Path
from typing import Any

import zstandard

from bench.creator_counts import RawCreator, count_creators, raw_files
from bench.creators import mismatches, top


def row(handle: str, video: str, cid: str, uid: str, name: str) -> dict[str, Any]:
    url = f"https://www.tiktok.com/@{handle}/video/{video}"
    return {"videoWebUrl": url, "cid": cid, "uid": uid, "uniqueId": name, "text": "hi"}


# @Anna's videos 1, 2, 3 and @bo's video 9; "U<n>" are uids, the uniqueId in brackets:
#   video 1: u1, u2, u3, anna (U9, her own handle), u1 again, cid c1 sent twice
#   video 2: u1, u2, U9 (anna again)
#   video 3: u1, a row without uid
#   video 9 (@bo): u1, bo never comments; video 8 (@bo): only an error row (not scraped)
# Anna's commenters: u1 (3 videos: core), u2 (2: returning), u3 (1) -> 3 commenters,
# returning 2, core 1, her own comments 2 under 2 videos; 10 comments (c1's copy dropped).
FILES = {
    "1.json": [
        row("Anna", "1", "c1", "u1", "one"),
        row("Anna", "1", "c1", "u1", "one"),
        row("Anna", "1", "c2", "u2", "two"),
        row("Anna", "1", "c3", "u3", "three"),
        row("Anna", "1", "c4", "U9", "anna"),
        row("Anna", "1", "c5", "u1", "one"),
    ],
    "2.json": [
        row("anna", "2", "c1", "u1", "one"),
        row("anna", "2", "c2", "u2", "two"),
        row("anna", "2", "c3", "U9", "Anna"),
    ],
    "3.json": [row("anna", "3", "c1", "u1", "one"), row("anna", "3", "c2", "", "")],
    "9.json": [row("bo", "9", "c1", "u1", "one"), {"url": "x", "error": "not found"}],
    "8.json": [
        {"url": "https://www.tiktok.com/@bo/video/8", "error": "Post is sensitive content."}
    ],
    "empty.json": [],
}


def write(directory: Path) -> None:
    for name, rows in FILES.items():
        (directory / name).write_text(json.dumps(rows))


def test_counts_by_hand(tmp_path: Path) -> None:
    write(tmp_path)
    creators = count_creators(raw_files(tmp_path))
    assert creators["anna"] == RawCreator("anna", 3, 10, 3, 2, 1, 2, 2)
    assert creators["anna"].returning_share == 2 / 3
    assert creators["bo"] == RawCreator("bo", 2, 1, 1, 0, 0, 0, 0)
    assert creators["bo"].returning_share == 0


def test_archive_reads_like_the_directory(tmp_path: Path) -> None:
    write(tmp_path)
    packed = io.BytesIO()
    with tarfile.open(fileobj=packed, mode="w") as archive:
        for path in sorted(tmp_path.glob("*.json")):
            archive.add(path, arcname=f"comments/{path.name}")
    archive_path = tmp_path / "crawl.tar.zst"
    archive_path.write_bytes(zstandard.ZstdCompressor().compress(packed.getvalue()))
    assert count_creators(raw_files(archive_path)) == count_creators(raw_files(tmp_path))


def listed(handle: str, **values: Any) -> dict[str, Any]:
    item = {
        "handle": handle,
        "threads": 3,
        "comments": 10,
        "commenters": 3,
        "core_commenters": 1,
        "creator_comments": 2,
        "returning_commenter_share": 2 / 3,
        "dialogue_score": {"median": 10.0},
    }
    return item | values


def test_mismatches_name_each_difference() -> None:
    raw = {
        "anna": RawCreator("anna", 3, 10, 3, 2, 1, 2, 2),
        "cy": RawCreator("cy", 1, 1, 1, 0, 0, 0, 0),
    }
    with_creator = Counter({"anna": 2})
    assert mismatches([listed("anna")], raw, with_creator) == ["cy: only in the raw files"]
    found = mismatches([listed("anna", core_commenters=2), listed("dee")], raw, Counter())
    assert found == [
        "cy: only in the raw files",
        "dee: only in Parley",
        "anna: core_commenters 2 != raw 1",
        "anna: threads with the creator's id 0 != raw 2",
    ]


def test_top_ranks_creators_with_three_threads() -> None:
    items = [
        listed("a", returning_commenter_share=0.1),
        listed("b", returning_commenter_share=0.3),
        listed("c", returning_commenter_share=0.9, threads=2),
        listed("d", returning_commenter_share=None),
    ]
    assert [i["handle"] for i in top(items, "returning_commenter_share")] == ["b", "a"]
    assert [i["handle"] for i in top(items, "dialogue", count=1)] == ["a"]
