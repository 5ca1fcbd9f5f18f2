"""Stored threads → the current analysis, without re-uploading: `parley rescore` and bench scripts.

Each selected thread is rebuilt from its stored rows (the inverse of `ingest.comment_rows` and
`ingest.thread_row`), analysed again, and its measurements replaced in a transaction of its own:
a failure on one thread leaves that thread as it was and the others rescored. The thread keeps
its id, tags, import report, stored_at and comments; only the comments' place in the tree
(position, parent_id, depth) is rewritten, and only where a new tree repair moved them.

Fidelity: the comments are fed to the analysis in the order they were stored, which is their
input order (`ingest.comment_rows`), so the measurements equal those at upload while the metric
and score versions stay the same. Threads stored before uploads kept the input order come back
in tree order: their measurements can differ where comments share a timestamp across branches,
or have none. Exact repeats were collapsed before storing, so the stored `duplicates_collapsed`
count is kept.

A thread stored without its creator's handle (before handles were kept) gets the one its stored
url, creator and comments imply (`importers.toolkit.creators.implied_creator_handle`), so it
joins its creator's other threads; a stored handle is never changed.

A thread stored without its comments' text (`store_comment_text=False`) cannot be measured
again (its text metrics would be lost): it only gets its creator's handle, and is counted apart
(`without_text`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.api.threads.privacy import PSEUDONYMISED, keeps_text, stored_privacy
from app.api.threads.rows import measurement_fields
from app.jobs.options import STRUCTURE_ONLY
from app.mapping.from_storage import stored_thread
from db.models import CommentRow
from db.repository import (
    StoredVersions,
    comments_as_stored,
    get_thread,
    lock_posts,
    move_comments,
    stored_versions,
)
from importers.toolkit.creators import implied_creator_handle
from nlp.analyze import SCORE_VERSION, analyze_thread
from nlp.pipeline import TextAnalyzer
from nlp.results import METRIC_VERSION, PlacedComment

Progress = Callable[[int, int], None]  # (threads done, threads to do)


class ThreadGone(LookupError):
    """The thread was deleted (or replaced by a new upload) after it was selected."""

    def __init__(self, thread_id: int) -> None:
        super().__init__(f"thread {thread_id} is no longer stored")


@dataclass(frozen=True, slots=True, kw_only=True)
class RescoreSelection:
    """Which stored threads to rescore: all, or those on a platform, carrying a tag, and/or
    measured with an older metric or score version than the current ones."""

    platform: str | None = None
    tag: str | None = None
    only_outdated: bool = False


@dataclass(frozen=True, slots=True)
class RescoreFailure:
    """A thread that could not be rescored (and was left as it was), and why."""

    thread_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class Versions:
    """The metric and score versions a measurement was made with."""

    metric_version: int
    score_version: int


@dataclass(frozen=True, slots=True)
class RescoreSummary:
    """What a rescore did, by thread id, and the versions it measured with."""

    rescored: tuple[int, ...]
    skipped: tuple[int, ...]  # already at the current versions (only_outdated)
    failed: tuple[RescoreFailure, ...]
    current: Versions
    without_text: tuple[int, ...] = ()  # stored without comment text: not measured again

    @property
    def ok(self) -> bool:
        return not self.failed

    def lines(self) -> list[str]:
        """The summary as printed by `parley rescore`, one failure per line with its reason."""
        head = (
            f"rescored {len(self.rescored)}, skipped {len(self.skipped)} (current versions: "
            f"metric {self.current.metric_version}, score {self.current.score_version}), "
            f"left as stored without text {len(self.without_text)}, failed {len(self.failed)}"
        )
        return [head, *(f"  thread {f.thread_id}: {f.reason}" for f in self.failed)]


def current_versions() -> Versions:
    """The metric and score versions `analyze_thread` stamps now."""
    return Versions(METRIC_VERSION, SCORE_VERSION)


def is_outdated(stored: StoredVersions, current: Versions) -> bool:
    """Whether a thread was measured with an older metric or score version (or none at all)."""
    return (
        stored.metric_version is None
        or stored.metric_version < current.metric_version
        or stored.score_version is None
        or stored.score_version < current.score_version
    )


def select_threads(
    session_factory: sessionmaker[Session], selection: RescoreSelection, current: Versions
) -> tuple[list[int], list[int]]:
    """Ids to rescore and ids skipped as current, each by id."""
    with session_factory() as session:
        stored = stored_versions(session, selection.platform, selection.tag)
    if not selection.only_outdated:
        return [s.thread_id for s in stored], []
    chosen = [s.thread_id for s in stored if is_outdated(s, current)]
    skipped = [s.thread_id for s in stored if not is_outdated(s, current)]
    return chosen, skipped


def rescore(
    session_factory: sessionmaker[Session],
    analyzer: TextAnalyzer | None,
    selection: RescoreSelection | None = None,
    progress: Progress | None = None,
    batch: int = 100,
) -> RescoreSummary:
    """Rescore every selected thread, each in its own transaction; `progress` is called after
    every `batch` threads and after the last. `analyzer` None skips the text step (as
    `parley analyze --no-text`); the service always runs it."""
    if batch < 1:
        raise ValueError("a batch holds at least one thread")
    current = current_versions()
    chosen, skipped = select_threads(session_factory, selection or RescoreSelection(), current)
    rescored: list[int] = []
    without_text: list[int] = []
    failed: list[RescoreFailure] = []
    for done, thread_id in enumerate(chosen, start=1):
        try:
            with session_factory() as session, session.begin():
                measured = rescore_thread(session, thread_id, analyzer)
        except Exception as exc:  # reported with its id; the other threads go on
            failed.append(RescoreFailure(thread_id, f"{type(exc).__name__}: {exc}"))
        else:
            (rescored if measured else without_text).append(thread_id)
        if progress is not None and (done % batch == 0 or done == len(chosen)):
            progress(done, len(chosen))
    return RescoreSummary(
        tuple(rescored), tuple(skipped), tuple(failed), current, tuple(without_text)
    )


def rescore_thread(session: Session, thread_id: int, analyzer: TextAnalyzer | None) -> bool:
    """Analyse one stored thread again and replace its measurements, in the caller's
    transaction; a thread without its creator's handle gets the one it implies. False when the
    thread was stored without its comments' text: only its handle is named then. Raises
    ThreadGone, or whatever the analysis raises (nothing is written then)."""
    row = get_thread(session, thread_id)
    if row is None:
        raise ThreadGone(thread_id)
    # An upload merging into this post must not interleave: its comments would be measured stale.
    lock_posts(session, [(row.platform, row.external_id)])
    session.refresh(row)
    comments = comments_as_stored(session, thread_id)
    thread = stored_thread(row, comments)
    if row.creator_handle is None:
        pseudonymised = stored_privacy(row.import_report).get("authors") == PSEUDONYMISED
        row.creator_handle = implied_creator_handle(thread, pseudonymised=pseudonymised)
    if not keeps_text(row.import_report):
        session.flush()
        return False
    analysis = analyze_thread(thread, analyzer)
    if analyzer is not None:  # measured with text now: a structure-only import's note is past
        limits = [n for n in row.import_report.get("limits", []) if n != STRUCTURE_ONLY]
        row.import_report = {**row.import_report, "limits": limits}
    collapsed = row.integrity.get("duplicates_collapsed", 0)
    for name, value in measurement_fields(analysis).items():
        setattr(row, name, value)
    # Exact repeats were dropped before storing: only the count made at upload knows them.
    row.integrity = {**row.integrity, "duplicates_collapsed": collapsed}
    move_comments(session, comment_moves(comments, analysis.tree_order))
    session.flush()
    return True


def comment_moves(
    comments: Sequence[CommentRow], placed: Sequence[PlacedComment]
) -> list[dict[str, Any]]:
    """The stored comments whose position, parent or depth differ from the new tree's."""
    by_id = {comment.comment_id: comment for comment in comments}
    moves: list[dict[str, Any]] = []
    for position, place in enumerate(placed):
        stored = by_id[place.id]
        if (stored.position, stored.parent_id, stored.depth) != (
            position,
            place.parent,
            place.depth,
        ):
            moves.append(
                {
                    "id": stored.id,
                    "position": position,
                    "parent_id": place.parent,
                    "depth": place.depth,
                }
            )
    return moves
