"""importers.toolkit.detection: cheap looks that answer None or empty and never raise."""

from __future__ import annotations

from importers.payload import Payload
from importers.toolkit.detection import (
    has_columns,
    sniff_document,
    sniff_first_record,
    sniff_items,
    sniff_records,
)

NOT_TEXT = Payload(b"\xff\xfe\x00")
MALFORMED = Payload(b'[{"a": 1},')


def test_nothing_raises_on_input_that_is_not_text_or_not_json() -> None:
    for payload in (NOT_TEXT, MALFORMED):
        assert sniff_document(payload) is None
        assert sniff_first_record(payload) is None
        assert sniff_items(payload) == sniff_records(payload) == []
        assert not has_columns(payload, {"a"})


def test_documents_items_and_first_records() -> None:
    assert sniff_items(Payload(b'{"a": 1}')) == [{"a": 1}]
    assert sniff_items(Payload(b"[1, 2]")) == [1, 2]
    lines = Payload(b'{"a": 1}\n{"a": 2}\n')
    assert sniff_document(lines) is None
    assert sniff_first_record(lines) == {"a": 1}
    assert sniff_records(lines, count=1) == [{"a": 1}]
    assert sniff_records(Payload(b'[{"a": 1}, {"a": 2}]'), count=1) == [{"a": 1}]


def test_columns_of_delimited_text_only() -> None:
    csv = Payload(b"id; text ;time\n1;hi;0\n")
    assert has_columns(csv, {"id", "text"})
    assert has_columns(csv, {"parent"}, {"time"})  # any one of the column sets
    assert not has_columns(csv, {"id", "parent"})
    assert not has_columns(Payload(b'{"id": 1, "text": "hi"}\n'), {"id"})
