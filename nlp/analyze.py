"""Analyse one thread: repair its reply tree, then compute Metrics v1 over it."""

from __future__ import annotations

from nlp.interaction import interaction_metrics
from nlp.results import ThreadAnalysis, ThreadMetrics
from nlp.structure import structure_metrics
from nlp.thread import Thread
from nlp.tree import DuplicateCommentId, build_reply_tree, tree_order

__all__ = ["DuplicateCommentId", "analyze_thread"]


def analyze_thread(thread: Thread) -> ThreadAnalysis:
    """Metrics, integrity report and placed comments of one thread.

    Raises DuplicateCommentId when different comments share an id.
    """
    tree = build_reply_tree(thread)
    structure = structure_metrics(tree)
    interaction = interaction_metrics(tree)
    metrics = ThreadMetrics(
        comments=structure.comments,
        top_level=structure.top_level,
        replies=structure.replies,
        authors=structure.authors,
        reply_share=structure.reply_share,
        response_rate=structure.response_rate,
        max_depth=structure.max_depth,
        mean_depth=structure.mean_depth,
        max_width=structure.max_width,
        h_index=structure.h_index,
        structural_virality=structure.structural_virality,
        dyadic_pairs=interaction.dyadic_pairs,
        dyadic_share=interaction.dyadic_share,
        reciprocity=interaction.reciprocity,
        exchange_comment_share=interaction.exchange_comment_share,
        longest_back_and_forth=interaction.longest_back_and_forth,
        reentry_rate=interaction.reentry_rate,
        creator_reply_share=interaction.creator_reply_share,
        participation_gini=interaction.participation_gini,
        unavailable={**structure.unavailable, **interaction.unavailable},
    )
    return ThreadAnalysis(metrics=metrics, integrity=tree.integrity, tree_order=tree_order(tree))
