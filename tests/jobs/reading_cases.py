"""What the reading tests share: Apify TikTok rows, their shapes and archives, and `read`, which
runs read_units on them and checks the spool directory is left empty."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from app.jobs.reading import ReadProgress, RefusedFile, SkippedFile, Unit, read_units
from importers.base import ImportedThread

Item = Unit | SkippedFile | RefusedFile
Kind = TypeVar("Kind", Unit, RefusedFile)
STREAMING = "canonical, convokit, instagram_apify_comments, pushshift, tiktok_4cat, tiktok_apify"


def row(cid: str, video: int | None, reply_to: str | None = None) -> dict[str, Any]:
    """An Apify TikTok comment row (a comment of `video`; None: a row naming no video)."""
    url = None if video is None else f"https://www.tiktok.com/@own/video/{video}"
    text = f"@h{reply_to} yes" if reply_to else "hi"
    return {"cid": cid, "repliesToId": reply_to, "uid": f"u{cid}", "uniqueId": f"h{cid}"} | {
        "createTime": 1_700_000_000 + int(cid[1:]),
        "text": text,
        "videoWebUrl": url,
    }


def as_shape(records: list[dict[str, Any]], shape: str) -> bytes:
    texts = [json.dumps(record) for record in records]
    return ("\n".join([*texts, ""]) if shape == "lines" else f"[{','.join(texts)}]").encode()


ROWS = [row("c1", 100), row("c2", 200), row("c3", 100, reply_to="c1")]
ROWS += [row("c4", None), row("c5", 300), row("c6", 200)]
GROUPS = [(1, 3, 4), (2, 6), (5,)]  # by video in order of first row; c4 goes with the first
DATA = as_shape(ROWS, "lines")


def read(
    tmp_path: Path, data: bytes, name: str | None = "export.jsonl", **settings: Any
) -> tuple[list[Item], ReadProgress]:
    """Every item read_units gives for `data`, checking the spool directory is left empty."""
    path, spool = tmp_path / "upload", tmp_path / "spool"
    path.write_bytes(data)
    spool.mkdir(exist_ok=True)
    progress = ReadProgress()
    options: dict[str, Any] = {"media_type": None, "content_encoding": None, "format_name": None}
    options |= {"whole_file_limit": 10**6, "inflated_limit": 10**8} | settings
    items = list(read_units(path, name=name, spool_dir=spool, progress=progress, **options))
    assert list(spool.iterdir()) == []
    return items, progress


def only(kind: type[Kind], items: list[Item]) -> list[Kind]:
    assert all(isinstance(item, kind) for item in items)
    return [item for item in items if isinstance(item, kind)]


def summary(items: list[Item]) -> list[tuple[object, ...]]:
    """(index, source, lines) of a unit, (index, source, detail) of a refusal, ("skipped", …)."""
    return [
        (item.index, item.payload.source, item.lines)
        if isinstance(item, Unit)
        else (item.index, item.source, item.error.detail)
        if isinstance(item, RefusedFile)
        else ("skipped", item.source, item.reason)
        for item in items
    ]


def threads(imported: list[ImportedThread]) -> list[tuple[str, list[str], dict[str, int]]]:
    return sorted(
        (t.thread.external_id, [c.id for c in t.thread.comments], t.report.skipped)
        for t in imported
    )


def tar_of(members: Sequence[tuple[str, bytes | None]]) -> bytes:
    """A tar of files (None: a symbolic link)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            if data is None:
                info.type, info.linkname = tarfile.SYMTYPE, "elsewhere"
            info.size = len(data or b"")
            archive.addfile(info, io.BytesIO(data or b""))
    return out.getvalue()
