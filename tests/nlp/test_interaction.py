"""Interaction metrics on small drawn threads, worked out by hand."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.interaction import (
    AUTHOR_METRICS,
    author_graph,
    creator_reply_share,
    exchange_comment_share,
    interaction_metrics,
    longest_back_and_forth,
    participation_gini,
    reentry_rate,
)
from nlp.tree import build_reply_tree
from tests.nlp.threads import EIGHT, Row, comment, thread

# EIGHT, used by several tests below (built in threads.py; creator op):
# post (op)
# ├── a  ann
# │   ├── b  bob
# │   │   └── c  ann
# │   └── d  ann          ann answers herself
# ├── e  bob
# │   └── f  op
# └── g  [deleted]
#     └── h  cat          answers an unknown author: no edge


def test_author_graph_edges_and_counts() -> None:
    g = author_graph(build_reply_tree(EIGHT))
    # a ann->op, b bob->ann, c ann->bob, d ann->ann, e bob->op, f op->bob; h gives cat no edge
    assert sorted(g.edges) == [
        ("ann", "ann"),
        ("ann", "bob"),
        ("ann", "op"),
        ("bob", "ann"),
        ("bob", "op"),
        ("op", "bob"),
    ]
    assert "cat" in g
    assert all(d["replies"] == 1 for _, _, d in g.edges(data=True))


def test_reply_counts_accumulate_on_one_edge() -> None:
    # post (creator unknown) <- a ann <- b bob, a <- c bob: bob answered ann twice
    g = author_graph(
        build_reply_tree(
            thread(("a", None, "ann"), ("b", "a", "bob"), ("c", "a", "bob"), creator=None)
        )
    )
    assert g["bob"]["ann"]["replies"] == 2
    assert g.number_of_edges() == 1  # no creator: the top-level comment points nowhere


def test_dyadic_pairs_share_and_reciprocity() -> None:
    m = interaction_metrics(build_reply_tree(EIGHT))
    # without the ann->ann self-loop: ann->op, bob->ann, ann->bob, bob->op, op->bob = 5 edges
    # pairs touched: {ann,op}, {ann,bob}, {bob,op} = 3; both ways: {ann,bob}, {bob,op} = 2
    assert m.dyadic_pairs == 2
    assert m.dyadic_share == pytest.approx(2 / 3)
    assert m.reciprocity == pytest.approx(4 / 5)  # 4 of 5 edges have their reverse


def test_self_loop_never_counts_as_reciprocity() -> None:
    # post (creator unknown)
    # └── a  ann
    #     ├── b  bob
    #     │   └── c  ann
    #     └── d  ann     self-reply: kept as ann->ann, but not in reciprocity
    # edges bob->ann, ann->bob: reciprocity 2/2 = 1.0 (counting the loop would give 2/3)
    tree = build_reply_tree(
        thread(
            ("a", None, "ann"),
            ("b", "a", "bob"),
            ("c", "b", "ann"),
            ("d", "a", "ann"),
            creator=None,
        )
    )
    m = interaction_metrics(tree)
    assert tree.integrity.self_loops == 1
    assert author_graph(tree).has_edge("ann", "ann")
    assert m.reciprocity == 1.0
    assert m.dyadic_share == 1.0
    assert m.dyadic_pairs == 1


def test_only_self_replies_leave_reciprocity_unknown() -> None:
    # post (creator unknown) <- a ann <- b ann: no edge between two people
    m = interaction_metrics(
        build_reply_tree(thread(("a", None, "ann"), ("b", "a", "ann"), creator=None))
    )
    assert m.reciprocity is None
    assert m.dyadic_share is None
    assert m.dyadic_pairs == 0
    assert m.unavailable["reciprocity"] == "no reply between two different known authors"


def test_exchange_comment_share() -> None:
    # In EIGHT: a <- b <- c is ann, bob, ann: a, b, c count.
    # post(op) <- e <- f is op, bob, op: e, f count (the post is not a comment).
    # d (ann under ann) and h (under unknown) do not; nor g.  5 of 8 = 0.625
    assert exchange_comment_share(build_reply_tree(EIGHT)) == pytest.approx(5 / 8)


def test_longest_back_and_forth_counts_the_post_as_a_turn() -> None:
    # post (op)
    # └── a  bob
    #     └── b  op
    #         └── c  bob        op, bob, op, bob: 4 turns
    #             └── d  cat    a third person ends it
    #                 └── e  bob   bob, cat, bob: 3
    tree = build_reply_tree(
        thread(
            ("a", None, "bob"),
            ("b", "a", "op"),
            ("c", "b", "bob"),
            ("d", "c", "cat"),
            ("e", "d", "bob"),
        )
    )
    assert longest_back_and_forth(tree) == 4


def test_longest_back_and_forth_in_eight() -> None:
    # ann, bob, ann (a, b, c) = 3; op, bob, op (post, e, f) = 3; op, ann, bob is three people
    assert longest_back_and_forth(build_reply_tree(EIGHT)) == 3


def test_back_and_forth_below_three_turns_is_zero() -> None:
    # post (op) <- a ann <- b [deleted] <- c ann: the unknown turn breaks it; best is op, ann = 2
    tree = build_reply_tree(thread(("a", None, "ann"), ("b", "a", "[deleted]"), ("c", "b", "ann")))
    assert longest_back_and_forth(tree) == 0


def test_reentry_rate_in_time_order() -> None:
    # time order (all top-level): ann, ann, bob, [deleted], cat, bob, cat, dan, [deleted], dan
    # ann: nobody spoke between her comments, no later comment -> no
    # bob: cat spoke after his first -> re-enters; cat: bob spoke after hers -> re-enters
    # dan: only an unknown author in between -> no.  2 of 4 known authors = 0.5
    authors = ["ann", "ann", "bob", "[deleted]", "cat", "bob", "cat", "dan", "[deleted]", "dan"]
    rows: list[Row] = [(f"c{i}", None, a) for i, a in enumerate(authors)]
    assert reentry_rate(build_reply_tree(thread(*rows))) == pytest.approx(0.5)


def test_reentry_rate_follows_timestamps_not_input() -> None:
    # input: ann@1, bob@3, ann@2 -> time order ann, ann, bob: nobody re-enters (input order: 1/2)
    tree = build_reply_tree(
        thread(
            comment("x", None, "ann", 1), comment("y", None, "bob", 3), comment("z", None, "ann", 2)
        )
    )
    assert reentry_rate(tree) == 0.0


def test_creator_reply_share() -> None:
    # EIGHT's replies (parent is a comment): b, c, d, f, h = 5; by op: f -> 1/5
    share, reason = creator_reply_share(build_reply_tree(EIGHT))
    assert share == pytest.approx(0.2)
    assert reason is None


@pytest.mark.parametrize("creator", [None, "[deleted]", ""])
def test_creator_reply_share_unknown_creator(creator: str | None) -> None:
    tree = build_reply_tree(thread(("a", None, "ann"), ("b", "a", "bob"), creator=creator))
    assert creator_reply_share(tree) == (None, "post creator unknown")


def test_creator_reply_share_without_replies() -> None:
    tree = build_reply_tree(thread(("a", None, "ann"), ("b", None, "bob")))
    assert creator_reply_share(tree) == (None, "no replies")


def test_participation_gini() -> None:
    # EIGHT per known author: ann 3 (a, c, d), bob 2 (b, e), op 1, cat 1 -> sorted 1, 1, 2, 3
    # sum |xi - xj| over ordered pairs = 2 * (0+1+2+1+2+1) = 14; n = 4, mean = 7/4
    # G = 14 / (2 * n^2 * mean) = 14 / 56 = 0.25
    assert participation_gini(build_reply_tree(EIGHT)) == pytest.approx(0.25)


def test_participation_gini_equal_and_single() -> None:
    equal = thread(("a", None, "ann"), ("b", "a", "bob"), ("c", "b", "ann"), ("d", "c", "bob"))
    assert participation_gini(build_reply_tree(equal)) == 0.0
    assert participation_gini(build_reply_tree(thread(("a", None, "ann")))) == 0.0


def test_all_authors_unknown_gives_none_with_reason_never_zero() -> None:
    # post (op) <- a [deleted] <- b None <- c [removed]
    tree = build_reply_tree(
        thread(("a", None, "[deleted]"), ("b", "a", None), ("c", "b", "[removed]"))
    )
    m = interaction_metrics(tree)
    for name in AUTHOR_METRICS:
        assert getattr(m, name) is None, name
        assert m.unavailable[name] == "no comment has a known author"
    # the creator is known, but any of the replies might be theirs
    assert m.creator_reply_share is None
    assert m.unavailable["creator_reply_share"] == "no comment has a known author"


people = st.sampled_from(["ann", "bob", "cat", "dan", "[deleted]"])


@st.composite
def random_thread(draw: st.DrawFn) -> list[Row]:
    size = draw(st.integers(0, 30))
    parents = [draw(st.integers(-1, i - 1)) for i in range(size)]
    return [(f"c{i}", None if p < 0 else f"c{p}", draw(people)) for i, p in enumerate(parents)]


@given(random_thread(), st.sampled_from(["ann", "eve", None]))
def test_pair_and_edge_reciprocity_agree(rows: list[Row], creator: str | None) -> None:
    # M pairs answered both ways, S one way: r_edge = 2M/(2M+S), r_pair = M/(M+S)
    # so r_pair = r_edge / (2 - r_edge)
    tree = build_reply_tree(thread(*rows, creator=creator))
    m = interaction_metrics(tree)
    assert (m.reciprocity is None) == (m.dyadic_share is None)
    if m.reciprocity is not None:
        simple = nx.DiGraph(author_graph(tree))
        simple.remove_edges_from(list(nx.selfloop_edges(simple)))
        assert m.reciprocity == pytest.approx(nx.overall_reciprocity(simple))
        assert m.dyadic_share == pytest.approx(m.reciprocity / (2 - m.reciprocity))
        assert 0.0 <= m.reciprocity <= 1.0
