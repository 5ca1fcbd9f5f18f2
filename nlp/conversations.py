"""Score each conversation of a thread: one top-level comment with every reply below it.

A conversation is scored exactly like a thread: it becomes a sub-thread under the same post and
creator whose only top-level comment is the conversation's opener, so an exchange with the
post's creator still counts and every metric keeps its thread-level meaning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from nlp.analyze import thread_metrics
from nlp.presence import PresenceMetrics, presence_metrics
from nlp.results import CommentSignals, DialogueScore, ThreadMetrics
from nlp.score_v2 import dialogue_score_v2
from nlp.text_metrics import TextMetrics
from nlp.thread import Comment, Thread
from nlp.tree import POST, PostNode, ReplyTree, build_reply_tree, openers

# The text step's aggregation: per-comment signals (computed once for the whole thread, looked
# up by comment id) to the text metrics of one tree.
TextMetricsOf = Callable[[ReplyTree, Mapping[str, CommentSignals]], TextMetrics | None]


@dataclass(frozen=True, slots=True)
class ConversationScore:
    top_level_id: str
    comments: int  # the top-level comment and all its replies
    metrics: ThreadMetrics
    text: TextMetrics | None
    score: DialogueScore
    presence: PresenceMetrics


def score_conversations(
    thread: Thread,
    signals: Mapping[str, CommentSignals] | None = None,
    text_metrics_of: TextMetricsOf | None = None,
) -> list[ConversationScore]:
    """Every top-level comment's conversation, highest score first, then largest, then earliest.

    Replies are placed by the repaired tree (orphans and broken cycles become conversations of
    their own). Text metrics are computed only when both `signals` and `text_metrics_of` are
    given. Raises DuplicateCommentId when different comments share an id.
    """
    if (signals is None) != (text_metrics_of is None):
        raise ValueError("pass signals and text_metrics_of together, or neither")
    tree = build_reply_tree(thread)
    scored = []
    for opener, comments in conversations(tree).items():
        sub = build_reply_tree(replace(thread, comments=comments))
        metrics = thread_metrics(sub)
        text = None
        if signals is not None and text_metrics_of is not None:
            text = text_metrics_of(sub, signals)
        presence = presence_metrics(
            sub,
            None if text is None else signals,
            flattened_replies=thread.platform.flattens_replies,
        )
        score = dialogue_score_v2(metrics, text, presence)
        scored.append(ConversationScore(opener, len(comments), metrics, text, score, presence))
    rank = {cid: i for i, cid in enumerate(tree.comments)}
    scored.sort(key=lambda c: (-c.score.score, -c.comments, rank[c.top_level_id]))
    return scored


def conversations(tree: ReplyTree) -> dict[str, tuple[Comment, ...]]:
    """Top-level comment id -> its subtree's comments in time order, re-parented as repaired.

    Each comment's `reply_to` is set to its repaired parent, so the sub-thread rebuilds into
    the same tree without re-reporting repairs the whole thread already reported.
    """
    opener = openers(tree)
    members: dict[str, list[Comment]] = {
        cid: [] for cid in tree.comments if tree.parent[cid] is POST
    }
    for cid, comment in tree.comments.items():  # time order
        up = tree.parent[cid]
        reply_to = None if isinstance(up, PostNode) else up
        members[opener[cid]].append(replace(comment, reply_to=reply_to))
    return {top: tuple(comments) for top, comments in members.items()}
