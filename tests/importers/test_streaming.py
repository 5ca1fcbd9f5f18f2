"""Large files as streams: JSON Lines and JSON array records one by one (numbers, bytes as in the
file, errors located), payloads rebuilt in the file's shape, the stream helpers, and each format's
post_key: importing post by post gives the threads of the whole file."""

from __future__ import annotations

import gzip
import io
import json
from typing import Any

import pytest
import zstandard

from importers.payload import PayloadError, ZstdFrames
from importers.registry import format_named, import_payload
from importers.streaming import (
    Counted,
    FileNames,
    Shape,
    inflating,
    peek,
    read_records,
    read_up_to,
    shape_of,
    shaped_payload,
)

NAMES = FileNames("export.jsonl", "application/x-ndjson", "upload.tar:export.jsonl")


class Trickle:
    """A stream serving at most `step` bytes a read, so records are cut anywhere."""

    def __init__(self, data: bytes, step: int) -> None:
        self.data, self.step, self.at = data, step, 0

    def read(self, size: int = -1, /) -> bytes:
        self.at += self.step
        return self.data[self.at - self.step : self.at]


def numbered(data: bytes, shape: Shape, step: int = 3) -> list[tuple[int, object, bytes]]:
    return [(r.number, r.value, r.raw) for r in read_records(Trickle(data, step), shape, 999)]


def error_of(data: bytes, shape: Shape, limit: int = 2000) -> str:
    with pytest.raises(PayloadError) as caught:
        list(read_records(Trickle(data, 4), shape, limit))
    return caught.value.detail


def test_json_lines_keep_their_line_numbers_and_bytes() -> None:
    data = b'\xef\xbb\xbf{"a": 1}\n\n  \n{"a": 2}\r\n{"b": "\xc3\xa9"}'
    assert numbered(data, Shape.LINES) == [
        (1, {"a": 1}, b'{"a": 1}'),  # the byte order mark dropped
        (4, {"a": 2}, b'{"a": 2}\r'),  # blank lines counted, not records
        (5, {"b": "é"}, b'{"b": "\xc3\xa9"}'),  # the last line needs no line break
    ]


@pytest.mark.parametrize("step", [1, 2, 7, 1 << 20])
def test_array_items_keep_their_text_however_the_stream_is_cut(step: int) -> None:
    item = b'{"id": 18446744073709551616, "n": [1, {"x": "]"}]}'  # over 64 bits, as json reads
    data = b"\xef\xbb\xbf [\n " + item + b',\n 12345 , "s,]" \n]\n'
    assert numbered(data, Shape.ARRAY, step) == [
        (1, {"id": 2**64, "n": [1, {"x": "]"}]}, item),
        (2, 12345, b"12345"),  # a number cut by the window is read whole
        (3, "s,]", b'"s,]"'),
    ]
    assert numbered(b" [ ] ", Shape.ARRAY) == []


def test_malformed_json_lines_are_refused_at_their_line_and_column() -> None:
    records = read_records(Trickle(b'{"a": 1}\n{"a": 2}\n{"a" 3}\n{"a": 4}\n', 5), Shape.LINES, 99)
    assert [next(records).number, next(records).number] == [1, 2]
    with pytest.raises(PayloadError) as caught:
        next(records)
    assert (caught.value.line, caught.value.column) == (3, 6)
    assert caught.value.detail == "invalid JSON at line 3, column 6: Expecting ':' delimiter"


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (
            b'[\n{"a": 1},\n{"a": 2}\n{"a": 3}]',
            "line 4, column 1 (item 2): Expecting ',' delimiter",
        ),
        (b'[{"a": 1}, {"a": ', "line 1, column 18 (item 2): Expecting value"),
        (b"[1, 2,]", "line 1, column 7 (item 3): Expecting value"),
        (b"[1] [2]", "line 1, column 5: Extra data"),
        (b'{"a": 1}', "line 1, column 1: Expecting '['"),
    ],
)
def test_a_malformed_array_is_refused_at_its_line_column_and_item(data: bytes, detail: str) -> None:
    assert error_of(data, Shape.ARRAY) == f"invalid JSON at {detail}"


def test_records_too_long_too_deep_or_not_utf8_are_refused() -> None:
    long = b'"' + b"x" * 100 + b'"'
    assert error_of(b'{"a": 1}\n{"a": ' + long + b"}\n", Shape.LINES, 50) == (
        "line 2 is longer than 50 bytes"
    )
    assert error_of(b'[{"a": 1},\n {"a": ' + long + b"}]", Shape.ARRAY, 50) == (
        "invalid JSON at line 2, column 2 (item 2): over 50 bytes, or malformed "
        "(Unterminated string starting at)"
    )
    deep = b"[" * 600 + b"]" * 600
    assert (
        error_of(b"{}\n" + deep, Shape.LINES) == "line 2: the JSON nests more than 512 levels deep"
    )
    assert error_of(b"[1, " + deep + b"]", Shape.ARRAY).startswith("item 2: the JSON nests more")
    assert error_of(b'{"a": "\xff"}', Shape.LINES) == "line 1 is not UTF-8 text"


