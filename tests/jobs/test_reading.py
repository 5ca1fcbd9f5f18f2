"""An uploaded file read as units: small files whole, large JSON Lines / arrays post by post,
what is skipped or refused, progress, and temporary files removed however reading ends.
(Archives: test_reading_archives.py; each format's post_key: tests/importers/test_streaming.py.)
"""

from __future__ import annotations

import gzip
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
import zstandard

from app.jobs.reading import ReadProgress, RefusedFile, Unit, read_units
from tests.jobs.reading_cases import (
    DATA,
    GROUPS,
    ROWS,
    STREAMING,
    as_shape,
    only,
    read,
    summary,
    tar_of,
)


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
