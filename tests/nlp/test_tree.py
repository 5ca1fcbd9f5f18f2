"""Tree repair: every fix is applied and counted; tree_order walks the repaired tree."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.results import PlacedComment
from nlp.tree import POST, DuplicateCommentId, build_reply_tree, tree_order
from tests.nlp.threads import comment, thread


def placed(*rows: tuple[str, str | None, int]) -> tuple[PlacedComment, ...]:
    return tuple(PlacedComment(*row) for row in rows)


def test_top_level_by_none_or_by_post_id() -> None:
    # post "post"
    # ├── a   reply_to None
    # └── b   reply_to "post" (the thread's external id): top-level, not an orphan
    tree = build_reply_tree(thread(("a", None, "ann"), ("b", "post", "bob")))
    assert tree.parent == {"a": POST, "b": POST}
    assert tree.integrity.orphans == 0


def test_orphan_becomes_top_level_and_is_counted() -> None:
    # post
    # ├── a          ann
    # │   └── b      bob
    # └── c  (reply_to "ghost", not in the thread -> top-level)
    tree = build_reply_tree(thread(("a", None, "ann"), ("b", "a", "bob"), ("c", "ghost", "cat")))
    assert tree.integrity.orphans == 1
    assert tree_order(tree) == placed(("a", None, 1), ("b", "a", 2), ("c", None, 1))


def test_self_parent_becomes_top_level_and_is_counted() -> None:
    # a names itself as parent -> top-level; b keeps replying to a
    tree = build_reply_tree(thread(("a", "a", "ann"), ("b", "a", "bob")))
    assert tree.integrity.self_replies == 1
    assert tree.integrity.orphans == 0
    assert tree_order(tree) == placed(("a", None, 1), ("b", "a", 2))


def test_two_cycle_broken_at_earliest_by_time_not_input() -> None:
    # x -> y -> x. Input lists x first, but y is earlier (minute 2 < 5), so y becomes top-level:
    # post
    # └── y
    #     └── x
    tree = build_reply_tree(thread(comment("x", "y", "ann", 5), comment("y", "x", "bob", 2)))
    assert tree.integrity.cycles_broken == 1
    assert tree_order(tree) == placed(("y", None, 1), ("x", "y", 2))


def test_three_cycle_with_a_tail_broken_at_earliest() -> None:
    # p -> q -> r -> p, t -> r; times p 30, q 10, r 20, t 40. Earliest is q:
    # post
    # └── q
    #     └── p
    #         └── r
    #             └── t
    tree = build_reply_tree(
        thread(
            comment("p", "q", "ann", 30),
            comment("q", "r", "bob", 10),
            comment("r", "p", "cat", 20),
            comment("t", "r", "dan", 40),
        )
    )
    assert tree.integrity.cycles_broken == 1
    assert tree_order(tree) == placed(("q", None, 1), ("p", "q", 2), ("r", "p", 3), ("t", "r", 4))


def test_cycle_tie_on_time_broken_at_first_in_input() -> None:
    # x -> y -> x, both at minute 7: input order decides, so x (listed first) is top-level.
    tree = build_reply_tree(thread(comment("x", "y", "ann", 7), comment("y", "x", "bob", 7)))
    assert tree_order(tree) == placed(("x", None, 1), ("y", "x", 2))


def test_cycle_without_timestamps_broken_at_first_in_input() -> None:
    # y -> x -> y with no timestamps: y is first in input, so y is top-level.
    tree = build_reply_tree(thread(("y", "x", "ann"), ("x", "y", "bob"), timed=False))
    assert tree.integrity.order_basis == "input_order"
    assert tree.integrity.cycles_broken == 1
    assert tree_order(tree) == placed(("y", None, 1), ("x", "y", 2))


def test_each_cycle_counted_once() -> None:
    # two separate 2-cycles (a <-> b, c <-> d) and a self-parent e (not a cycle, counted apart)
    tree = build_reply_tree(
        thread(("a", "b", "u"), ("b", "a", "v"), ("c", "d", "u"), ("d", "c", "v"), ("e", "e", "u"))
    )
    assert tree.integrity.cycles_broken == 2
    assert tree.integrity.self_replies == 1
    assert [p.id for p in tree_order(tree) if p.parent is None] == ["a", "c", "e"]


def test_exact_duplicates_collapsed_and_counted() -> None:
    a = comment("a", None, "ann", 1, "hi")
    b = comment("b", "a", "bob", 2, "hello")
    tree = build_reply_tree(thread(a, b, a, b, a))  # a three times, b twice: 3 repeats
    assert tree.integrity.duplicates_collapsed == 3
    assert list(tree.comments) == ["a", "b"]


def test_conflicting_duplicates_raise_naming_all_ids_sorted() -> None:
    rows = (
        comment("b", None, "ann", 1, "first"),
        comment("b", None, "ann", 1, "edited"),  # same id, different text
        comment("a", None, "bob", 2),
        comment("a", None, "cat", 2),  # same id, different author
        comment("c", None, "dan", 3),
        comment("c", None, "dan", 3),  # exact repeat: fine
    )
    with pytest.raises(DuplicateCommentId) as raised:
        build_reply_tree(thread(*rows))
    assert raised.value.ids == ("a", "b")
    assert "a, b" in str(raised.value)


def test_unknown_authors_counted_including_deleted_and_removed() -> None:
    tree = build_reply_tree(
        thread(
            ("a", None, None),
            ("b", None, ""),
            ("c", None, "[deleted]"),
            ("d", None, "[removed]"),
            ("e", None, "ann"),
        )
    )
    assert tree.integrity.unknown_author_comments == 4


def test_self_loops_need_the_same_known_author() -> None:
    # post (op)
    # ├── a  ann
    # │   └── b  ann        self-loop
    # ├── c  op             top-level by the creator: not a reply to a comment, not counted
    # └── d  [deleted]
    #     └── e  [deleted]  both unknown: not known to be the same person
    tree = build_reply_tree(
        thread(
            ("a", None, "ann"),
            ("b", "a", "ann"),
            ("c", None, "op"),
            ("d", None, "[deleted]"),
            ("e", "d", "[deleted]"),
        )
    )
    assert tree.integrity.self_loops == 1


def test_siblings_in_time_order_in_pre_order() -> None:
    # input order c, a, b, d; times c 3, a 1, b 2, d 0 (d replies before its parent: clock skew)
    # post
    # ├── a (1)
    # │   ├── d (0)
    # │   └── b (2)
    # └── c (3)
    tree = build_reply_tree(
        thread(
            comment("c", None, "u", 3),
            comment("a", None, "u", 1),
            comment("b", "a", "u", 2),
            comment("d", "a", "u", 0),
        )
    )
    assert tree.integrity.order_basis == "timestamps"
    assert tree_order(tree) == placed(("a", None, 1), ("d", "a", 2), ("b", "a", 2), ("c", None, 1))


def test_one_missing_timestamp_falls_back_to_input_order() -> None:
    # same as above but b has no timestamp: siblings now follow input order (c, a; b, d)
    tree = build_reply_tree(
        thread(
            comment("c", None, "u", 3),
            comment("a", None, "u", 1),
            comment("b", "a", "u", None),
            comment("d", "a", "u", 0),
        )
    )
    assert tree.integrity.missing_timestamps == 1
    assert tree.integrity.order_basis == "input_order"
    assert tree_order(tree) == placed(("c", None, 1), ("a", None, 1), ("b", "a", 2), ("d", "a", 2))


ids = st.sampled_from(["a", "b", "c", "d", "e", "f", "g"])


@given(st.lists(st.tuples(ids, st.one_of(st.none(), ids, st.just("gone"))), max_size=12))
def test_any_input_gives_a_tree_and_accounts_for_every_top_level(
    links: list[tuple[str, str | None]],
) -> None:
    first = dict(reversed(links))  # the first comment listed under each id wins
    rows = [(cid, reply_to, "u") for cid, reply_to in first.items()]
    tree = build_reply_tree(thread(*rows, timed=False))
    order = tree_order(tree)
    assert sorted(p.id for p in order) == sorted(first)
    seen: dict[str, int] = {}
    for p in order:  # pre-order: each parent is placed before its child, one level up
        assert p.depth == (1 if p.parent is None else seen[p.parent] + 1)
        seen[p.id] = p.depth
    i = tree.integrity
    given_top = sum(reply_to is None for reply_to in first.values())
    top = sum(p.parent is None for p in order)
    assert top == given_top + i.orphans + i.self_replies + i.cycles_broken


def test_children_list_each_nodes_replies_in_time_order_as_the_graph_does() -> None:
    # input order a, c, b, d; times a 1, c 4, b 2, d 3
    # post
    # ├── a (1)
    # │   ├── b (2)
    # │   │   └── d (3)
    # │   └── c (4)
    tree = build_reply_tree(
        thread(
            comment("a", None, "ann", 1),
            comment("c", "a", "cat", 4),
            comment("b", "a", "bob", 2),
            comment("d", "b", "dan", 3),
        )
    )
    assert tree.children == {POST: ["a"], "a": ["b", "c"], "b": ["d"]}
    assert (tree.replies("a"), tree.replies("c")) == (["b", "c"], ())
    for node in (POST, "a", "b", "c", "d"):
        assert list(tree.graph.predecessors(node)) == list(tree.replies(node))
    assert list(tree.graph.edges) == [("a", POST), ("b", "a"), ("d", "b"), ("c", "a")]


def test_children_follow_the_repair_of_a_cycle() -> None:
    # x -> y -> x, z -> x; times y 1, x 2, z 3: y (earliest) becomes top-level
    # post
    # └── y
    #     └── x
    #         └── z
    tree = build_reply_tree(
        thread(comment("x", "y", "ann", 2), comment("y", "x", "bob", 1), comment("z", "x", "c", 3))
    )
    assert tree.children == {POST: ["y"], "y": ["x"], "x": ["z"]}
    assert tree.depth == {"y": 1, "x": 2, "z": 3}


def test_has_known_author() -> None:
    assert not build_reply_tree(thread()).has_known_author()
    assert not build_reply_tree(
        thread(("a", None, "[deleted]"), ("b", "a", None))
    ).has_known_author()
    assert build_reply_tree(thread(("a", None, "[deleted]"), ("b", "a", "bob"))).has_known_author()
