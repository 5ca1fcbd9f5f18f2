"""`parley import` without a server: the job is created in the database exactly as POST
/v1/imports creates it, then run on a thread of this process while the caller follows it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress

from sqlalchemy.orm import Session

from app.api.imports.exceptions import JobFinished
from app.api.imports.schemas import ImportJobOut
from app.api.imports.service import cancel, create_job, job_view
from app.api.imports.spool import SpooledFile
from app.api.threads.params import ImportRequest
from app.cli.import_files import CountedFile, ExportFile
from app.jobs.runner import JobContext, run_job
from app.settings import Settings
from app.text_pipeline import text_analyzer
from db.engine import make_engine, make_session_factory
from db.job_models import ImportJobRow
from db.jobs import Claim, find_job
from db.migrate import upgrade


class LocalJob:
    """A job run by `run_job` on a thread of this process, read from its database row."""

    def __init__(self, context: JobContext, job_id: int):
        self.sessions = context.sessions
        self.settings = context.settings
        self.job_id = job_id
        self.claim: Claim | None = None
        self.crash: Exception | None = None
        # Set when the thread is done. Not Thread.join: on Python 3.11 a Ctrl-C interrupting
        # join(timeout) marks the thread stopped while it runs on (bpo-45274's fix).
        self.done = threading.Event()
        # A daemon: a second Ctrl-C leaves without waiting; the job, asked to cancel, is then
        # cancelled by whichever worker finds it.
        self.thread = threading.Thread(
            target=self._run, args=(context,), name="parley-import", daemon=True
        )

    def start(self) -> None:
        self.thread.start()

    def _run(self, context: JobContext) -> None:
        try:
            self.claim = run_job(self.job_id, context)
        except Exception as exc:  # shown to the user: the job is left unfinished
            self.crash = exc
        finally:
            self.done.set()

    def stopped(self) -> str | None:
        """Why the job can no longer go on (its thread ended); None while it runs."""
        if not self.done.is_set():
            return None
        if self.crash is not None:
            return f"{self.crash.__class__.__name__}: {self.crash}"
        return f"its run here ended with the claim {self.claim}"

    def poll(self) -> ImportJobOut:
        with self.sessions() as session:
            return job_view(session, self._job(session), self.settings)

    def wait(self, seconds: float) -> None:
        self.done.wait(seconds)

    def cancel(self) -> None:
        # A job that ended meanwhile has nothing to cancel: its final state is what follows.
        with self.sessions.begin() as session, suppress(JobFinished):
            cancel(session, self._job(session))

    def _job(self, session: Session) -> ImportJobRow:
        job = find_job(session, self.job_id)
        if job is None:
            raise LookupError(f"import job {self.job_id} is no longer stored")
        return job


@contextmanager
def local_job(
    settings: Settings,
    files: Sequence[ExportFile],
    request: ImportRequest,
    on_stored: Callable[[int], None],
    text: bool = True,
) -> Iterator[LocalJob]:
    """The files stored as a queued job in the settings' database (migrated first), the job
    started on a thread; the database is let go when the block ends. Without `text` no
    language pipeline is built."""
    # First: a setting it refuses leaves no job behind.
    analyzer = text_analyzer(settings) if text else None
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        sessions = make_session_factory(engine)
        with ExitStack() as opened, sessions.begin() as session:
            spooled = [
                SpooledFile(
                    opened.enter_context(CountedFile(f.path, on_stored)), f.name, f.media_type, None
                )
                for f in files
            ]
            job_id = create_job(session, spooled, request, text).id
        job = LocalJob(JobContext(sessions, settings, analyzer), job_id)
        job.start()
        yield job
    finally:
        engine.dispose()
