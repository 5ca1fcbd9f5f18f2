"""Analyse one thread: repair its reply tree, then compute Metrics v1 over it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from nlp.interaction import interaction_metrics
from nlp.pipeline import TextAnalyzer, signals_by_comment
from nlp.presence import PresenceMetrics, presence_metrics
from nlp.results import CommentSignals, DialogueScore, ThreadAnalysis, ThreadMetrics, WindowAnalysis
from nlp.score_v2 import SCORE_VERSION, dialogue_score_v2
from nlp.structure import structure_metrics
from nlp.text_metrics import TextMetrics, text_metrics
from nlp.thread import Thread
from nlp.tree import DuplicateCommentId, ReplyTree, build_reply_tree, tree_order
from nlp.windows import windows

# The score version `analyze_thread` stamps: the score it computes (nlp/score_v2.py).
__all__ = ["SCORE_VERSION", "DuplicateCommentId", "analyze_thread", "platform_view"]


def analyze_thread(thread: Thread, analyzer: TextAnalyzer | None = None) -> ThreadAnalysis:
    """Metrics, text signals, Dialogue Score, integrity report and placed comments of a thread,
    and the same measurements on its first-K windows.

    Metrics use the reconstructed reply targets; when any reply was re-targeted, the metrics of
    the platform's own (flattened) reply graph are computed too, so both stay available.
    Without an `analyzer` the text step is skipped: `text` is None and the score says so.
    Raises DuplicateCommentId when different comments share an id.
    """
    tree = build_reply_tree(thread)
    signals = None if analyzer is None else signals_by_comment(analyzer, tree.comments.values())
    flattened = thread.platform.flattens_replies
    metrics, text, score, presence = measure(tree, signals, flattened_replies=flattened)
    view = platform_view(thread)
    return ThreadAnalysis(
        metrics=metrics,
        integrity=tree.integrity,
        tree_order=tree_order(tree),
        platform_metrics=None if view is None else thread_metrics(build_reply_tree(view)),
        text=text,
        score=score,
        presence=presence,
        windows=tuple(
            WindowAnalysis(
                size, *measure(build_reply_tree(window), signals, flattened_replies=flattened)
            )
            for size, window in windows(thread)
        ),
    )


def measure(
    tree: ReplyTree, signals: Mapping[str, CommentSignals] | None, *, flattened_replies: bool
) -> tuple[ThreadMetrics, TextMetrics | None, DialogueScore, PresenceMetrics]:
    """Metrics v1, text metrics (when signals are given), the Dialogue Score (v2) and the
    presence counts of one tree."""
    metrics = thread_metrics(tree)
    text = None if signals is None else text_metrics(tree, signals)
    presence = presence_metrics(tree, signals, flattened_replies=flattened_replies)
    return metrics, text, dialogue_score_v2(metrics, text, presence), presence


def platform_view(thread: Thread) -> Thread | None:
    """The thread with every reply under the parent the platform reported, or None when that
    is the reconstructed graph already (nothing was re-targeted)."""
    if all(c.platform_reply_to in (None, c.reply_to) for c in thread.comments):
        return None
    as_reported = tuple(
        c if c.platform_reply_to is None else replace(c, reply_to=c.platform_reply_to)
        for c in thread.comments
    )
    return replace(thread, comments=as_reported)


def thread_metrics(tree: ReplyTree) -> ThreadMetrics:
    return ThreadMetrics(structure_metrics(tree), interaction_metrics(tree))
