"""Storage → nlp: the canonical thread rebuilt from its stored rows, for re-analysis (rescore)
and for reading the dialogue behind a stored score (exchanges, conversations)."""

from __future__ import annotations

from collections.abc import Sequence

from db.models import CommentRow, ThreadRow
from nlp.thread import Comment, Platform, ReplyToMethod, Thread


def stored_thread(
    row: ThreadRow, comments: Sequence[CommentRow], *, repaired: bool = False
) -> Thread:
    """The canonical thread that was stored as `row` and `comments` (in the order given)."""
    return Thread(
        platform=Platform(row.platform),
        external_id=row.external_id,
        comments=tuple(stored_comment(comment, repaired=repaired) for comment in comments),
        url=row.url,
        title=row.title,
        creator=row.creator,
        creator_handle=row.creator_handle,
        collected_at=row.collected_at,
        source_format=row.source_format,
        tags=tuple(row.tags),
    )


def stored_comment(row: CommentRow, *, repaired: bool = False) -> Comment:
    """The comment as imported: `reply_to` as sent (or reconstructed), so that an analysis
    repairs the tree itself; or, `repaired`, under the parent of the tree that was measured."""
    return Comment(
        id=row.comment_id,
        reply_to=row.parent_id if repaired else row.reply_to,
        author=row.author,
        text=row.text,
        created_at=row.created_at,
        author_name=row.author_name,
        like_count=row.like_count,
        platform_reply_to=row.platform_reply_to,
        reply_to_method=ReplyToMethod(row.reply_to_method),
    )
