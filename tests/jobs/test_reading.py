"""An uploaded file read as units: small files whole, large JSON Lines / arrays post by post,
archives member by member, what is skipped or refused, the limits, progress, and temporary
files removed however reading ends. (Each format's post_key: tests/importers/test_streaming.py.)
"""

from __future__ import annotations

import gzip
import io
import json
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Generator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
import zstandard

from app.jobs import reading
from app.jobs.reading import ReadProgress, RefusedFile, SkippedFile, Unit, read_units
from importers.base import ImportedThread
from importers.payload import Payload, PayloadError, SizeLimitExceeded
from importers.registry import import_payload

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


@pytest.mark.parametrize("shape", ["lines", "array"])
def test_a_large_file_comes_post_by_post_in_its_shape(tmp_path: Path, shape: str) -> None:
    data = as_shape(ROWS, shape)
    units, progress = read(tmp_path, data, whole_file_limit=10)
    assert summary(units) == [(i, "export.jsonl", lines) for i, lines in enumerate(GROUPS)]
    for unit, lines in zip(only(Unit, units), GROUPS, strict=True):
        assert unit.format_name == "tiktok_apify"  # detected on the sample
        assert unit.payload.data == as_shape([ROWS[line - 1] for line in lines], shape)
    assert progress == ReadProgress(bytes_read=len(data), bytes_total=len(data), rows_read=6)
    grouped = [t for u in only(Unit, units) for t in import_payload(u.payload, u.format_name)]
    assert threads(grouped) == threads(import_payload(Payload(data, filename="export.jsonl")))
    assert [t[0] for t in threads(grouped)] == ["100", "200", "300", "export"]  # c4: file name


def test_a_small_file_is_one_unit_as_it_is_and_a_named_format_is_kept(tmp_path: Path) -> None:
    items, progress = read(tmp_path, DATA, media_type="application/x-ndjson")
    (unit,) = only(Unit, items)
    assert (unit.index, unit.lines, unit.format_name, unit.payload.data) == (0, None, None, DATA)
    assert (unit.payload.media_type, unit.payload.source) == (
        "application/x-ndjson",
        "export.jsonl",
    )
    assert progress.rows_read == 6
    named, _ = read(tmp_path, DATA, whole_file_limit=10, format_name="tiktok_apify")
    assert [u.format_name for u in named if isinstance(u, Unit)] == ["tiktok_apify"] * 3


@pytest.mark.parametrize("compress", [gzip.compress, zstandard.ZstdCompressor().compress])
def test_a_compressed_file_is_read_as_it_is_decompressed(tmp_path: Path, compress: Any) -> None:
    packed = compress(DATA)
    assert [u.payload.data for u in only(Unit, read(tmp_path, packed)[0])] == [DATA]
    units, progress = read(tmp_path, packed, whole_file_limit=10)
    assert [u.lines for u in units if isinstance(u, Unit)] == GROUPS
    assert (progress.bytes_read, progress.bytes_total) == (len(packed), len(packed))


def test_a_large_file_in_a_format_read_whole_is_refused_saying_why(tmp_path: Path) -> None:
    record = {"cid": "a", "text": "hi", "time": "now", "author": "x", "channel": "c", "votes": "1"}
    data = as_shape([record, record], "lines")  # youtube_comment_downloader: one video a file
    (refused,) = only(RefusedFile, read(tmp_path, data, "v.jsonl", whole_file_limit=10)[0])
    assert (refused.index, refused.source) == (0, "v.jsonl")
    assert refused.error.detail == (
        f"v.jsonl: it holds {len(data)} bytes: too many to read whole (at most 10 bytes can be). "
        "It is JSON Lines in youtube_comment_downloader, which is read whole; a larger file is "
        "read post by post only as JSON Lines or a JSON array in a format whose records name "
        f"their post: {STREAMING}, tiktok_web"
    )
    csv = gzip.compress(b"id,text\n1,hi\n")
    (refused,) = only(RefusedFile, read(tmp_path, csv, "c.csv.gz", whole_file_limit=10)[0])
    assert refused.error.detail.startswith(
        "c.csv.gz: it holds over 10 bytes decompressed: too many to read whole (at most 10 bytes "
        "can be). It is neither JSON Lines nor a JSON array, which is read whole; "
    )


def test_malformed_json_in_a_large_file_refuses_it_naming_the_line(tmp_path: Path) -> None:
    data = as_shape(ROWS[:3], "lines") + b'{"cid" "c9"}\n' + as_shape(ROWS[3:], "lines")
    (refused,) = only(RefusedFile, read(tmp_path, data, whole_file_limit=10)[0])  # no post first
    detail = "export.jsonl: invalid JSON at line 4, column 8: Expecting ':' delimiter"
    assert refused.error.detail == detail
    assert [(p.loc, p.msg) for p in refused.error.problems] == [(("body", "line", 4), detail)]


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


