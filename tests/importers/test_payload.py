"""Reading the raw upload: decompression, JSON errors with positions, and timestamps."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest
import zstandard

from importers.payload import Payload, PayloadError, decompress
from importers.timeparse import TimestampError, parse_timestamp

TEXT = b'{"id": "1"}\n{"id": "2"}\n'


def test_gzip_is_recognised_by_its_magic_bytes() -> None:
    assert decompress(gzip.compress(TEXT)) == TEXT


def test_zstd_is_recognised_by_its_magic_bytes() -> None:
    assert decompress(zstandard.ZstdCompressor().compress(TEXT)) == TEXT


def test_zstd_streams_without_a_content_size_are_read() -> None:
    # Streaming writers (Pushshift dumps, `zstd -`) omit the frame's content size.
    frame = zstandard.ZstdCompressor(write_content_size=False).compress(TEXT)
    assert decompress(frame) == TEXT


def test_plain_bytes_pass_through() -> None:
    assert decompress(TEXT) == TEXT
    assert decompress(TEXT, "identity") == TEXT


def test_a_content_encoding_that_lies_is_an_error() -> None:
    with pytest.raises(PayloadError, match="cannot decompress"):
        decompress(TEXT, "gzip")


def test_a_truncated_archive_is_an_error() -> None:
    with pytest.raises(PayloadError, match="cannot decompress"):
        decompress(gzip.compress(TEXT)[:12])


def test_an_unsupported_content_encoding_is_named() -> None:
    with pytest.raises(PayloadError, match="'br'"):
        decompress(TEXT, "br")


def test_malformed_json_reports_line_and_column() -> None:
    with pytest.raises(PayloadError) as caught:
        Payload(b'{\n  "a": 1,\n  "b": ,\n}').json()
    assert (caught.value.line, caught.value.column) == (3, 8)
    assert "line 3, column 8" in caught.value.detail


def test_json_lines_name_the_bad_line_counting_blank_lines() -> None:
    payload = Payload(b'{"a": 1}\n\n{"a": 2}\n{"a": \n')
    with pytest.raises(PayloadError) as caught:
        payload.json_lines()
    assert caught.value.line == 4


def test_json_lines_skip_blank_lines_but_keep_numbers() -> None:
    assert Payload(b'{"a": 1}\n\n  \n{"a": 2}\n').json_lines() == [(1, {"a": 1}), (4, {"a": 2})]


def test_first_json_line_sniffs_cheaply() -> None:
    assert Payload(b'\n{"a": 1}\nnot json').first_json_line() == {"a": 1}
    assert Payload(b"not json\n").first_json_line() is None


def test_the_first_line_ends_at_a_newline_only_and_may_be_the_last() -> None:
    # "\r" ends no line here: the first line holds two values, so it is not JSON.
    assert Payload(b'{"a": 1}\r{"b": 2}\n{"c": 3}').first_json_line() is None
    assert Payload(b' \r\n\t\n{"a": [1]}').first_json_line() == {"a": [1]}
    too_deep = Payload(b"\n" + b"[" * 600 + b"]" * 600)
    for _ in range(2):  # read once, refused every time it is asked
        with pytest.raises(PayloadError, match="levels deep"):
            too_deep.first_json_line()


def test_a_byte_order_mark_is_dropped() -> None:
    assert Payload(b'\xef\xbb\xbf{"a": 1}').json() == {"a": 1}


def test_non_utf8_text_is_an_error() -> None:
    with pytest.raises(PayloadError, match="not UTF-8"):
        _ = Payload(b"caf\xe9").text


def test_looks_like_json_document() -> None:
    assert Payload(b'  [{"a": 1}]').looks_like_json_document()
    assert not Payload(b'{"a": 1}\n{"a": 2}\n').looks_like_json_document()
    assert not Payload(b"a,b\n1,2\n").looks_like_json_document()


MAY_1 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-01T10:00:00Z", MAY_1),
        ("2024-05-01T10:00:00", MAY_1),  # no zone means UTC
        ("2024-05-01T12:00:00+02:00", MAY_1),
        ("2024-05-01T10:00:00+0000", MAY_1),  # Graph API style
        ("Wed May 01 10:00:00 +0000 2024", MAY_1),  # Twitter v1.1 style
        (1714557600, MAY_1),
        (1714557600.0, MAY_1),
        ("1714557600", MAY_1),
        (1714557600000, MAY_1),  # milliseconds
        (None, None),
        ("", None),
    ],
)
def test_timestamps(value: object, expected: datetime | None) -> None:
    parsed = parse_timestamp(value)
    assert parsed == expected
    if parsed is not None:
        assert parsed.tzinfo is UTC


@pytest.mark.parametrize("value", ["yesterday", True, [1], 1e300, "2024-13-45"])
def test_unreadable_timestamps_raise(value: object) -> None:
    with pytest.raises(TimestampError):
        parse_timestamp(value)


def test_zstd_cut_short_is_refused_not_read_as_if_whole() -> None:
    """A zstd stream missing its end: the library's stream reader would return what it got."""
    import zstandard

    whole = zstandard.ZstdCompressor(level=3).compress(b'{"n": 1}\n' * 100_000)
    assert decompress(whole) == b'{"n": 1}\n' * 100_000
    with pytest.raises(PayloadError, match="cannot decompress"):
        decompress(whole[: len(whole) // 2])
