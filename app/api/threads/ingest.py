"""Upload → importers → analysis → storage, inside the caller's transaction.

A post already stored is merged with, replaced by, or refused for the upload, as the request's
`on_existing` says (app/api/threads/merge.py). Concurrent uploads of one post end as if they ran
one after another: each thread is planned (read, combined, analysed) from what is stored, then
its post is locked (`db.repository.lock_posts`) and read again; if another request changed it
meanwhile, the plan is made again under the lock. The lock lasts until the caller's transaction
ends, so the write and the commit see no other writer of the post.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app.api.threads.merge import (
    Outcome,
    OutcomeKind,
    StoredPost,
    merged_upload,
    one_per_post,
    outcome,
)
from app.api.threads.params import ImportRequest, OnExisting
from app.api.threads.privacy import Privacy
from app.api.threads.rows import ReportNote, comment_rows, thread_values
from app.mapping.from_storage import stored_thread
from db.models import ThreadRow
from db.repository import comments_as_stored, find_thread, lock_posts, store_thread
from importers.base import ImportedThread, ImportOptions, InvalidInput, Problem
from importers.payload import Payload
from importers.registry import import_payload
from importers.toolkit.identity import require_external_ids
from importers.toolkit.values import NUL, without_nul
from nlp.analyze import analyze_thread
from nlp.pipeline import TextAnalyzer
from nlp.results import ThreadAnalysis
from nlp.thread import Thread


class ThreadExists(InvalidInput):
    """on_existing=reject, and posts of the upload are stored already (each named)."""

    def __init__(self, stored: Sequence[StoredPost]) -> None:
        self.threads = [
            (s.thread.platform.value, s.thread.external_id, s.thread_id) for s in stored
        ]
        named = [f"{p}/{post} is stored as thread {tid}" for p, post, tid in self.threads]
        super().__init__(
            f"on_existing=reject: {'; '.join(named)} (on_existing=merge adds the upload's "
            "comments to it, on_existing=replace replaces it)",
            [Problem(("query", "on_existing"), msg) for msg in named],
        )


@dataclass(frozen=True, slots=True)
class Plan:
    """How one thread of an upload is stored, decided from the post as it was found."""

    upload: ImportedThread  # as imported
    stored: StoredPost | None  # the post as found (None: not stored)
    item: ImportedThread  # what to store: the upload, or its union with the stored thread
    analysis: ThreadAnalysis
    outcome: Outcome


def ingest_upload(
    session: Session,
    payload: Payload,
    request: ImportRequest | None = None,
    analyzer: TextAnalyzer | None = None,
    privacy: Privacy | None = None,
    noted: ReportNote | None = None,
) -> list[tuple[ThreadRow, Outcome]]:
    """Import, analyse and store every thread of an upload; (row, outcome) for each.

    Everything is checked and analysed before anything is written, and the caller's transaction
    makes the writes all-or-nothing. Authors are pseudonymised (when `privacy` says so) after
    reply targets were reconstructed from their names and before anything is analysed, so what
    is measured is what is stored. `noted` amends each thread's import report before it is
    written (a job notes its text step so, in the row's INSERT rather than an UPDATE after).
    """
    request = request or ImportRequest(None, ImportOptions(), ())
    privacy = privacy or Privacy()
    imported = imported_threads(payload, request, privacy)
    return store_imported(session, imported, request.on_existing, analyzer, privacy, noted)


def imported_threads(
    payload: Payload, request: ImportRequest, privacy: Privacy
) -> list[ImportedThread]:
    """The upload's threads as they are to be stored, one per post: imported, the request's tags
    added, authors pseudonymised if `privacy` says so. Raises InvalidInput; reads nothing."""
    imported = import_payload(payload, request.format_name, request.options)
    require_external_ids(imported)
    if request.tags:
        imported = [with_tags(item, request.tags) for item in imported]
    return privacy.applied(one_per_post(imported))


def store_imported(
    session: Session,
    imported: Sequence[ImportedThread],
    on_existing: OnExisting,
    analyzer: TextAnalyzer | None,
    privacy: Privacy,
    noted: ReportNote | None = None,
) -> list[tuple[ThreadRow, Outcome]]:
    """Analyse and store `imported_threads`: planned, the posts locked, stored as planned unless
    another transaction changed them meanwhile (then planned again)."""
    keys = [(item.thread.platform.value, item.thread.external_id) for item in imported]
    plans = make_plans(session, imported, on_existing, analyzer, privacy)
    lock_posts(session, keys)
    session.flush()
    session.expire_all()  # read what other transactions committed since, not cached rows
    if [read_post(session, plan.upload.thread) for plan in plans] != [p.stored for p in plans]:
        plans = make_plans(session, imported, on_existing, analyzer, privacy)
    return [(write(session, plan, privacy, noted), plan.outcome) for plan in plans]


def read_post(session: Session, thread: Thread) -> StoredPost | None:
    """The stored thread of the post `thread` names, as the merge needs it; None if not stored."""
    row = find_thread(session, thread.platform.value, thread.external_id)
    if row is None:
        return None
    stored = stored_thread(row, comments_as_stored(session, row.id))
    return StoredPost(row.id, stored, dict(row.import_report), dict(row.integrity))


def make_plans(
    session: Session,
    imported: Sequence[ImportedThread],
    on_existing: OnExisting,
    analyzer: TextAnalyzer | None,
    privacy: Privacy,
) -> list[Plan]:
    """Each thread's plan from the posts as stored now; ThreadExists when rejecting any,
    CannotMerge when merging into a thread kept otherwise than `privacy` keeps the upload."""
    found = [(upload, read_post(session, upload.thread)) for upload in imported]
    existing = [stored for _, stored in found if stored is not None]
    if existing and on_existing is OnExisting.REJECT:
        raise ThreadExists(existing)
    plans: list[Plan] = []
    for upload, stored in found:
        if stored is None:
            kind, item = OutcomeKind.CREATED, upload
        elif on_existing is OnExisting.REPLACE:
            kind, item = OutcomeKind.REPLACED, upload
        else:
            upload = privacy.joining(stored, upload)
            kind, item = OutcomeKind.MERGED, merged_upload(stored, upload)
        counts = outcome(kind, None if stored is None else stored.thread, upload.thread)
        plans.append(Plan(upload, stored, item, analyze_thread(item.thread, analyzer), counts))
    return plans


def write(
    session: Session, plan: Plan, privacy: Privacy, noted: ReportNote | None = None
) -> ThreadRow:
    """Store a plan: a new thread, or the stored one updated in place (its id stays), its
    import report amended by `noted` if given."""
    values = thread_values(plan.item, plan.analysis, privacy)
    if noted is not None:
        values["import_report"] = noted(values["import_report"])
    if plan.stored is None:
        row = ThreadRow(**values)
    else:
        row = session.get_one(ThreadRow, plan.stored.thread_id)  # read again under the lock
        kept_tags = {tag_row.tag: tag_row for tag_row in row.tag_rows}
        values["tag_rows"] = [kept_tags.get(t.tag, t) for t in values["tag_rows"]]
        for name, value in values.items():
            setattr(row, name, value)
        row.stored_at = datetime.now(UTC)
    if plan.outcome.kind is OutcomeKind.MERGED and plan.stored is not None:
        # Exact repeats are dropped before storing: each upload's count is kept, summed.
        earlier = int(plan.stored.integrity.get("duplicates_collapsed") or 0)
        collapsed = plan.analysis.integrity.duplicates_collapsed + earlier
        row.integrity = {**row.integrity, "duplicates_collapsed": collapsed}
    store_thread(session, row, comment_rows(plan.item, plan.analysis, privacy.store_text))
    return row


def with_tags(item: ImportedThread, tags: tuple[str, ...]) -> ImportedThread:
    """The thread with the request's tags too, their NUL characters replaced (and counted) as the
    importers replace those of the input."""
    merged = tuple(sorted(set(item.thread.tags) | {without_nul(tag) for tag in tags}))
    replaced = item.report.replaced_nul_characters + sum(tag.count(NUL) for tag in tags)
    report = replace(item.report, replaced_nul_characters=replaced)
    return ImportedThread(replace(item.thread, tags=merged), report)