BAD_GZIP = gzip.compress(DATA, mtime=0)[:-8] + struct.pack("<II", 0, len(DATA))  # wrong CRC
MEMBERS = [
    ("comments/1.json", as_shape(ROWS[:2], "array")),
    ("__MACOSX/comments/._1.json", b"x"),
    ("comments/2.json.gz", gzip.compress(DATA)),
    ("comments/bad.json.gz", BAD_GZIP),
    ("comments/inner.tar", tar_of([("a.json", b"[]")])),
    ("comments/link.json", None),
    ("comments/3.json", DATA),
]


@pytest.mark.parametrize(
    ("compress", "name"),
    [(zstandard.ZstdCompressor().compress, "up.tar.zst"), (gzip.compress, "up.tar.gz")],
)
def test_a_tar_is_read_member_by_member_the_same_each_time(
    tmp_path: Path, compress: Any, name: str
) -> None:
    packed = compress(tar_of(MEMBERS))
    items, progress = read(tmp_path, packed, name, whole_file_limit=400)
    bad = f"{name}:comments/bad.json.gz"
    assert summary(items) == [
        (0, f"{name}:comments/1.json", None),
        ("skipped", f"{name}:__MACOSX/comments/._1.json", "macOS metadata (__MACOSX)"),
        (1, f"{name}:comments/2.json.gz", GROUPS[0]),  # decompressed, then grouped by post
        (2, f"{name}:comments/2.json.gz", GROUPS[1]),
        (3, f"{name}:comments/2.json.gz", GROUPS[2]),
        (4, bad, f"{bad}: cannot read it: CRC check failed 0x0 != {hex(zlib.crc32(DATA))}"),
        ("skipped", f"{name}:comments/inner.tar", "an archive inside the archive is not opened"),
        ("skipped", f"{name}:comments/link.json", "not a regular file (a link or a device)"),
        (5, f"{name}:comments/3.json", GROUPS[0]),
        (6, f"{name}:comments/3.json", GROUPS[1]),
        (7, f"{name}:comments/3.json", GROUPS[2]),
    ]
    first = only(Unit, items[:1])[0]
    assert (first.payload.filename, first.payload.data) == ("1.json", MEMBERS[0][1])
    assert progress == ReadProgress(len(packed), len(packed), 1 + 6 + 6)  # a line, two files
    assert summary(read(tmp_path, packed, name, whole_file_limit=400)[0]) == summary(items)


BAD_CRC = "Bad CRC-32 for file 'data/bad.json'"


def test_a_zip_is_opened_from_disk_member_by_member(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/", b"")
        archive.writestr("data/1.json", as_shape(ROWS[:2], "array"))
        archive.writestr("data/.hidden.json", b"{}")
        archive.writestr("data/2.json.zst", zstandard.ZstdCompressor().compress(DATA))
        archive.writestr(zipfile.ZipInfo("data/bad.json"), b'[{"cid": "xyz"}]')  # stored
    packed = out.getvalue().replace(b'"xyz"', b'"xyZ"')  # no longer matches its CRC-32
    items, progress = read(tmp_path, packed, "up.zip")
    assert summary(items) == [
        (0, "up.zip:data/1.json", None),
        ("skipped", "up.zip:data/.hidden.json", "hidden file"),
        (1, "up.zip:data/2.json.zst", None),
        (2, "up.zip:data/bad.json", f"up.zip:data/bad.json: cannot read it: {BAD_CRC}"),
    ]
    assert only(Unit, items[2:3])[0].payload.data == DATA
    assert (progress.bytes_read, progress.bytes_total) == (len(packed), len(packed))


def test_an_upload_that_cannot_be_read_at_all_raises(tmp_path: Path) -> None:
    tar = tar_of(MEMBERS)
    packed = zstandard.ZstdCompressor().compress(tar)
    with pytest.raises(PayloadError, match=r"^cannot decompress up.tar.zst: the data ends within"):
        read(tmp_path, packed[:-4], "up.tar.zst")  # zstd's own reader would end quietly
    with pytest.raises(PayloadError, match=r"^cannot read the archive up.tar: unexpected end of"):
        read(tmp_path, tar[:2000], "up.tar")
    with pytest.raises(PayloadError, match=r"^cannot decompress up.json.gz: "):
        read(tmp_path, b"\x1f\x8b\x08\x00garbage", "up.json.gz")
    with pytest.raises(PayloadError, match=r"^cannot read the archive up.zip: File is not a zip"):
        read(tmp_path, b"PK\x03\x04" + bytes(100), "up.zip")
    with pytest.raises(PayloadError, match="unsupported Content-Encoding 'br'"):
        read(tmp_path, DATA, content_encoding="br")


def test_inflating_past_the_limit_stops_the_whole_upload(tmp_path: Path) -> None:
    with pytest.raises(SizeLimitExceeded):
        read(tmp_path, gzip.compress(DATA), inflated_limit=len(DATA) - 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.json", DATA)
        archive.writestr("b.json", DATA)
    with pytest.raises(SizeLimitExceeded):  # the members' inflated bytes add up
        read(tmp_path, out.getvalue(), "up.zip", inflated_limit=2 * len(DATA) - 1)
    assert len(read(tmp_path, out.getvalue(), "up.zip", inflated_limit=2 * len(DATA))[0]) == 2


def test_archives_with_too_many_entries_are_refused_a_zip_before_it_is_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "MAX_ENTRIES", 2)
    members = [(f"{n}.json", DATA) for n in range(3)]
    with pytest.raises(PayloadError, match=r"^the tar archive lists more than 2 entries$"):
        read(tmp_path, tar_of(members), "up.tar")
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 2)  # ZIP64 records for 3 entries
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member, data in members:
            archive.writestr(member, data)
    packed = bytearray(out.getvalue())
    end = packed.rfind(b"PK\x05\x06")
    packed[end + 8 : end + 12] = b"\xff" * 4  # as a writer of 65,535 entries or more leaves it
    monkeypatch.setattr(zipfile.ZipFile, "__init__", None)  # never listed
    with pytest.raises(PayloadError, match=r"^the zip archive lists 3 entries; at most 2$"):
        read(tmp_path, bytes(packed), "up.zip")


