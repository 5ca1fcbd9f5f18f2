"""Structural metrics on small drawn trees, worked out by hand."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.structure import h_index, structural_virality, structure_metrics
from nlp.tree import build_reply_tree
from tests.nlp.threads import Row, thread

# post
# ├── a  ann
# │   ├── b  bob
# │   │   └── d  ann
# │   └── c  cat
# └── e  dan
FIVE = thread(
    ("a", None, "ann"), ("b", "a", "bob"), ("c", "a", "cat"), ("d", "b", "ann"), ("e", None, "dan")
)


def test_counts_and_shares() -> None:
    m = structure_metrics(build_reply_tree(FIVE))
    assert (m.comments, m.top_level, m.replies, m.authors) == (5, 2, 3, 4)
    assert m.reply_share == pytest.approx(3 / 5)  # replies b, c, d of 5 comments


def test_depth_and_width() -> None:
    m = structure_metrics(build_reply_tree(FIVE))
    # depths a 1, b 2, c 2, d 3, e 1
    assert m.max_depth == 3
    assert m.mean_depth == pytest.approx((1 + 2 + 2 + 3 + 1) / 5)  # 9/5 = 1.8
    assert m.max_width == 2  # a has b and c; the post's two children do not count


def test_max_width_ignores_the_post() -> None:
    # post has 3 top-level comments, none answered: width 0 (top_level carries that)
    m = structure_metrics(build_reply_tree(thread(("a", None, "u"), ("b", None, "u"))))
    assert m.max_width == 0


def test_structural_virality_by_subtree_sizes() -> None:
    # FIVE with the post: n = 6 nodes. Subtree below each edge: a 4 (a,b,c,d), b 2, c 1, d 1, e 1.
    # W = 4*(6-4) + 2*(6-2) + 1*5 + 1*5 + 1*5 = 8 + 8 + 15 = 31;  C(6,2) = 15;  SV = 31/15
    assert structural_virality(build_reply_tree(FIVE)) == pytest.approx(31 / 15)


def test_structural_virality_of_a_star() -> None:
    # post with 4 top-level comments: n = 5, W = 4 * 1*(5-1) = 16, C(5,2) = 10, SV = 1.6
    rows: list[Row] = [(f"c{i}", None, "u") for i in range(4)]
    assert structural_virality(build_reply_tree(thread(*rows))) == pytest.approx(1.6)


def test_structural_virality_of_a_path() -> None:
    # post <- a <- b <- c: path of n = 4 nodes, mean distance (n+1)/3 = 5/3
    # by hand: W = 3*1 + 2*2 + 1*3 = 10, C(4,2) = 6, 10/6 = 5/3
    tree = build_reply_tree(thread(("a", None, "u"), ("b", "a", "u"), ("c", "b", "u")))
    assert structural_virality(tree) == pytest.approx(5 / 3)


def test_h_index_with_levels_growing() -> None:
    # post
    # └── a                 depth 1: 1 comment
    #     ├── b1            depth 2: 2 comments
    #     │   ├── c1        depth 3: 3 comments
    #     │   └── c2
    #     └── b2
    #         └── c3
    # h = 3: depth 3 has 3 >= 3 comments (and depth 1, 2 qualify too)
    tree = build_reply_tree(
        thread(
            ("a", None, "u"),
            ("b1", "a", "u"),
            ("b2", "a", "u"),
            ("c1", "b1", "u"),
            ("c2", "b1", "u"),
            ("c3", "b2", "u"),
        )
    )
    assert h_index(tree) == 3


def test_h_index_of_a_wide_flat_thread_and_of_five() -> None:
    # 4 top-level comments, nothing deeper: depth 1 has 4 >= 1, depth 2 has 0 < 2 -> h = 1
    rows: list[Row] = [(f"c{i}", None, "u") for i in range(4)]
    assert h_index(build_reply_tree(thread(*rows))) == 1
    # FIVE: depth 1 has 2, depth 2 has 2 (>= 2), depth 3 has 1 (< 3) -> h = 2
    assert h_index(build_reply_tree(FIVE)) == 2


def test_response_rate_counts_direct_answers_by_someone_else() -> None:
    # post
    # ├── x  ann
    # │   └── x1  ann          own reply: not an answer
    # ├── y  bob
    # │   └── y1  [deleted]    unknown: not known to be someone else
    # ├── z  [deleted]         unknown asker: not in the denominator
    # │   └── z1  cat
    # ├── w  dan
    # │   └── w1  ann          answered
    # └── v  eve
    #     └── v1  eve
    #         └── v2  ann      not a direct reply to v
    # denominator x, y, w, v = 4; answered: w -> 1/4
    tree = build_reply_tree(
        thread(
            ("x", None, "ann"),
            ("x1", "x", "ann"),
            ("y", None, "bob"),
            ("y1", "y", "[deleted]"),
            ("z", None, "[deleted]"),
            ("z1", "z", "cat"),
            ("w", None, "dan"),
            ("w1", "w", "ann"),
            ("v", None, "eve"),
            ("v1", "v", "eve"),
            ("v2", "v1", "ann"),
        )
    )
    assert structure_metrics(tree).response_rate == pytest.approx(0.25)


def test_response_rate_unknown_when_no_top_level_author_is_known() -> None:
    # post
    # └── a  [deleted]
    #     └── b  ann
    m = structure_metrics(build_reply_tree(thread(("a", None, "[deleted]"), ("b", "a", "ann"))))
    assert m.response_rate is None
    assert m.unavailable["response_rate"] == "no top-level comment has a known author"


def test_empty_thread() -> None:
    m = structure_metrics(build_reply_tree(thread()))
    assert (m.comments, m.top_level, m.replies, m.authors) == (0, 0, 0, 0)
    assert (m.max_depth, m.max_width, m.h_index) == (0, 0, 0)
    assert m.reply_share is None
    assert m.mean_depth is None
    assert m.structural_virality is None
    assert m.response_rate is None
    assert set(m.unavailable) == {
        "reply_share",
        "mean_depth",
        "structural_virality",
        "response_rate",
    }
    assert set(m.unavailable.values()) == {"no comments"}


@st.composite
def random_tree(draw: st.DrawFn) -> list[int]:
    """parents[i] is -1 (the post) or the index of an earlier comment."""
    size = draw(st.integers(1, 40))
    return [draw(st.integers(-1, i - 1)) for i in range(size)]


@given(random_tree())
def test_structural_virality_equals_networkx_all_pairs_mean(parents: list[int]) -> None:
    rows: list[Row] = [(f"c{i}", None if p < 0 else f"c{p}", "u") for i, p in enumerate(parents)]
    reference: nx.Graph[int] = nx.Graph()
    reference.add_edges_from((i, p) for i, p in enumerate(parents))  # the post is node -1
    expected = nx.average_shortest_path_length(reference)
    assert structural_virality(build_reply_tree(thread(*rows))) == pytest.approx(expected)
