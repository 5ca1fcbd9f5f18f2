"""Where submitted jobs go: a broker's queue that `parley worker` processes take from, or,
with no broker configured, a thread of the server process itself (the embedded default, so
`make serve` on SQLite needs nothing else). Both run the same `run_job`."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.orm import Session, sessionmaker

from app.jobs.batches import run_batch
from app.jobs.contract import JobQueue
from app.jobs.runner import JobContext, run_job
from app.request_log import exception_outline
from app.settings import Settings
from db.job_units import waiting_batches
from db.jobs import unfinished_jobs
from nlp.pipeline import TextAnalyzer

logger = logging.getLogger(__name__)


class EmbeddedQueue:
    """Jobs run one at a time on a thread of this process, each batch stored as soon as it is
    read. Jobs left unfinished by an earlier run of the server (stopped, or killed) are taken
    up again at start: read on, or their waiting batches stored."""

    def __init__(self, context: JobContext) -> None:
        self.context = context
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parley-import")

    def resume_unfinished(self) -> None:
        """On the jobs' thread, so that start-up neither waits for it nor fails with it (a
        database that does not answer yet makes the service answer 503, not refuse to start)."""
        self.executor.submit(self._resume)

    def _resume(self) -> None:
        try:
            with self.context.sessions() as session:
                unfinished = unfinished_jobs(session)
                waiting = {job_id: waiting_batches(session, job_id) for job_id, _ in unfinished}
        except Exception as exc:
            logger.error("unfinished import jobs not resumed: %s", exception_outline(exc))
            return
        for job_id, read in unfinished:
            if not read:
                self._run(job_id)
            for batch in waiting[job_id] if read else ():
                self._run_batch(job_id, batch)

    def _run_batch(self, job_id: int, batch: int) -> None:
        try:
            run_batch(job_id, batch, self.context)
        except Exception as exc:
            logger.error("import job %s, batch %s: %s", job_id, batch, exception_outline(exc))

    def submit(self, job_id: int) -> None:
        self.executor.submit(self._run, job_id)

    def _run(self, job_id: int) -> None:
        try:
            run_job(job_id, self.context)
        except Exception as exc:  # the job is marked failed by run_job; this is a last resort
            logger.error("import job %s: %s", job_id, exception_outline(exc))

    def close(self) -> None:
        # A running job stops after its current unit, released for the next start to resume.
        self.context.stopping.set()
        self.executor.shutdown(wait=True, cancel_futures=True)


def job_queue(
    settings: Settings, sessions: sessionmaker[Session], analyzer: TextAnalyzer
) -> JobQueue:
    """The broker's queue when one is configured; else jobs run here, unfinished ones resumed."""
    if settings.broker_url is not None:
        from app.jobs.broker import BrokerQueue  # Dramatiq is loaded only when it is used

        return BrokerQueue(settings.broker_url, settings.job_queue_name)
    embedded = EmbeddedQueue(JobContext(sessions, settings, analyzer))
    embedded.resume_unfinished()
    return embedded