def test_stopping_early_removes_the_temporary_files(tmp_path: Path) -> None:
    path, spool = tmp_path / "upload", tmp_path / "spool"
    path.write_bytes(DATA)
    spool.mkdir()
    settings: dict[str, Any] = {"media_type": None, "content_encoding": None, "format_name": None}
    settings |= {"whole_file_limit": 10, "inflated_limit": 10**6, "progress": ReadProgress()}
    units = read_units(path, name="e.jsonl", spool_dir=spool, **settings)
    assert isinstance(units, Generator)
    assert only(Unit, [next(units)])
    assert [file.suffix for file in spool.iterdir()] == [".sqlite"]
    units.close()
    assert list(spool.iterdir()) == []


def test_a_file_over_the_split_size_comes_post_by_post_when_its_format_allows(
    tmp_path: Path,
) -> None:
    """Within the whole-file limit but over `split_above`: by post as a large file would be;
    a file whose format has no post key (CSV here), or is not recognised, stays one unit."""
    units, _ = read(tmp_path, DATA, split_above=10)
    assert summary(units) == [(i, "export.jsonl", lines) for i, lines in enumerate(GROUPS)]
    table = b"id,parent,author,text,time\n" + b"a,,ann,hi,2024-05-01T10:00:00Z\n" * 20
    (whole,) = only(Unit, read(tmp_path, table, name="t.csv", split_above=10)[0])
    assert (whole.lines, whole.payload.data) == (None, table)
    unknown = as_shape([{"what": i} for i in range(20)], "lines")
    (kept,) = only(Unit, read(tmp_path, unknown, split_above=10)[0])
    assert (kept.lines, kept.payload.data) == (None, unknown)


@pytest.mark.parametrize("empty", [b"[]", b"  [ \n ]\n", b"\xef\xbb\xbf[]", b"\n\n"])
def test_a_file_holding_no_records_is_skipped_saying_so(tmp_path: Path, empty: bytes) -> None:
    # A scraper writes `[]` for a post without comments: nothing to import, nothing wrong.
    packed = tar_of([("c/1.json", as_shape(ROWS[:2], "array")), ("c/2.json", empty)])
    items, _ = read(tmp_path, packed, "up.tar")
    assert summary(items) == [
        (0, "up.tar:c/1.json", None),
        ("skipped", "up.tar:c/2.json", "holds no records: blank or an empty JSON array"),
    ]
    assert summary(read(tmp_path, empty, "2.json")[0]) == [
        ("skipped", "2.json", "holds no records: blank or an empty JSON array")
    ]


def test_an_empty_array_inside_other_data_is_read(tmp_path: Path) -> None:
    items, _ = read(tmp_path, b'[] {"not": "empty"}', "odd.json")
    assert [type(item) for item in items] == [Unit]
