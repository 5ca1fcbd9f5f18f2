"""Assembling YouTube Data API comments into one thread per video (or channel), with its report.

No FORMAT here, so the registry ignores this module.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from importers.base import ImportedThread, ImportOptions, ImportReport, count_skips
from importers.common import fallback_external_id, platform_override
from importers.formats._youtube_common import (
    FLATTENED_LIMIT,
    INLINE_REPLIES_LIMIT,
    channel_url,
    video_url,
)
from importers.payload import Payload
from nlp.thread import Comment, Platform, Thread

DUPLICATE = "duplicate comment id (the same comment on another page or inline and in comments.list)"


@dataclass(frozen=True, slots=True)
class GroupKey:
    """What a comment's thread is known by: its video, else its channel, else nothing."""

    kind: str  # "video", "channel" or "none"
    value: str | None

    @staticmethod
    def of(video_id: str | None, channel_id: str | None) -> GroupKey:
        if video_id:
            return GroupKey("video", video_id)
        if channel_id:
            return GroupKey("channel", channel_id)
        return GroupKey("none", None)


@dataclass
class Group:
    external_id: str
    url: str | None
    owner_of: dict[str, Group]  # shared by all groups: comment id -> the group that kept it
    limits: list[str] = field(default_factory=list)
    creator: str | None = None
    comments: list[Comment] = field(default_factory=list)
    rows_read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    threads_seen: bool = False  # announced reply counts only exist on commentThread resources
    announced_by_thread: dict[str, int] = field(default_factory=dict)

    def note_owner(self, channel_id: str | None) -> None:
        # commentThread.snippet.channelId is the channel the video (or discussion) belongs to.
        if self.creator is None and channel_id:
            self.creator = channel_id

    def add(self, comment: Comment) -> bool:
        """Keep the comment unless its id was already kept; False for a duplicate.

        A duplicate is counted where the first copy was kept, so every group's report adds up.
        """
        owner = self.owner_of.get(comment.id)
        if owner is not None:
            owner.rows_read += 1
            owner.skipped[DUPLICATE] += 1
            return False
        self.rows_read += 1
        self.owner_of[comment.id] = self
        self.comments.append(comment)
        return True

    def report(self, format_name: str) -> ImportReport:
        replies_by_thread = Counter(c.platform_reply_to for c in self.comments if c.reply_to)
        missing = sum(
            max(0, total - replies_by_thread[thread_id])
            for thread_id, total in self.announced_by_thread.items()
        )
        limits = [FLATTENED_LIMIT, *([INLINE_REPLIES_LIMIT] if self.threads_seen else [])]
        return ImportReport(
            format=format_name,
            rows_read=self.rows_read,
            comments_kept=len(self.comments),
            skipped=count_skips(self.skipped),
            announced_replies=sum(self.announced_by_thread.values()) if self.threads_seen else None,
            received_replies=sum(replies_by_thread.values()),
            missing_comments=missing,
            limits=(*limits, *self.limits),
        )


class Groups:
    """The threads being built from one upload, in the order their videos first appear."""

    def __init__(self, payload: Payload, options: ImportOptions, format_name: str) -> None:
        self._payload = payload
        self._override = options.external_id
        self._platform = platform_override(options) or Platform.YOUTUBE
        self._format_name = format_name
        self._by_key: dict[GroupKey, Group] = {}
        self._owner_of: dict[str, Group] = {}

    def group_for(self, key: GroupKey) -> Group:
        if self._override is not None:
            # The request names the post: everything in the upload belongs to it.
            key = GroupKey("override", self._override)
        if key not in self._by_key:
            self._by_key[key] = self._new_group(key)
        return self._by_key[key]

    def group_of_comment(self, comment_id: str) -> Group | None:
        return self._owner_of.get(comment_id)

    def _new_group(self, key: GroupKey) -> Group:
        if key.kind == "video" and key.value:
            return Group(key.value, video_url(key.value), self._owner_of)
        if key.kind == "channel" and key.value:
            limit = (
                f"comments on channel {key.value} itself (no videoId): grouped by channelId, "
                "so this thread is a channel discussion, not a video"
            )
            return Group(key.value, channel_url(key.value), self._owner_of, [limit])
        if key.kind == "override" and key.value:
            return Group(key.value, None, self._owner_of)
        fallback = fallback_external_id(self._payload.filename)
        guessed = fallback.limit("video")
        return Group(fallback.value, None, self._owner_of, [guessed] if guessed else [])

    def imported(self) -> list[ImportedThread]:
        return [
            ImportedThread(
                Thread(
                    platform=self._platform,
                    external_id=group.external_id,
                    comments=tuple(group.comments),
                    url=group.url,
                    creator=group.creator,
                    source_format=self._format_name,
                ),
                group.report(self._format_name),
            )
            for group in self._by_key.values()
            if group.comments
        ]
