"""Store the units of a batch that no worker took before, all in one transaction: a unit of a
few posts stored in transactions of its own spent more time in round trips and the ORM's unit
of work than in analysis. The transaction locks the units and every post they name (in one
sorted order, as any writer does, so that workers cannot deadlock), inserts the posts not
stored yet together (db/new_threads.py) and the others one unit at a time as an upload would
(merged, replaced or refused as `on_existing` says), and deletes the units.

A unit the importers refuse is refused alone; anything else ends the transaction with nothing
stored. The units' attempts were counted before, so if this worker dies here, the batch's next
delivery stores them one by one: a unit that kills its worker is then found out alone."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from app.api.threads.ingest import imported_threads, store_imported
from app.api.threads.merge import Outcome, OutcomeKind, outcome
from app.api.threads.params import ImportRequest
from app.api.threads.privacy import Privacy
from app.api.threads.rows import ReportNote, new_thread
from app.errors import problem_of
from app.jobs.lease import worker_name
from app.jobs.options import noted_text_step
from app.jobs.reading import Unit
from app.jobs.runner import JobContext
from app.jobs.units import (
    StoredThread,
    refusal_result,
    remapped,
    stored_progress,
    stored_results,
    unit_of,
)
from db.job_units import add_results, take_units
from db.jobs import add_progress, goes_on, relaxed_commit
from db.models import SIZE_METRIC
from db.new_threads import insert_new_threads, stored_posts
from db.repository import lock_posts
from importers.base import ImportedThread, InvalidInput
from nlp.analyze import analyze_thread
from nlp.pipeline import TextAnalyzer

Post = tuple[str, str]  # (platform, external_id)


@dataclass(frozen=True, slots=True)
class ReadUnit:
    position: int
    unit: Unit
    threads: list[ImportedThread]  # one per post, as they are to be stored

    @property
    def posts(self) -> list[Post]:
        return [(item.thread.platform.value, item.thread.external_id) for item in self.threads]


@dataclass(frozen=True, slots=True)
class BatchStore:
    context: JobContext
    job_id: int
    request: ImportRequest
    text: bool

    @property
    def analyzer(self) -> TextAnalyzer | None:
        return self.context.analyzer if self.text else None  # as `parley analyze --no-text`

    @property
    def noted(self) -> ReportNote:
        return partial(noted_text_step, text=self.text)

    def store(self, keys: list[tuple[int, int]]) -> bool:
        """Store the units (file position, unit) whose first attempt this worker counted;
        False, storing nothing, when the job was cancelled (or ended) meanwhile."""
        privacy = Privacy.of(self.context.settings)
        with self.context.sessions.begin() as session:
            relaxed_commit(session)
            if not goes_on(session, self.job_id):
                return False
            results: list[dict[str, Any]] = []
            read: list[ReadUnit] = []
            for row in take_units(session, self.job_id, keys):
                unit = unit_of(row)
                format_name = unit.format_name or self.request.format_name
                chosen = replace(self.request, format_name=format_name)
                try:
                    threads = imported_threads(unit.payload, chosen, privacy)
                    read.append(ReadUnit(row.position, unit, threads))
                except InvalidInput as exc:
                    results.append(self.refused(row.position, unit, exc))
            posts = [post for entry in read for post in entry.posts]
            lock_posts(session, posts)
            new, others = _new_units(read, stored_posts(session, posts))
            results += self.store_new(session, new, privacy)
            for entry in others:  # in the batch's order: a post's later units see its earlier
                results += self.store_others(session, entry, privacy)
            add_results(session, results)
            add_progress(session, self.job_id, **stored_progress(results))  # last: brief lock
        return True

    def store_new(
        self, session: Session, units: list[ReadUnit], privacy: Privacy
    ) -> list[dict[str, Any]]:
        """Analyse and insert the threads of units whose posts are all new."""
        threads = [
            new_thread(item, analyze_thread(item.thread, self.analyzer), privacy, self.noted)
            for entry in units
            for item in entry.threads
        ]
        ids = iter(insert_new_threads(session, threads))
        rows = iter(threads)
        results: list[dict[str, Any]] = []
        for entry in units:
            stored = []
            for item in entry.threads:
                thread = next(rows)
                post = (thread.values["platform"], thread.values["external_id"])
                counted = StoredThread(next(ids), *post, int(thread.metrics[SIZE_METRIC]))
                stored.append((counted, outcome(OutcomeKind.CREATED, None, item.thread)))
            results += self.results(entry, stored)
        return results

    def store_others(
        self, session: Session, entry: ReadUnit, privacy: Privacy
    ) -> list[dict[str, Any]]:
        """A unit naming a stored post, or one an earlier unit of the batch named: as an upload
        stores it (its posts are locked already). Refused alone: nothing is written first."""
        try:
            stored = store_imported(
                session, entry.threads, self.request.on_existing, self.analyzer, privacy, self.noted
            )
        except InvalidInput as exc:
            return [self.refused(entry.position, entry.unit, exc)]
        return self.results(entry, [(StoredThread.of(row), done) for row, done in stored])

    def results(
        self, entry: ReadUnit, stored: list[tuple[StoredThread, Outcome]]
    ) -> list[dict[str, Any]]:
        source = entry.unit.payload.name
        unit = entry.unit.index
        return stored_results(self.job_id, entry.position, unit, source, stored, worker_name())

    def refused(self, position: int, unit: Unit, exc: InvalidInput) -> dict[str, Any]:
        problem = problem_of(remapped(exc, unit), f"/v1/imports/{self.job_id}")
        return refusal_result(self.job_id, position, unit.index, unit.payload.source, problem)


def _new_units(read: list[ReadUnit], stored: set[Post]) -> tuple[list[ReadUnit], list[ReadUnit]]:
    """The units whose posts are neither stored nor named by an earlier unit of the batch, and
    the others, each in the batch's order."""
    new: list[ReadUnit] = []
    others: list[ReadUnit] = []
    seen = set(stored)
    for entry in read:
        posts = entry.posts
        (others if seen.intersection(posts) else new).append(entry)
        seen.update(posts)
    return new, others