@pytest.mark.parametrize(
    ("head", "shape"),
    [
        (b"\xef\xbb\xbf\n  [{", Shape.ARRAY),
        (b' {"a": 1}\n{"a": ', Shape.LINES),
        (b'{\n  "comments": [', None),  # one JSON object spread over lines: read whole only
        (b'{"a": 1} x\n', None),
        (b'{"a": "a first line longer than the head', Shape.LINES),  # told by reading it
        (b"[1, 2]\n[3]", Shape.ARRAY),  # JSON Lines of arrays: refused as an array with data after
        (b"id,text\n", None),
    ],
)
def test_the_shape_is_told_by_the_first_character(head: bytes, shape: Shape | None) -> None:
    assert shape_of(head) is shape


def test_a_payload_is_rebuilt_in_the_file_shape_and_names() -> None:
    lines = shaped_payload([b'{"a": 1}', b'{"a": 2}\r'], Shape.LINES, NAMES)
    assert (lines.data, lines.json_lines()) == (
        b'{"a": 1}\n{"a": 2}\r\n',
        [(1, {"a": 1}), (2, {"a": 2})],
    )
    assert (lines.filename, lines.media_type, lines.source) == (
        "export.jsonl",
        "application/x-ndjson",
        "upload.tar:export.jsonl",
    )
    array = shaped_payload([b'{"a": 1}', b"7"], Shape.ARRAY, NAMES)
    assert (array.data, array.json()) == (b'[{"a": 1},7]', [{"a": 1}, 7])


def zstd(data: bytes, window_log: int = 20) -> bytes:
    """As `zstd -` writes it: the window it declares is kept, no content size."""
    params = zstandard.ZstdCompressionParameters.from_level(3, window_log=window_log)
    out = io.BytesIO()
    with zstandard.ZstdCompressor(compression_params=params).stream_writer(out, closefd=False) as w:
        w.write(data)
    return out.getvalue()


def test_gzip_and_zstd_frames_are_decompressed_as_read_a_cut_frame_refused() -> None:
    data = b'{"a": 1}\n' * 1000
    frames = zstd(data[:5000], window_log=31) + zstd(data[5000:])  # 2 GiB: a local file may
    for packed, encoding in [(gzip.compress(data), ""), (frames, ""), (data, "")]:
        assert read_up_to(inflating(io.BytesIO(packed), packed[:4], encoding), 10**6) == data
    assert read_up_to(inflating(io.BytesIO(gzip.compress(data)), b"", "gzip"), 10**6) == data
    assert [ZstdFrames(io.BytesIO(frames)).read(3), ZstdFrames(io.BytesIO(b"")).read()] == [
        b'{"a',
        b"",
    ]
    with pytest.raises(zstandard.ZstdError, match="the data ends within a zstd frame"):
        read_up_to(ZstdFrames(io.BytesIO(frames[:-3])), 10**6)  # zstd's stream_reader: no error


class Broken(Exception):
    pass


def test_counted_reports_each_read_and_raises_its_failure_and_peek_keeps_the_head() -> None:
    sizes: list[int] = []
    stream = Counted(io.BytesIO(b"abcdefg"), sizes.append)
    assert [stream.read(3) for _ in range(4)] == [b"abc", b"def", b"g", b""]
    assert sizes == [3, 3, 1, 0]
    damaged = gzip.compress(b"x" * 100)[:-12] + b"\x00" * 12
    with pytest.raises(Broken):
        read_up_to(Counted(inflating(io.BytesIO(damaged), damaged[:4]), sizes.append, Broken), 999)
    head, rest = peek(Trickle(b"abcdef", 1), 4)
    assert (head, read_up_to(rest, 10)) == (b"abcd", b"abcdef")


def record(**fields: Any) -> dict[str, Any]:
    return fields


def apify(cid: str, video: int | None, reply_to: str | None = None) -> dict[str, Any]:
    url = video and f"https://www.tiktok.com/@own/video/{video}?lang=en"
    text = f"@h{reply_to} yes" if reply_to else "hi"
    return record(
        cid=cid, repliesToId=reply_to, uid=f"u{cid}", createTime=1, text=text, videoWebUrl=url
    )


