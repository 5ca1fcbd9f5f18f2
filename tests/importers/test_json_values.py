"""`importers.json_values.loads` gives what `json.loads` gives: values, and refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.json_values import loads

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()  # any size: msgspec must not round big ones to floats
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)


def same(value: Any, expected: Any) -> bool:
    """Equal, and of the same types all the way down (1 == 1.0, but an id must stay an int)."""
    if type(value) is not type(expected):
        return False
    if isinstance(value, dict):
        return list(value) == list(expected) and all(
            same(value[key], expected[key]) for key in value
        )
    if isinstance(value, list):
        return len(value) == len(expected) and all(map(same, value, expected))
    return bool(value == expected) or (value != value and expected != expected)  # NaN


@settings(max_examples=300)
@given(JSON_VALUES, st.booleans(), st.booleans())
def test_any_json_text_gives_what_json_loads_gives(value: Any, ascii: bool, as_bytes: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii)
    assert same(loads(text.encode() if as_bytes else text), json.loads(text))


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "b": 2, "a": 3}',  # the last value wins, in the first key's place
        "123456789012345678901234567890",  # past 64 bits
        "-9223372036854775809",
        "NaN",  # JSON has none, Python's json reads them
        "[Infinity, -Infinity]",
        "1e400",  # past a float: json gives inf
        r'"\ud800"',  # an escaped lone surrogate
        r'"\udc00\ud800"',
        '"\ud800"',  # a str holding one, which has no UTF-8
        "2.2250738585072011e-308",
        "0.1e1",
        "-0",
        "[1.5e-320]",
    ],
)
def test_edge_cases_json_reads_are_read_the_same(text: str) -> None:
    assert same(loads(text), json.loads(text))


@pytest.mark.parametrize(
    "text",
    ["[1, 2", '{"a": 1} x', "", "\ufeff{}", "{'a': 1}", '{"a": 1,}', "[\n1,\n2 3]"],
)
def test_malformed_text_is_refused_as_json_refuses_it(text: str) -> None:
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(json.JSONDecodeError) as refused:
        loads(text)
    assert (refused.value.msg, refused.value.lineno, refused.value.colno) == (
        expected.value.msg,
        expected.value.lineno,
        expected.value.colno,
    )
