"""Score each conversation of a thread: one top-level comment with every reply below it.

A conversation is scored exactly like a thread: it becomes a sub-thread under the same post and
creator whose only top-level comment is the conversation's opener, so an exchange with the
post's creator still counts and every metric keeps its thread-level meaning.

A lone comment (one nobody replied to) scores 0 whatever it says: without a reply there is no
amount, no answer back and, by v1's rule, no density (nlp/score_v2.py, nlp/score.py). So lone
comments rank after every conversation with replies, in time order, and only those shown are
measured: most conversations of a large thread are lone comments, and measuring them (and
their text) only to rank them last would take most of the time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
# Per-comment signals of the comments given, keyed by comment id.
SignalsOf = Callable[[Sequence[Comment]], Mapping[str, CommentSignals]]


@dataclass(frozen=True, slots=True)
class TextStep:
    signals_of: SignalsOf  # called once, with every comment that is measured
    metrics_of: TextMetricsOf


@dataclass(frozen=True, slots=True)
class ConversationScore:
    top_level_id: str
    comments: int  # the top-level comment and all its replies
    metrics: ThreadMetrics
    text: TextMetrics | None
    score: DialogueScore
    presence: PresenceMetrics


@dataclass(frozen=True, slots=True)
class Ranking:
    total: int  # conversations in the thread
    shown: list[ConversationScore]  # the highest ranked, measured in full


def rank_conversations(
    thread: Thread,
    limit: int | None = None,
    text: TextStep | None = None,
    checkpoint: Callable[[], None] = lambda: None,
) -> Ranking:
    """The first `limit` conversations (all when None): highest score first, then largest, then
    earliest. Every conversation with replies is measured; lone comments only when shown.

    Replies are placed by the repaired tree (orphans and broken cycles become conversations of
    their own). Text metrics are computed when `text` is given. `checkpoint` is called before
    each conversation is measured: a caller's time limit may raise there. Raises
    DuplicateCommentId when different comments share an id.
    """
    tree = build_reply_tree(thread)
    grouped = conversations(tree)
    replied = sum(len(comments) > 1 for comments in grouped.values())
    lone_shown = len(grouped) - replied if limit is None else max(0, limit - replied)
    measured: dict[str, tuple[Comment, ...]] = {}
    for opener, comments in grouped.items():  # openers in time order: the earliest lone first
        if len(comments) == 1:
            if lone_shown == 0:
                continue
            lone_shown -= 1
        measured[opener] = comments
    signals = None
    if text is not None:
        signals = text.signals_of([c for comments in measured.values() for c in comments])
    scored = []
    for opener, comments in measured.items():
        checkpoint()
        scored.append(_measure(thread, opener, comments, signals, text))
    rank = {cid: i for i, cid in enumerate(tree.comments)}
    scored.sort(key=lambda c: (-c.score.score, -c.comments, rank[c.top_level_id]))
    return Ranking(len(grouped), scored if limit is None else scored[:limit])


def score_conversations(
    thread: Thread,
    signals: Mapping[str, CommentSignals] | None = None,
    text_metrics_of: TextMetricsOf | None = None,
) -> list[ConversationScore]:
    """Every conversation, ranked as `rank_conversations` ranks them, given the signals of
    every comment (or none: no text metrics)."""
    if signals is None and text_metrics_of is None:
        return rank_conversations(thread).shown
    if signals is None or text_metrics_of is None:
        raise ValueError("pass signals and text_metrics_of together, or neither")
    given = signals
    return rank_conversations(thread, text=TextStep(lambda _: given, text_metrics_of)).shown


def _measure(
    thread: Thread,
    opener: str,
    comments: tuple[Comment, ...],
    signals: Mapping[str, CommentSignals] | None,
    text: TextStep | None,
) -> ConversationScore:
    sub = build_reply_tree(replace(thread, comments=comments))
    metrics = thread_metrics(sub)
    measured = None if signals is None or text is None else text.metrics_of(sub, signals)
    presence = presence_metrics(
        sub,
        None if measured is None else signals,
        flattened_replies=thread.platform.flattens_replies,
    )
    score = dialogue_score_v2(metrics, measured, presence)
    return ConversationScore(opener, len(comments), metrics, measured, score, presence)


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
        if comment.reply_to != reply_to:  # copied only when repaired: most already fit
            comment = replace(comment, reply_to=reply_to)
        members[opener[cid]].append(comment)
    return {top: tuple(comments) for top, comments in members.items()}