def reddit(cid: str, post: str, parent: str | None = None) -> dict[str, Any]:
    parent_id = f"t1_{parent}" if parent else f"t3_{post}"
    return record(
        id=cid, parent_id=parent_id, link_id=f"t3_{post}", body="b", subreddit="s", created_utc=1
    )


def web(cid: str, video: str, reply: str = "0") -> dict[str, Any]:
    data = record(
        cid=cid, aweme_id=video, text="hi", create_time=1, reply_id=reply, user={"uid": cid}
    )
    return record(source_platform="tiktok-comments", data=data | {"reply_to_reply_id": "0"})


def four_cat(cid: str, video: str, parent: str | None = None) -> dict[str, Any]:
    flag = "yes" if parent else "no"
    comment = record(id=cid, thread_id=parent or video, author="h", body="b", post_id=video)
    return comment | record(is_comment_on_comment=flag, unix_timestamp=1)


def insta(cid: str, post: str, *replies: dict[str, Any]) -> dict[str, Any]:
    url = f"https://www.instagram.com/p/{post}/"
    comment = record(id=cid, text="hi", ownerUsername=f"h{cid}", postUrl=url, timestamp=1)
    return comment | record(replies=list(replies))


def said(uid: str, convo: str, reply_to: str | None = None) -> dict[str, Any]:
    utterance = record(id=uid, conversation_id=convo, speaker=f"s{uid}", reply_to=reply_to)
    return utterance | record(timestamp=1, text="hi")


def canonical(post: str, cid: str) -> dict[str, Any]:
    comment = record(id=cid, reply_to=None, author="x", text="hi")
    return record(platform="youtube", external_id=post, comments=[comment])


# Records naming no post: a row without its video, error rows.
NO_VIDEO, VIDEO_ERROR = (
    apify("4", None),
    record(url="tiktok.com/@o/video/200", input="i", error="x"),
)
POST_ERROR = record(url="https://www.instagram.com/p/GONE/", error="not_found")
SUBMISSION = record(id="p2", title="t", selftext="", subreddit="s")
INSTAGRAM = [insta("1", "A"), POST_ERROR, insta("2", "B", insta("3", "B")), insta("4", "A")]
# Two posts each, interleaved.
CASES: list[tuple[str, Shape, list[dict[str, Any]]]] = [
    ("canonical", Shape.ARRAY, [canonical("v1", "a"), canonical("v2", "b"), canonical("v1", "c")]),
    ("tiktok_apify", Shape.LINES, [apify("1", 100), apify("2", 200), apify("3", 100, "1")]),
    ("tiktok_apify", Shape.ARRAY, [NO_VIDEO, apify("1", 100), VIDEO_ERROR, apify("2", 200)]),
    ("pushshift", Shape.LINES, [reddit("a", "p1"), reddit("b", "p2"), reddit("c", "p1", "a")]),
    ("pushshift", Shape.LINES, [reddit("a", "p1"), SUBMISSION, reddit("b", "p2")]),
    ("tiktok_web", Shape.LINES, [web("1", "71"), web("2", "72"), web("3", "71", "1")]),
    ("tiktok_4cat", Shape.LINES, [four_cat("1", "7"), four_cat("2", "8"), four_cat("3", "7", "1")]),
    ("instagram_apify_comments", Shape.LINES, INSTAGRAM),
    ("convokit", Shape.LINES, [said("c1", "c1"), said("d1", "d1"), said("c2", "c1", "c1")]),
]


def by_post(format_name: str, records: list[Any]) -> list[list[Any]]:
    """The records grouped as read_units groups them (tests/jobs/test_reading.py): by post_key,
    those naming no post with the first post."""
    post_key = format_named(format_name).post_key
    assert post_key is not None
    groups: dict[str | None, list[Any]] = {}
    for each in records:
        groups.setdefault(post_key(each), []).append(each)
    first = next(key for key in groups if key is not None)
    groups[first] = [each for each in records if post_key(each) in (first, None)]
    return [group for key, group in groups.items() if key is not None]


@pytest.mark.parametrize(("format_name", "shape", "records"), CASES)
def test_importing_post_by_post_gives_the_threads_of_the_whole_file(
    format_name: str, shape: Shape, records: list[Any]
) -> None:
    def threads(group: list[Any]) -> list[tuple[str, list[str], dict[str, int]]]:
        data = shaped_payload([json.dumps(each).encode() for each in group], shape, NAMES).data
        imported = import_payload(FileNames("export.json", None, None).payload(data), format_name)
        return [
            (t.thread.external_id, [c.id for c in t.thread.comments], t.report.skipped)
            for t in imported
        ]

    groups = by_post(format_name, records)
    assert len(groups) == 2
    assert sorted(t for group in groups for t in threads(group)) == sorted(threads(records))
