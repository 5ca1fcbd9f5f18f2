"""Thread-level text metrics: do comments ask, get answered, and take up each other's words?"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from nlp.results import CommentSignals
from nlp.structure import NO_COMMENTS
from nlp.tree import PostNode, ReplyTree

NO_QUESTION = "no comment is a question"
NO_KNOWN_ASKER = "no question has a known author"
NO_CONTENT_REPLY = "no reply to a comment has a content word"
NO_REPLIES = "no replies"
# Shares and means over comments: undefined, not 0, without a comment.
_PER_COMMENT = ("question_share", "tag_only_share", "low_content_share", "mean_tokens")
_PER_REPLY = ("lexical_uptake", "uptake_reply_share")


@dataclass(frozen=True, slots=True)
class TextMetrics:
    """Thread-level text signals. None means "cannot be computed"; `unavailable` says why."""

    question_share: float | None = None
    answered_question_share: float | None = None  # questions answered by another known author
    tag_only_share: float | None = None
    low_content_share: float | None = None
    lexical_uptake: float | None = None  # mean share of a reply's content lemmas in its parent
    uptake_reply_share: float | None = None  # share of replies with any lexical uptake
    mean_tokens: float | None = None
    languages: dict[str, int] = field(default_factory=dict)  # language -> comments
    unavailable: dict[str, str] = field(default_factory=dict)
    # Over replies only (tag-only replies count): the Dialogue Score discounts reply structure
    # by it, and top-level comments must not be able to dilute it. None without replies.
    reply_low_content_share: float | None = None


class MissingSignals(ValueError):
    def __init__(self, ids: set[str]) -> None:
        self.ids = tuple(sorted(ids))
        super().__init__("no text signals for comments: " + ", ".join(self.ids))


def text_metrics(tree: ReplyTree, signals: Mapping[str, CommentSignals]) -> TextMetrics:
    """Text metrics of a repaired reply tree, given every comment's signals keyed by its id.

    Raises MissingSignals when a comment of the tree has none.
    """
    # Looked up comment by comment: a set difference of the key views would walk all of
    # `signals`, which holds the whole thread when a conversation is measured (quadratic).
    missing = {cid for cid in tree.comments if cid not in signals}
    if missing:
        raise MissingSignals(missing)
    comments = len(tree.comments)
    if comments == 0:
        everything = (
            *_PER_COMMENT,
            "answered_question_share",
            *_PER_REPLY,
            "reply_low_content_share",
        )
        return TextMetrics(unavailable=dict.fromkeys(everything, NO_COMMENTS))

    own = [signals[cid] for cid in tree.comments]
    answered, answered_reason = answered_question_share(tree, signals)
    uptake, uptake_share = lexical_uptake(tree, signals)
    unavailable: dict[str, str] = {}
    if answered_reason is not None:
        unavailable["answered_question_share"] = answered_reason
    if uptake is None:
        unavailable.update(dict.fromkeys(_PER_REPLY, NO_CONTENT_REPLY))
    # Replies only: the Dialogue Score discounts reply structure by how much of it is "lol" or
    # a bare @tag, which the thread-wide share would blur with unanswered top-level comments.
    replies = [signals[cid] for cid, up in tree.parent.items() if not isinstance(up, PostNode)]
    if not replies:
        unavailable["reply_low_content_share"] = NO_REPLIES
    return TextMetrics(
        question_share=sum(s.is_question for s in own) / comments,
        answered_question_share=answered,
        tag_only_share=sum(s.is_tag_only for s in own) / comments,
        low_content_share=sum(s.is_low_content for s in own) / comments,
        lexical_uptake=uptake,
        uptake_reply_share=uptake_share,
        mean_tokens=sum(s.tokens for s in own) / comments,
        languages=dict(Counter(s.language for s in own).most_common()),
        unavailable=unavailable,
        reply_low_content_share=(
            sum(s.is_low_content for s in replies) / len(replies) if replies else None
        ),
    )


def answered_question_share(
    tree: ReplyTree, signals: Mapping[str, CommentSignals]
) -> tuple[float | None, str | None]:
    """Share of questions (by known authors) with a direct reply from a different known author.

    Returns the share, or None and the reason it cannot be computed.
    """
    if not any(signals[cid].is_question for cid in tree.comments):
        return None, NO_QUESTION
    asked, answered = answered_questions(tree, signals)
    if asked == 0:
        return None, NO_KNOWN_ASKER
    return answered / asked, None


def answered_questions(tree: ReplyTree, signals: Mapping[str, CommentSignals]) -> tuple[int, int]:
    """Questions by known authors, and those with a direct reply from another known author."""
    asked = answered = 0
    for cid in tree.comments:
        author = tree.author(cid)
        if author is None or not signals[cid].is_question:
            continue
        asked += 1
        if any(tree.author(r) not in (None, author) for r in tree.replies(cid)):
            answered += 1
    return asked, answered


def lexical_uptake(
    tree: ReplyTree, signals: Mapping[str, CommentSignals]
) -> tuple[float | None, float | None]:
    """Over replies to a comment that have a content lemma: the mean share of their lemmas found
    in the parent's, and the share of them taking up at least one. (None, None) without any.

    Top-level comments answer the post, whose words are not part of the thread, so they are
    left out.
    """
    shares: list[float] = []
    for cid, up in tree.parent.items():
        if isinstance(up, PostNode):
            continue
        lemmas = signals[cid].content_lemmas
        if lemmas:
            shares.append(len(lemmas & signals[up].content_lemmas) / len(lemmas))
    if not shares:
        return None, None
    return sum(shares) / len(shares), sum(share > 0 for share in shares) / len(shares)
