"""importers.toolkit.problems: collecting problems and refusing an input with them."""

from __future__ import annotations

import pytest

from importers.base import InvalidInput
from importers.toolkit.problems import MAX_PROBLEMS, Problems, place, raise_problems, refusal


def test_problems_are_listed_together_and_capped() -> None:
    problems = Problems("demo")
    for row in range(MAX_PROBLEMS + 2):
        problems.add(("row", row), f"row {row}: broken")
    with pytest.raises(InvalidInput) as caught:
        problems.raise_if_any()
    assert caught.value.detail == f"the demo input has {MAX_PROBLEMS + 2} problems (first 50 shown)"
    assert len(caught.value.problems) == MAX_PROBLEMS
    assert caught.value.problems[-1].loc == ("row", MAX_PROBLEMS - 1)


def test_one_problem_is_named_in_the_singular_and_none_raises_nothing() -> None:
    raise_problems("demo", [])
    problems = Problems("demo")
    assert problems.time("2024-05-01T12:00:00Z", ("row", 1, "time"), "row 1") is not None
    assert problems.time("yesterday", ("row", 2, "time"), "row 2") is None
    with pytest.raises(InvalidInput, match=r"^the demo input has 1 problem$") as caught:
        problems.raise_if_any()
    [problem] = caught.value.problems
    assert problem.loc == ("row", 2, "time")
    assert problem.msg == "row 2: not a readable time (unix seconds or ISO-8601): 'yesterday'"


def test_a_refusal_may_say_what_is_wrong_as_a_whole() -> None:
    problems = Problems("demo")
    problems.raise_if_any("never raised: nothing was found")
    problems.add(("query", "columns", "id"), "required mapping 'id' is missing")
    with pytest.raises(InvalidInput, match=r"^column_map must map id$") as caught:
        problems.raise_if_any("column_map must map id")
    assert [p.loc for p in caught.value.problems] == [("query", "columns", "id")]


def test_text_fields_are_read_or_named_as_problems() -> None:
    problems = Problems("demo")
    item = {"text": "hi", "message": 3, "body": None}
    assert problems.text(item, "text", ("item", 1), "item 1") == "hi"
    assert problems.text(item, "body", ("item", 1), "item 1") == ""  # absent text is empty
    assert problems.text(item, "message", ("item", 1), "item 1") == ""
    assert problems.required_text(item, "body", ("item", 1), "item 1") is None
    assert [(p.loc, p.msg) for p in problems.found] == [
        (("item", 1, "message"), "item 1: message must be a string"),
        (("item", 1, "body"), "item 1: body must be a string, not None"),
    ]


def test_a_single_problem_refusal_and_places_in_words() -> None:
    refused = refusal(("body",), "expected a JSON array", "an export is a JSON array of rows")
    assert refused.detail == "an export is a JSON array of rows"
    assert [(p.loc, p.msg) for p in refused.problems] == [(("body",), "expected a JSON array")]
    assert refusal(("row", 2), "row 2: broken").detail == "row 2: broken"
    assert place(("line", 3, "text")) == "line 3 text"
