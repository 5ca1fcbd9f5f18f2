"""The order and pages of /v1/creators: sorted by a measure, None values last, paged by cursor.

The cursor names the last creator shown with its sort value (as /v1/threads' does with a
thread id), so a page continues after that position even if the data changed meanwhile.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.api.creators.service import CreatorSummary
from db.repository import InvalidCursor

NOT_OURS = "the cursor is not one this listing handed out"
CURSOR_FIELDS = frozenset({"sort", "desc", "value", "platform", "handle"})


class CreatorSort(StrEnum):
    THREADS = "threads"
    COMMENTS = "comments"
    COMMENTERS = "commenters"
    RETURNING_COMMENTER_SHARE = "returning_commenter_share"
    CORE_COMMENTERS = "core_commenters"
    CREATOR_REPLY_SHARE = "creator_reply_share"
    DIALOGUE_SCORE_MEDIAN = "dialogue_score_median"
    HANDLE = "handle"

    @property
    def integral(self) -> bool:
        return self in _COUNTS


_COUNTS = frozenset(
    {CreatorSort.THREADS, CreatorSort.COMMENTS, CreatorSort.COMMENTERS, CreatorSort.CORE_COMMENTERS}
)
SortValue = int | float | str | None


@dataclass(frozen=True, slots=True)
class Listing:
    sort: CreatorSort
    descending: bool
    limit: int
    cursor: str | None


@dataclass(frozen=True, slots=True)
class CreatorPage:
    items: list[CreatorSummary]
    next_cursor: str | None
    total: int  # creators selected, over all pages


def sort_value(summary: CreatorSummary, sort: CreatorSort) -> SortValue:
    if sort is CreatorSort.HANDLE:
        return summary.handle
    if sort is CreatorSort.DIALOGUE_SCORE_MEDIAN:
        return summary.score.median
    value: int | float | None = getattr(summary.community, sort.value)
    return value


def creator_page(summaries: Sequence[CreatorSummary], listing: Listing) -> CreatorPage:
    """The page after the listing's cursor: by the sort value (None last, whichever the
    direction), ties by platform then handle."""
    ordered = _ordered(summaries, listing)
    if listing.cursor is not None:
        after = decode_cursor(listing.cursor, listing)
        ordered = [s for s in ordered if _comes_after(_position(s, listing.sort), after, listing)]
    shown = ordered[: listing.limit]
    more = len(ordered) > listing.limit
    next_cursor = encode_cursor(_position(shown[-1], listing.sort), listing) if more else None
    return CreatorPage(shown, next_cursor, len(summaries))


def _ordered(summaries: Sequence[CreatorSummary], listing: Listing) -> list[CreatorSummary]:
    # Sorts are stable, reversed ones too: ties keep this order.
    by_name = sorted(summaries, key=lambda s: (s.platform, s.handle))
    if listing.sort is CreatorSort.HANDLE:
        return sorted(by_name, key=lambda s: s.handle, reverse=listing.descending)
    known: list[tuple[float, CreatorSummary]] = []
    unknown: list[CreatorSummary] = []
    for summary in by_name:
        value = sort_value(summary, listing.sort)
        if isinstance(value, int | float):
            known.append((value, summary))
        else:
            unknown.append(summary)
    known.sort(key=lambda pair: pair[0], reverse=listing.descending)
    return [summary for _, summary in known] + unknown


Position = tuple[SortValue, str, str]  # sort value, platform, handle


def _position(summary: CreatorSummary, sort: CreatorSort) -> Position:
    return sort_value(summary, sort), summary.platform, summary.handle


def _comes_after(item: Position, last: Position, listing: Listing) -> bool:
    value, platform, handle = item
    last_value, last_platform, last_handle = last
    if value is None or last_value is None:
        if value is None and last_value is None:
            return (platform, handle) > (last_platform, last_handle)
        return value is None  # None values come after every known one
    if value == last_value:
        return (platform, handle) > (last_platform, last_handle)
    if isinstance(value, str) or isinstance(last_value, str):
        beyond = str(value) > str(last_value)
    else:
        beyond = value > last_value
    return beyond != listing.descending


def encode_cursor(position: Position, listing: Listing) -> str:
    value, platform, handle = position
    state = {
        "sort": listing.sort.value,
        "desc": listing.descending,
        "value": value,
        "platform": platform,
        "handle": handle,
    }
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, listing: Listing) -> Position:
    """The position a cursor names, when it has the shape `encode_cursor` gives this listing's
    order; anything else, crafted or corrupted, is InvalidCursor (422)."""
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, RecursionError) as exc:
        raise InvalidCursor(NOT_OURS) from exc
    if not isinstance(state, dict) or state.keys() != CURSOR_FIELDS:
        raise InvalidCursor(NOT_OURS)
    if state["sort"] != listing.sort.value or state["desc"] is not listing.descending:
        raise InvalidCursor("the cursor belongs to a listing with another sort order")
    value, platform, handle = state["value"], state["platform"], state["handle"]
    if not (isinstance(platform, str) and isinstance(handle, str)):
        raise InvalidCursor(NOT_OURS)
    if not _fits(value, listing.sort):
        raise InvalidCursor(NOT_OURS)
    return value, platform, handle


def _fits(value: Any, sort: CreatorSort) -> bool:
    """None (not computable), a string for handles, an integer for counts, else a number."""
    if sort is CreatorSort.HANDLE:
        return type(value) is str
    if value is None or type(value) is int:
        return True
    return not sort.integral and type(value) is float and math.isfinite(value)
