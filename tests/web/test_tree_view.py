"""app/web/tree_view.py: the steps that open, show and close comments, on trees drawn here."""

from __future__ import annotations

from app.web.tree_view import TreeStep, tree_view
from db.models import CommentRow

# a ann
# └── b bob
#     └── c ann    re-targeted to b by its @mention (the platform said a)
#         └── d bob
# e cy
DRAWN: tuple[tuple[str, str | None, str, int], ...] = (
    ("a", None, "ann", 1),
    ("b", "a", "bob", 2),
    ("c", "b", "ann", 3),
    ("d", "c", "bob", 4),
    ("e", None, "cy", 1),
)


def rows() -> list[CommentRow]:
    made = []
    for position, (comment_id, parent, author, depth) in enumerate(DRAWN):
        mention = comment_id == "c"
        made.append(
            CommentRow(
                position=position,
                comment_id=comment_id,
                parent_id=parent,
                reply_to=parent,
                platform_reply_to="a" if mention else parent,
                reply_to_method="mention" if mention else "given",
                depth=depth,
                author=author,
                author_name=None,
                text=f"text {comment_id}",
                created_at=None,
            )
        )
    return made


def shape(steps: tuple[TreeStep, ...]) -> list[tuple[str, str | None]]:
    return [(item.step.value, item.comment.comment_id if item.comment else None) for item in steps]


def test_each_comment_with_replies_opens_and_closes_after_its_last_reply() -> None:
    view = tree_view(rows(), "cy", {"b": (1,), "c": (1, 2)}, max_comments=100)
    assert shape(view.steps) == [
        ("open", "a"),
        ("open", "b"),
        ("open", "c"),
        ("leaf", "d"),
        ("close", None),
        ("close", None),
        ("close", None),
        ("leaf", "e"),
    ]
    shown = {item.comment.comment_id: item.comment for item in view.steps if item.comment}
    assert [shown[c].replies for c in "abcde"] == [1, 1, 1, 0, 0]
    assert [shown[c].exchanges for c in "abcde"] == [(), (1,), (1, 2), (), ()]
    assert [shown[c].by_creator for c in "abcde"] == [False, False, False, False, True]
    # Only c's target was worked out; the platform had named a.
    assert [(c, shown[c].reconstructed_by, shown[c].platform_reply_to) for c in "abcde"] == [
        ("a", None, None),
        ("b", None, None),
        ("c", "mention", "a"),
        ("d", None, None),
        ("e", None, None),
    ]
    assert (view.shown, view.total) == (5, 5)


def test_past_the_nesting_limit_replies_follow_without_indenting() -> None:
    view = tree_view(rows(), None, {}, max_comments=100, max_nesting=2)
    assert shape(view.steps) == [
        ("open", "a"),
        ("leaf", "b"),
        ("leaf", "c"),
        ("leaf", "d"),
        ("close", None),
        ("leaf", "e"),
    ]


def test_a_cut_tree_closes_what_it_opened() -> None:
    view = tree_view(rows(), None, {}, max_comments=3)
    assert shape(view.steps) == [
        ("open", "a"),
        ("open", "b"),
        ("open", "c"),
        ("close", None),
        ("close", None),
        ("close", None),
    ]
    assert (view.shown, view.total) == (3, 5)
