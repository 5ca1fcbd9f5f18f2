"""importers.toolkit.csv_rows: one reader and header sniffer for delimited text."""

from __future__ import annotations

import pytest

from importers.base import InvalidInput
from importers.payload import Payload, PayloadError
from importers.toolkit.csv_rows import cell, comment_rows, csv_header, read_csv, read_rows
from importers.toolkit.drafts import ThreadDraft
from importers.toolkit.problems import Problems


@pytest.mark.parametrize(
    "text",
    ["id,text\n1,hi\n", "id;text\n1;hi\n", "id\ttext\n1\thi\n", '"id","text"\r\n1,hi\r\n'],
)
def test_detection_and_reading_split_the_header_alike(text: str) -> None:
    payload = Payload(text.encode())
    header, rows = read_csv(payload)
    assert csv_header(payload) == header == ["id", "text"]
    assert [(cell(row, "id"), cell(row, "text"), cell(row, "absent")) for row in rows] == [
        ("1", "hi", "")
    ]


def test_column_names_are_stripped_for_detection_and_reading_alike() -> None:
    payload = Payload(b"id, text \n1,hi\n")
    assert csv_header(payload) == read_csv(payload)[0] == ["id", "text"]
    assert read_csv(payload)[1] == [{"id": "1", "text": "hi"}]


def test_malformed_csv_names_its_line_and_binary_is_not_text() -> None:
    with pytest.raises(PayloadError) as caught:
        read_csv(Payload(b'id,text\n1,"' + b"x" * 140_000 + b'"\n'))  # over the field limit
    assert caught.value.line is not None
    with pytest.raises(PayloadError):
        csv_header(Payload(b"\xff\xfe\x00"))


def test_missing_columns_are_named() -> None:
    with pytest.raises(InvalidInput) as caught:
        read_rows(Payload(b"id,text\n1,hi\n"), {"id", "time", "parent"}, Problems("demo"))
    [problem] = caught.value.problems
    assert (problem.loc, problem.msg) == (("header",), "missing columns: parent, time")


def test_comment_rows_skip_rows_without_an_id_or_repeating_one() -> None:
    rows = [{"id": "a"}, {"id": " "}, {"id": "b"}, {"id": "a"}]
    draft = ThreadDraft("p")
    kept = [
        (number, comment_id)
        for number, _, _, comment_id in comment_rows(rows, "id", lambda _: draft)
    ]
    assert kept == [(1, "a"), (3, "b")]
    assert (draft.rows_read, draft.skipped) == (4, {"no comment id": 1, "duplicate comment id": 1})
