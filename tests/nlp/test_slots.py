"""Classes built once per comment set their frozen fields through slot setters (nlp/slots.py):
they must take the arguments dataclasses' own __init__ would, and stay frozen."""

from __future__ import annotations

import inspect
from dataclasses import MISSING, FrozenInstanceError, dataclass, fields, replace
from datetime import UTC, datetime

import pytest

from nlp.results import PlacedComment
from nlp.slots import slot_setters
from nlp.thread import Comment, ReplyToMethod


@dataclass(frozen=True, slots=True)
class Pair:
    left: str
    right: int


def test_slot_setters_set_each_field_in_field_order_on_a_frozen_instance() -> None:
    pair = Pair("a", 1)
    set_left, set_right = slot_setters(Pair)
    set_left(pair, "b")
    set_right(pair, 2)
    assert pair == Pair("b", 2)


@pytest.mark.parametrize("cls", [Comment, PlacedComment])
def test_the_hand_written_init_takes_the_fields_in_order_with_their_defaults(cls: type) -> None:
    parameters = list(inspect.signature(cls).parameters.values())
    assert [(p.name, p.default) for p in parameters] == [
        (f.name, inspect.Parameter.empty if f.default is MISSING else f.default)
        for f in fields(cls)
    ]


def test_a_comment_is_built_alike_by_position_and_keyword_and_stays_frozen() -> None:
    when = datetime(2024, 1, 1, tzinfo=UTC)
    by_position = Comment("c1", "p", "ann", "hi", when, "Ann", 3, "q", ReplyToMethod.MENTION)
    by_keyword = Comment(
        id="c1",
        reply_to="p",
        author="ann",
        text="hi",
        created_at=when,
        author_name="Ann",
        like_count=3,
        platform_reply_to="q",
        reply_to_method=ReplyToMethod.MENTION,
    )
    assert by_position == by_keyword
    assert hash(by_position) == hash(by_keyword)
    assert Comment("c1", None, None, "") == Comment("c1", None, None, "", None, None, None, None)
    assert Comment("c1", None, None, "").reply_to_method is ReplyToMethod.GIVEN
    assert replace(by_position, reply_to="q").reply_to == "q"
    with pytest.raises(FrozenInstanceError):
        by_position.text = "changed"  # type: ignore[misc]


def test_a_placed_comment_is_built_alike_by_position_and_keyword_and_stays_frozen() -> None:
    placed = PlacedComment("c2", "c1", 2)
    assert placed == PlacedComment(id="c2", parent="c1", depth=2)
    assert (placed.id, placed.parent, placed.depth) == ("c2", "c1", 2)
    with pytest.raises(FrozenInstanceError):
        placed.depth = 3  # type: ignore[misc]
