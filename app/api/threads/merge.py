"""An upload of a post already stored: the union of its comments (merge), the import report of
that union, and what an upload changed (its outcome). Pure: threads in, threads out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any

from importers.base import ImportedThread, ImportReport
from importers.retarget import count_retargeted
from nlp.thread import Comment, Thread


class OutcomeKind(StrEnum):
    CREATED = "created"  # the post was not stored
    MERGED = "merged"  # the upload's comments were added to the stored thread
    REPLACED = "replaced"  # the upload became the stored thread


@dataclass(frozen=True, slots=True)
class Outcome:
    """What storing one thread of an upload did, counted by comment id against what was stored:
    added (not stored before), updated (stored, sent again with other values), removed (stored,
    absent from a replacing upload)."""

    kind: OutcomeKind
    comments_added: int
    comments_updated: int
    comments_removed: int

    @property
    def replaced(self) -> bool:
        """The deprecated `replaced` flag: the post was already stored (merged or replaced)."""
        return self.kind is not OutcomeKind.CREATED


@dataclass(frozen=True, slots=True)
class StoredPost:
    """A stored thread as an upload finds it: its id, the canonical thread its rows hold (comments
    in upload order), its import report and its integrity report."""

    thread_id: int
    thread: Thread
    import_report: Mapping[str, Any]
    integrity: Mapping[str, Any]


def outcome(kind: OutcomeKind, stored: Thread | None, upload: Thread) -> Outcome:
    before = {c.id: c for c in stored.comments} if stored is not None else {}
    sent: dict[str, Comment] = {}
    for comment in upload.comments:
        sent.setdefault(comment.id, comment)
    added = sum(cid not in before for cid in sent)
    updated = sum(cid in before and before[cid] != comment for cid, comment in sent.items())
    removed = sum(cid not in sent for cid in before) if kind is OutcomeKind.REPLACED else 0
    return Outcome(kind, added, updated, removed)


def one_per_post(items: Sequence[ImportedThread]) -> list[ImportedThread]:
    """The threads of one upload, one per post, in the order first met: a post found in several
    files of the upload (two Pushshift months in one archive) is their union, later files
    taking precedence as a later upload would."""
    by_post: dict[tuple[str, str], ImportedThread] = {}
    for item in items:
        key = (item.thread.platform.value, item.thread.external_id)
        earlier = by_post.get(key)
        if earlier is None:
            by_post[key] = item
            continue
        union = merged_thread(earlier.thread, item.thread)
        by_post[key] = ImportedThread(
            union, merged_report(asdict(earlier.report), item.report, union)
        )
    return list(by_post.values())


def merged_upload(stored: StoredPost, upload: ImportedThread) -> ImportedThread:
    """The stored thread with the upload's comments added, as one import: see `merged_thread`
    and `merged_report`."""
    union = merged_thread(stored.thread, upload.thread)
    return ImportedThread(union, merged_report(stored.import_report, upload.report, union))


def merged_thread(stored: Thread, upload: Thread) -> Thread:
    """The union of the comments by id, in upload order: the stored comments first (a comment
    sent again takes the upload's values, in the stored place), then the new ones. Every copy
    the upload holds is kept, so the analysis collapses exact repeats and refuses conflicting
    ones as it does for a single upload. The post's url, title, creator and collection time are
    the upload's where it has them; the tags accumulate."""
    copies: dict[str, list[Comment]] = {}
    for comment in upload.comments:
        copies.setdefault(comment.id, []).append(comment)
    comments: list[Comment] = []
    for comment in stored.comments:
        comments.extend(copies.pop(comment.id, [comment]))
    comments.extend(comment for comment in upload.comments if comment.id in copies)
    return replace(
        upload,
        comments=tuple(comments),
        url=upload.url or stored.url,
        title=upload.title or stored.title,
        creator=upload.creator or stored.creator,
        creator_handle=upload.creator_handle or stored.creator_handle,
        collected_at=upload.collected_at or stored.collected_at,
        tags=tuple(sorted(set(stored.tags) | set(upload.tags))),
    )


def merged_report(stored: Mapping[str, Any], upload: ImportReport, union: Thread) -> ImportReport:
    """The import report of a merged thread: rows read and skipped summed over the uploads, the
    comments the union keeps, the reply counts of the latest upload that has any (announced and
    received come from one snapshot), re-targeted replies counted on the union, every limit."""
    skipped = Counter[str](stored.get("skipped") or {})
    skipped.update(upload.skipped)
    latest = upload.announced_replies is not None or upload.received_replies is not None
    retargeted = stored.get("retargeted") or upload.retargeted
    return replace(
        upload,
        rows_read=int(stored.get("rows_read") or 0) + upload.rows_read,
        comments_kept=len({comment.id for comment in union.comments}),
        skipped=dict(sorted(skipped.items())),
        announced_replies=upload.announced_replies if latest else stored.get("announced_replies"),
        received_replies=upload.received_replies if latest else stored.get("received_replies"),
        missing_comments=upload.missing_comments
        if latest
        else int(stored.get("missing_comments") or 0),
        retargeted=count_retargeted(union) if retargeted else {},
        limits=tuple(dict.fromkeys([*(stored.get("limits") or []), *upload.limits])),
        replaced_nul_characters=int(stored.get("replaced_nul_characters") or 0)
        + upload.replaced_nul_characters,
        source_file=", ".join(
            dict.fromkeys(f for f in (stored.get("source_file"), upload.source_file) if f)
        )
        or None,
    )
