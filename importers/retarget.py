"""Reply-target reconstruction for platforms that flatten reply chains under the top-level comment.

TikTok, YouTube, Instagram and Facebook report every reply as a reply to the top-level comment,
so the platform parent hides who answered whom. A reply that opens with `@handle` answers the
latest earlier comment in the same top-level thread written by someone with that handle (the rule
YouTube Data Tools v2 uses). Replies already re-targeted from an explicit platform field are
left alone.

TikTok and older YouTube write the mention with the display name, which may hold spaces, dots or
emoji ("@Zoë ⭐️ thanks"), so the mention is matched as the longest known name the text starts
with, ending at a word boundary, rather than as a single token.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace

from nlp.thread import Comment, ReplyToMethod, Thread, time_order

MENTION_SIGNS = ("@", "＠")
LONGEST_NAME = 64  # characters; longer "names" are sentences, not handles


_SIGNS = "".join(MENTION_SIGNS)


def handle_key(name: str) -> str:
    return name.strip().lstrip(_SIGNS).casefold()


def mentioned(text: str, known: Mapping[str, str]) -> str | None:
    """What `known[name]` the text's leading @mention names: the longest name that fits."""
    opening = text.lstrip()
    if not opening.startswith(MENTION_SIGNS):
        return None
    folded = opening[1:].casefold()
    for length in range(min(len(folded), LONGEST_NAME), 0, -1):
        at_boundary = length == len(folded) or not is_name_char(folded[length])
        if at_boundary and (name := folded[:length].rstrip()) in known:
            return known[name]
    return None


def is_name_char(character: str) -> bool:
    """Whether a name may go on with this character (a mention ends before any other)."""
    return character.isalnum() or character in "._-"


class _HandleKeys(dict[str, str]):
    """`handle_key` of each name, worked out once per thread: its authors comment again."""

    def __missing__(self, name: str) -> str:
        key = self[name] = handle_key(name)
        return key

    def note(self, comment: Comment, seen: dict[str, str], latest: str) -> None:
        """Remember `latest` as the latest comment of the comment's author id and name."""
        if comment.author:
            seen[self[comment.author]] = latest
        if comment.author_name:
            seen[self[comment.author_name]] = latest


def retarget_mentions(thread: Thread) -> Thread:
    """Re-point `@handle` replies at the comment they answer; other comments are unchanged."""
    comments = thread.comments
    # Only under these top-level comments does a reply open with a mention (what `mentioned`
    # looks for first); the threads of the others, mostly all, are left unread.
    mentioning = {
        c.platform_reply_to
        for c in comments
        if c.reply_to is not None
        and c.reply_to_method is ReplyToMethod.PLATFORM_PARENT
        and c.text.lstrip().startswith(MENTION_SIGNS)
    }
    if not mentioning:
        return thread
    by_id = {c.id: c for c in comments}
    # per top-level comment: the comments seen so far in its thread, latest first per handle
    latest_by_handle: dict[str, dict[str, str]] = {}
    updated: dict[int, Comment] = {}
    handles = _HandleKeys()
    for position in time_order(comments):  # input order when any timestamp is missing
        comment = comments[position]
        reply_to = comment.reply_to
        root = comment.id if reply_to is None else comment.platform_reply_to
        if root is None or root not in mentioning:
            continue
        seen = latest_by_handle.get(root)
        if seen is None:
            seen = latest_by_handle[root] = {}
        # A top-level comment met before its replies is noted first, as its thread's root.
        if not seen and (first := by_id.get(root)) is not None and first is not comment:
            handles.note(first, seen, root)
        if reply_to is not None and comment.reply_to_method is ReplyToMethod.PLATFORM_PARENT:
            target = mentioned(comment.text, seen)
            if target is not None and target != comment.id and target != reply_to:
                comment = replace(comment, reply_to=target, reply_to_method=ReplyToMethod.MENTION)
                updated[position] = comment
        handles.note(comment, seen, comment.id)
    if not updated:
        return thread
    retargeted = list(comments)
    for position, comment in updated.items():
        retargeted[position] = comment
    return replace(thread, comments=tuple(retargeted))


def count_retargeted(thread: Thread) -> dict[str, int]:
    """Replies whose target differs from the platform's parent, by the method that moved them."""
    methods = Counter(
        c.reply_to_method.value
        for c in thread.comments
        if c.reply_to is not None
        and c.platform_reply_to is not None
        and c.reply_to != c.platform_reply_to
    )
    return dict(sorted(methods.items()))
