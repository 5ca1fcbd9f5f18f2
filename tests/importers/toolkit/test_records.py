"""importers.toolkit.records: JSON read inside parsers, refused with located problems."""

from __future__ import annotations

import pytest

from importers.base import InvalidInput
from importers.payload import Payload
from importers.toolkit.records import read_document, read_document_or_lines, read_lines


def test_records_of_a_document_or_of_lines() -> None:
    assert read_document_or_lines(Payload(b'[{"a": 1}]')) == [(1, [{"a": 1}])]
    assert read_document_or_lines(Payload(b'{"a": 1}\n\n{"a": 2}\n')) == [
        (1, {"a": 1}),
        (3, {"a": 2}),
    ]
    assert read_document(Payload(b'{"a": 1}')) == {"a": 1}


def test_malformed_json_is_refused_at_its_line() -> None:
    with pytest.raises(InvalidInput) as in_document:
        read_document(Payload(b'{"a":\n'))
    with pytest.raises(InvalidInput) as in_lines:
        read_lines(Payload(b'{"a": 1}\n{"a"\n'))
    assert in_document.value.problems[0].loc[:2] == ("body", "line")
    assert in_lines.value.problems[0].loc == ("line", 2)
