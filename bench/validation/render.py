"""The text a rater reads for one section, as shared/reference/dialogue-rubric.md describes it.

    [tt-m-03] TikTok
    A1: first top-level comment
      ↳ A2: a reply
    A3: …

The header holds the item id and the platform only. Replies sit under the comment they answer,
indented per level. TikTok, YouTube, Instagram and Facebook flatten reply chains, so there every
reply is shown one level deep under its top-level comment, by the platform's own parent; Reddit
and X show the full tree. Siblings are in time order. Authors become A1, A2, … in order of first
appearance (unknown authors `?`); the text is left as written, on one line, cut after 700
characters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from bench.validation.sections import platform_parents, top_levels
from nlp.thread import Comment, Platform, Thread

FLATTENING_PLATFORMS = frozenset(
    {Platform.TIKTOK, Platform.YOUTUBE, Platform.INSTAGRAM, Platform.FACEBOOK}
)
PLATFORM_NAMES = {
    Platform.TIKTOK: "TikTok",
    Platform.YOUTUBE: "YouTube",
    Platform.INSTAGRAM: "Instagram",
    Platform.FACEBOOK: "Facebook",
    Platform.REDDIT: "Reddit",
    Platform.TWITTER: "X (Twitter)",
}
MAX_TEXT_CHARS = 700
CUT_MARK = " […]"
LINE_BREAK = " / "
INDENT = "  "
REPLY_MARK = "↳ "
UNKNOWN_AUTHOR = "?"
NO_TEXT = "(no text)"


def one_line(text: str) -> str:
    """The text on one line (line breaks as ' / ', blank lines dropped), cut after 700 chars."""
    line = LINE_BREAK.join(part.strip() for part in text.splitlines() if part.strip())
    if len(line) > MAX_TEXT_CHARS:
        return line[:MAX_TEXT_CHARS].rstrip() + CUT_MARK
    return line or NO_TEXT


def display_parents(thread: Thread) -> dict[str, str | None]:
    """The comment each one is shown under: its top-level comment on flattening platforms (one
    level deep), its platform parent elsewhere."""
    if thread.platform not in FLATTENING_PLATFORMS:
        return platform_parents(thread.comments)
    top = top_levels(thread.comments)
    return {cid: None if root == cid else root for cid, root in top.items()}


def time_ordered(siblings: Sequence[tuple[int, Comment]]) -> list[Comment]:
    """Siblings by creation time (ties in input order), or in input order when one lacks a time."""
    if any(comment.created_at is None for _, comment in siblings):
        return [comment for _, comment in siblings]
    return [comment for _, comment in sorted(siblings, key=lambda s: (s[1].created_at, s[0]))]


def reading_order(thread: Thread) -> list[tuple[int, Comment]]:
    """(depth, comment) in the order a rater reads them: each comment followed by its replies."""
    children: dict[str | None, list[tuple[int, Comment]]] = defaultdict(list)
    parents = display_parents(thread)
    for position, comment in enumerate(thread.comments):
        children[parents[comment.id]].append((position, comment))
    ordered: list[tuple[int, Comment]] = []
    stack = [(0, comment) for comment in reversed(time_ordered(children[None]))]
    while stack:
        depth, comment = stack.pop()
        ordered.append((depth, comment))
        replies = time_ordered(children.get(comment.id, []))
        stack.extend((depth + 1, reply) for reply in reversed(replies))
    if len(ordered) != len(thread.comments):
        raise ValueError(f"thread {thread.external_id}: comments unreachable from the top level")
    return ordered


def render_section(item_id: str, thread: Thread) -> str:
    """The rendering of one section (the thread, already cut to the section), newline-ended."""
    names: dict[str, str] = {}
    lines = [f"[{item_id}] {PLATFORM_NAMES.get(thread.platform, str(thread.platform))}"]
    for depth, comment in reading_order(thread):
        author = comment.known_author
        name = UNKNOWN_AUTHOR if author is None else names.setdefault(author, f"A{len(names) + 1}")
        marker = INDENT * depth + (REPLY_MARK if depth else "")
        lines.append(f"{marker}{name}: {one_line(comment.text)}")
    return "\n".join(lines) + "\n"
