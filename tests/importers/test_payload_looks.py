"""The looks detection takes at an upload, answered alike whether msgspec read the bytes as one
JSON document (then the text is never decoded) or the text is read the slow way."""

from __future__ import annotations

import json

import pytest

from importers.json_values import NotRead, read_valid
from importers.payload import Payload, PayloadError
from importers.registry import import_payload

BOM = b"\xef\xbb\xbf"
ROW = {
    "cid": "1",
    "repliesToId": None,
    "uid": "u1",
    "uniqueId": "ann",
    "createTime": 1714557600,
    "text": 'hi [there] {you} \\ "quoted"',
    "videoWebUrl": "https://www.tiktok.com/@owner/video/7",
}


def test_read_valid_reads_what_msgspec_reads_and_says_not_read_otherwise() -> None:
    assert read_valid(b' [1, {"a": "\xc3\xa9"}] ') == [1, {"a": "é"}]
    for data in (
        b'["\xff"]',  # not UTF-8 within a string
        b'["\xed\xa0\x80"]',  # an encoded surrogate is no UTF-8 either
        b"[1] x",
        b"[NaN]",  # json.loads reads it; msgspec leaves it to json.loads
        b"[" * 100_000 + b"]" * 100_000,  # past the recursion limit, refused without recursing
        BOM + b"[1]",
    ):
        with pytest.raises(NotRead):
            read_valid(data)


def test_a_json_document_is_imported_without_decoding_its_text() -> None:
    payload = Payload(json.dumps([ROW], indent=2).encode(), filename="7.json")
    [imported] = import_payload(payload)
    assert imported.thread.comments[0].text == ROW["text"]
    assert payload._text is None  # the bytes alone answered every look


@pytest.mark.parametrize(
    ("data", "opening"),
    [
        (b'  [{"a": 1}]', "["),
        (BOM + b'\n {"a": 1}', "{"),
        (b'"text"', '"'),
        (b"12", "1"),
        (b" \n\t", ""),
        (b"", ""),
        (b'{"a": 1}\n{"a": 2}', "{"),  # JSON Lines, read as text
        (b"\x1c[1]", "["),  # a separator str.strip takes for a blank; JSON does not
        ("\u00a0[1]".encode(), "["),
        (b"id,text\n1,a", "i"),
    ],
)
def test_opening_is_the_first_character_after_blanks(data: bytes, opening: str) -> None:
    assert Payload(data).opening() == opening == data.decode("utf-8-sig").lstrip()[:1]
    assert Payload(data).opens_like_json() is (opening in ("{", "["))


def test_opening_refuses_bytes_that_are_not_text() -> None:
    with pytest.raises(PayloadError, match="not UTF-8"):
        Payload(b"[\xff]").opening()
    assert not Payload(b"[\xff]").opens_like_json()


@pytest.mark.parametrize(
    ("data", "one_line"),
    [
        (b'[{"a": 1}]', True),
        (b'\n\n  [{"a": 1}] \r\n\n', True),
        (BOM + b'\n{"a": "x"}\n', True),
        (b'[{"a": 1},\n {"a": 2}]', False),
        (b'{"a":\n1}\n', False),
        (b"a\nb", False),  # text, not JSON
        (b" a b \n", True),
        (b'{"a": 1}\n{"a": 2}\n', False),
    ],
)
def test_on_one_line_looks_between_the_first_and_last_non_blank(
    data: bytes, one_line: bool
) -> None:
    assert Payload(data).on_one_line() is one_line
    assert ("\n" not in data.decode("utf-8-sig").strip()) is one_line


@pytest.mark.parametrize(
    ("data", "first"),
    [
        (b'{"a": [1]}', {"a": [1]}),
        (b'\n \n{"a": [1]}\n\n', {"a": [1]}),
        (BOM + b"[1, 2]", [1, 2]),
        (b'[\n{"a": 1}\n]', None),  # the first line of a document over several lines is no JSON
        (b'"one string"', "one string"),
    ],
)
def test_the_first_line_of_a_document_is_the_document_or_nothing(
    data: bytes, first: object
) -> None:
    assert Payload(data).first_json_line() == first


def test_a_document_msgspec_reads_is_still_refused_past_the_depth_bound() -> None:
    message = "more than 512 levels deep"
    for depth in (513, 600, 5_000):  # msgspec reads the first two, not the last
        payload = Payload(b"[" * depth + b"]" * depth)
        refusal = payload.depth_error()
        assert refusal is not None
        assert message in refusal.detail
        with pytest.raises(PayloadError, match=message):
            payload.json()
        with pytest.raises(PayloadError, match=message):
            payload.first_json_line()
    assert Payload(b"[" * 512 + b"]" * 512).depth_error() is None
