"""importers.toolkit.values: ids, texts, counts and JSON shapes read the same way everywhere."""

from __future__ import annotations

import pytest

from importers.toolkit.values import (
    as_count,
    as_id,
    display_count,
    has_keys,
    items_of,
    nested_object,
    nonempty_text,
)


@pytest.mark.parametrize(
    ("value", "as_an_id"),
    [(42, "42"), (" abc ", "abc"), ("  ", None), (True, None), (None, None), (1.5, None)],
)
def test_as_id(value: object, as_an_id: str | None) -> None:
    assert as_id(value) == as_an_id


def test_nonempty_text_keeps_the_string_as_it_is() -> None:
    assert [nonempty_text(v) for v in (" hi ", " ", 3, None)] == [" hi ", None, None, None]


@pytest.mark.parametrize(
    ("value", "count"),
    [(7, 7), (0, 0), ("12", 12), (" 3 ", 3), (-1, None), ("1.2K", None), (True, None), ("", None)],
)
def test_as_count_reads_non_negative_whole_numbers(value: object, count: int | None) -> None:
    assert as_count(value) == count


@pytest.mark.parametrize(
    ("value", "count"),
    [
        ("", 0),  # pages leave a zero count empty
        ("7", 7),
        ("1,234", 1234),
        ("1.234", 1234),  # a separator below 1,000 can only group thousands
        ("1.2K", 1200),  # 1.2 × 1,000
        ("9,8k", 9800),  # decimal comma: 9.8 × 1,000
        ("3M", 3_000_000),
        (12, 12),
        (-3, None),
        ("12 likes", None),
    ],
)
def test_display_count_reads_what_the_page_shows(value: object, count: int | None) -> None:
    assert display_count(value) == count


def test_json_shapes() -> None:
    assert has_keys({"cid": 1, "text": "", "extra": 0}, ("cid", "text"))
    assert not has_keys({"cid": 1}, ("cid", "text"))
    assert not has_keys(["cid", "text"], ("cid", "text"))
    assert nested_object({"from": {"id": "u1"}}, "from") == {"id": "u1"}
    assert nested_object({"from": "u1"}, "from") == nested_object({}, "from") == {}
    assert items_of([1, 2]) == [1, 2]
    assert items_of({"a": 1}) == [{"a": 1}]
