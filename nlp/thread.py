"""Parley's canonical thread: one post and the comments under it, as frozen dataclasses.

Every importer produces these; every analysis consumes them. Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from nlp.slots import slot_setters

UNKNOWN_AUTHOR_MARKERS = frozenset({"", "[deleted]", "[removed]"})


class Platform(StrEnum):
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"
    INSTAGRAM = "instagram"
    FACEBOOK = "facebook"
    REDDIT = "reddit"
    TWITTER = "twitter"
    OTHER = "other"

    @property
    def flattens_replies(self) -> bool:
        """Whether its exports file every reply under its top-level comment (two levels), so
        deeper structure must be rebuilt from @mentions and explicit reply fields."""
        return self in _FLATTENING


_FLATTENING = frozenset({Platform.TIKTOK, Platform.YOUTUBE, Platform.INSTAGRAM, Platform.FACEBOOK})


class ReplyToMethod(StrEnum):
    """How a comment's `reply_to` was decided (importers of flattened platforms re-target)."""

    GIVEN = "given"  # the input named the parent directly (canonical, Reddit, ConvoKit)
    EXPLICIT_FIELD = "explicit_field"  # a platform field naming the replied-to reply
    MENTION = "mention"  # a leading @handle matched an earlier comment in the same thread
    PLATFORM_PARENT = "platform_parent"  # the platform's (flattened) parent was kept


@dataclass(frozen=True, slots=True, init=False)
class Comment:
    id: str
    reply_to: str | None  # None: a top-level comment on the post
    author: str | None  # None or an UNKNOWN_AUTHOR_MARKERS value: unknown
    text: str
    created_at: datetime | None = None  # timezone-aware UTC
    author_name: str | None = None
    like_count: int | None = None
    platform_reply_to: str | None = None  # the parent the platform reported, before re-targeting
    reply_to_method: ReplyToMethod = ReplyToMethod.GIVEN

    def __init__(
        self,
        id: str,
        reply_to: str | None,
        author: str | None,
        text: str,
        created_at: datetime | None = None,
        author_name: str | None = None,
        like_count: int | None = None,
        platform_reply_to: str | None = None,
        reply_to_method: ReplyToMethod = ReplyToMethod.GIVEN,
    ) -> None:
        # dataclasses' frozen __init__, each field set through its slot's descriptor rather
        # than object.__setattr__ by name: 40 % fewer instructions, once for every comment read.
        _SET_ID(self, id)
        _SET_REPLY_TO(self, reply_to)
        _SET_AUTHOR(self, author)
        _SET_TEXT(self, text)
        _SET_CREATED_AT(self, created_at)
        _SET_AUTHOR_NAME(self, author_name)
        _SET_LIKE_COUNT(self, like_count)
        _SET_PLATFORM_REPLY_TO(self, platform_reply_to)
        _SET_REPLY_TO_METHOD(self, reply_to_method)

    @property
    def known_author(self) -> str | None:
        """The author id, or None when the platform did not say who wrote it."""
        if self.author is None or self.author.strip() in UNKNOWN_AUTHOR_MARKERS:
            return None
        return self.author


(
    _SET_ID,
    _SET_REPLY_TO,
    _SET_AUTHOR,
    _SET_TEXT,
    _SET_CREATED_AT,
    _SET_AUTHOR_NAME,
    _SET_LIKE_COUNT,
    _SET_PLATFORM_REPLY_TO,
    _SET_REPLY_TO_METHOD,
) = slot_setters(Comment)


@dataclass(frozen=True, slots=True)
class Thread:
    platform: Platform
    external_id: str
    comments: tuple[Comment, ...]
    url: str | None = None
    title: str | None = None
    creator: str | None = None  # author id of the post's owner, when known
    collected_at: datetime | None = None
    source_format: str = "canonical"
    tags: tuple[str, ...] = field(default=())
    # The post owner's account on its platform (a TikTok, Instagram, X or Reddit handle, a
    # YouTube channel id, a Facebook page), as importers.toolkit.creators normalises it: one
    # creator's threads share it even where the owner never commented, unlike `creator`.
    creator_handle: str | None = None

    @property
    def known_creator(self) -> str | None:
        if self.creator is None or self.creator.strip() in UNKNOWN_AUTHOR_MARKERS:
            return None
        return self.creator


def time_order(comments: Sequence[Comment]) -> list[int]:
    """Positions of `comments` in time order: by created_at, ties in input order, when every
    comment has a timestamp; otherwise plain input order (0, 1, 2, ...).

    Mixing timed and untimed comments would give no consistent order, so one missing timestamp
    makes the whole sequence fall back to input order. The reply tree, the first-K windows and
    the @mention re-targeting all order comments by this one rule.
    """
    stamps = [c.created_at for c in comments if c.created_at is not None]
    if len(stamps) < len(comments):
        return list(range(len(comments)))
    return sorted(range(len(stamps)), key=stamps.__getitem__)  # stable: ties keep input order
