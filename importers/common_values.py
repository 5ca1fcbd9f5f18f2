"""Reading single values the way every importer needs them: ids, text, counts, reply links.

Part of the importers' shared toolkit (see `importers.common`); nothing here does I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from decimal import Decimal

from nlp.thread import Comment, ReplyToMethod

DUPLICATE_COMMENT_ID = "duplicate comment id"

_PLAIN_COUNT = re.compile(r"^\d{1,3}(?:[,.]\d{3})+$|^\d+$")
_ABBREVIATED_COUNT = re.compile(r"^(\d+(?:[.,]\d+)?)([kmb])$")
_MULTIPLIERS = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}


def as_id(value: object) -> str | None:
    """An id as text: platforms and JSON writers hand out strings and numbers; blank means none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def nonempty_text(value: object) -> str | None:
    """The string as it is, or None when it is absent, blank or not a string."""
    return value if isinstance(value, str) and value.strip() else None


def as_count(value: object) -> int | None:
    """A non-negative count given as a JSON number or as digits; None when absent or unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def display_count(value: object) -> int | None:
    """A count as a web page shows it (7, "7", "1,234", "1.2K", "9.8k", "3M"); None if unreadable.

    Pages leave a count empty when it is zero. Abbreviated counts are rounded by the site, so the
    result is only as precise as the page was.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\u00a0", "").replace(" ", "").casefold()
    if not text:
        return 0
    if _PLAIN_COUNT.match(text):
        # Below 1,000 sites show exact counts, so a separator here can only group thousands.
        return int(re.sub(r"[,.]", "", text))
    abbreviated = _ABBREVIATED_COUNT.match(text)
    if abbreviated is None:
        return None
    number = Decimal(abbreviated.group(1).replace(",", "."))
    return int(number * _MULTIPLIERS[abbreviated.group(2)])


def flattened_comment(
    comment_id: str,
    platform_parent: str | None,
    *,
    author: str | None,
    text: str,
    created_at: datetime | None = None,
    author_name: str | None = None,
    like_count: int | None = None,
    answered_reply: str | None = None,
) -> Comment:
    """A comment of a platform that files every reply under its top-level comment.

    `platform_parent` (None for a top-level comment) is kept as `platform_reply_to` and as a
    provisional `reply_to` that @mention re-targeting may move, unless the platform also names
    the reply this one answers (`answered_reply`).
    """
    if platform_parent is None:
        method = ReplyToMethod.GIVEN
    elif answered_reply:
        method = ReplyToMethod.EXPLICIT_FIELD
    else:
        method = ReplyToMethod.PLATFORM_PARENT
    return Comment(
        id=comment_id,
        reply_to=(answered_reply or platform_parent) if platform_parent else None,
        author=author,
        text=text,
        created_at=created_at,
        author_name=author_name,
        like_count=like_count,
        platform_reply_to=platform_parent,
        reply_to_method=method,
    )


class FirstCopies:
    """Remembers the comment ids kept so far: a repeated id is a skipped row, not a comment.

    Scrapers re-read pages and list inline replies again; the first copy of an id is kept.
    """

    def __init__(self, reason: str = DUPLICATE_COMMENT_ID) -> None:
        self.reason = reason
        self.kept: set[str] = set()

    def __contains__(self, comment_id: object) -> bool:
        return comment_id in self.kept

    def keep(self, comment_id: str, skipped: Counter[str]) -> bool:
        """True the first time an id is met; afterwards count it in `skipped` and say False."""
        if comment_id in self.kept:
            skipped[self.reason] += 1
            return False
        self.kept.add(comment_id)
        return True
