"""analyze_thread end to end: every field of Metrics v1 on one drawn thread, and the edges."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import asdict

import pytest

from nlp.analyze import DuplicateCommentId, analyze_thread
from nlp.interaction import AUTHOR_METRICS
from nlp.results import METRIC_VERSION, Integrity, PlacedComment
from nlp.thread import Comment, Platform, ReplyToMethod, Thread
from tests.nlp.threads import EIGHT, chain, comment, thread


def test_every_metric_of_eight() -> None:
    # post (op)
    # ├── a  ann            depth 1
    # │   ├── b  bob        depth 2
    # │   │   └── c  ann    depth 3
    # │   └── d  ann        depth 2
    # ├── e  bob            depth 1
    # │   └── f  op         depth 2
    # └── g  [deleted]      depth 1
    #     └── h  cat        depth 2
    result = analyze_thread(EIGHT)
    m = result.metrics
    assert (
        m.structure.comments,
        m.structure.top_level,
        m.structure.replies,
        m.structure.authors,
    ) == (8, 3, 5, 4)  # ann bob op cat
    assert m.structure.reply_share == pytest.approx(5 / 8)
    assert m.structure.response_rate == 1.0  # a answered by bob, e by op; g's author is unknown
    assert m.structure.max_depth == 3
    assert m.structure.mean_depth == pytest.approx(14 / 8)  # 1+2+3+2+1+2+1+2 = 14
    assert m.structure.max_width == 2  # a: b, d
    assert m.structure.h_index == 2  # depth 1: 3, depth 2: 4 (>= 2), depth 3: 1 (< 3)
    # n = 9 nodes. Subtrees: a 4, b 2, c 1, d 1, e 2, f 1, g 2, h 1.
    # W = 4*5 + 2*7 + 1*8 + 1*8 + 2*7 + 1*8 + 2*7 + 1*8 = 20+14+8+8+14+8+14+8 = 94; C(9,2) = 36
    assert m.structure.structural_virality == pytest.approx(94 / 36)
    assert m.interaction.dyadic_pairs == 2  # {ann,bob}, {bob,op}; {ann,op} only one way
    assert m.interaction.dyadic_share == pytest.approx(2 / 3)
    assert m.interaction.reciprocity == pytest.approx(4 / 5)
    assert m.interaction.exchange_comment_share == pytest.approx(
        5 / 8
    )  # a b c (ann bob ann), e f (op bob op)
    assert m.interaction.longest_back_and_forth == 3
    assert m.interaction.reentry_rate == pytest.approx(
        2 / 4
    )  # ann (bob spoke, then c), bob (then e)
    assert m.interaction.creator_reply_share == pytest.approx(1 / 5)  # f of b, c, d, f, h
    assert m.interaction.participation_gini == pytest.approx(0.25)  # counts 1, 1, 2, 3
    assert m.unavailable == {}
    assert m.metric_version == METRIC_VERSION
    assert result.integrity == Integrity(unknown_author_comments=1, self_loops=1)
    assert result.tree_order == tuple(
        PlacedComment(*p)
        for p in [
            ("a", None, 1),
            ("b", "a", 2),
            ("c", "b", 3),
            ("d", "a", 2),
            ("e", None, 1),
            ("f", "e", 2),
            ("g", None, 1),
            ("h", "g", 2),
        ]
    )


def test_empty_thread() -> None:
    result = analyze_thread(thread())
    m = result.metrics
    assert (
        m.structure.comments,
        m.structure.top_level,
        m.structure.replies,
        m.structure.authors,
        m.structure.max_depth,
        m.structure.h_index,
    ) == (0,) * 6
    for name in ("reply_share", "mean_depth", "structural_virality", *AUTHOR_METRICS):
        assert {**asdict(m.structure), **asdict(m.interaction)}[name] is None, name
        assert m.unavailable[name] == "no comments"
    assert m.interaction.creator_reply_share is None
    assert m.unavailable["creator_reply_share"] == "no replies"
    assert result.tree_order == ()
    assert result.integrity == Integrity()


def test_all_unknown_authors_are_counted_and_none_never_zero() -> None:
    # post (creator unknown)
    # ├── a  [deleted]
    # │   └── b  None
    # └── c  [removed]
    result = analyze_thread(
        thread(("a", None, "[deleted]"), ("b", "a", None), ("c", None, "[removed]"), creator=None)
    )
    m = result.metrics
    assert result.integrity.unknown_author_comments == 3
    assert m.structure.authors == 0
    assert m.structure.comments == 3  # structure is still known
    for name in (*AUTHOR_METRICS, "response_rate"):
        assert {**asdict(m.structure), **asdict(m.interaction)}[name] is None, name
        assert m.unavailable[name] == "no comment has a known author"
    assert m.unavailable["creator_reply_share"] == "post creator unknown"


def test_no_timestamps_orders_by_input() -> None:
    result = analyze_thread(thread(("b", None, "ann"), ("a", None, "bob"), timed=False))
    assert result.integrity.order_basis == "input_order"
    assert result.integrity.missing_timestamps == 2
    assert [p.id for p in result.tree_order] == ["b", "a"]


def test_conflicting_duplicate_raises() -> None:
    with pytest.raises(DuplicateCommentId) as raised:
        analyze_thread(thread(comment("a", None, "ann", 1, "x"), comment("a", None, "ann", 1, "y")))
    assert raised.value.ids == ("a",)


def test_100000_deep_chain() -> None:
    # post <- c0 ann <- c1 bob <- c2 ann <- ... <- c99999 bob: a path of n = 100,001 nodes
    depth = 100_000
    result = analyze_thread(chain(depth))
    m = result.metrics
    assert m.structure.max_depth == depth
    assert result.tree_order[-1] == PlacedComment(f"c{depth - 1}", f"c{depth - 2}", depth)
    assert m.structure.structural_virality == pytest.approx((depth + 1 + 1) / 3)  # path: (n+1)/3
    assert m.structure.h_index == 1  # one comment per depth
    # op, ann, bob is three people, so the run starts at c0: ann, bob, ... all 100,000 turns
    assert m.interaction.longest_back_and_forth == depth
    assert m.interaction.exchange_comment_share == 1.0
    # author edges ann->op (c0), bob->ann, ann->bob: 2 of 3 reciprocated; pairs {ann,bob} both
    # ways, {ann,op} one way
    assert m.interaction.reciprocity == pytest.approx(2 / 3)
    assert m.interaction.dyadic_pairs == 1
    assert m.interaction.dyadic_share == pytest.approx(1 / 2)


def test_nlp_does_not_import_the_rest_of_parley() -> None:
    code = (
        "import sys, nlp.analyze; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'app', 'db', 'importers'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_platform_metrics_keep_the_flattened_graph_when_replies_were_retargeted() -> None:
    """As the platform reports it:        As reconstructed (r2 answers r1):
    post                                 post
    └── t  ann                           └── t  ann
        ├── r1 bob  (parent t)               └── r1 bob
        └── r2 ann  (parent t)                   └── r2 ann
    Platform graph: max_depth 2, max_width 2, no back-and-forth below the post (ann, bob | ann).
    Reconstructed: max_depth 3, max_width 1, ann ← bob ← ann is 3 turns.
    """
    top = Comment(id="t", reply_to=None, author="ann", text="x")
    r1 = Comment(
        id="r1",
        reply_to="t",
        author="bob",
        text="y",
        platform_reply_to="t",
        reply_to_method=ReplyToMethod.PLATFORM_PARENT,
    )
    r2 = Comment(
        id="r2",
        reply_to="r1",
        author="ann",
        text="@bob z",
        platform_reply_to="t",
        reply_to_method=ReplyToMethod.MENTION,
    )
    analysis = analyze_thread(Thread(Platform.TIKTOK, "v", (top, r1, r2)))
    assert (analysis.metrics.structure.max_depth, analysis.metrics.structure.max_width) == (3, 1)
    assert analysis.metrics.interaction.longest_back_and_forth == 3
    assert analysis.platform_metrics is not None
    assert (
        analysis.platform_metrics.structure.max_depth,
        analysis.platform_metrics.structure.max_width,
    ) == (2, 2)
    assert analysis.platform_metrics.interaction.longest_back_and_forth == 0


def test_no_platform_metrics_when_nothing_was_retargeted() -> None:
    top = Comment(id="t", reply_to=None, author="ann", text="x")
    reply = Comment(
        id="r",
        reply_to="t",
        author="bob",
        text="y",
        platform_reply_to="t",
        reply_to_method=ReplyToMethod.PLATFORM_PARENT,
    )
    assert analyze_thread(Thread(Platform.TIKTOK, "v", (top, reply))).platform_metrics is None
