"""Archives read as units member by member: tar (plain, gzip, zstd) and zip, what is skipped or
refused in them, uploads that cannot be read, and the limits on inflated bytes and entries."""

from __future__ import annotations

import gzip
import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
import zstandard

from app.jobs import reading
from app.jobs.reading import ReadProgress, Unit
from importers.payload import PayloadError, SizeLimitExceeded
from tests.jobs.reading_cases import (
    DATA,
    GROUPS,
    ROWS,
    as_shape,
    only,
    read,
    summary,
    tar_of,
)

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
