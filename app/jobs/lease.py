"""A worker's lease on the job it runs: taken once, renewed on a timer while the job runs.

The lease is what keeps a job from being lost or run twice. The broker hands a job's message
again when its worker's connection drops (the worker was killed); the worker that takes it claims
the lease only once it has gone stale (not renewed for `job_lease_seconds`), so a live worker's
job is never taken over, and a dead worker's job is resumed where its last stored unit ended.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from db.jobs import Claim, claim_job, renew_lease

HELD_POLL_SECONDS = 1.0


def worker_name() -> str:
    """host:pid:thread, which the job's `worker` shows (who ran it)."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident() % 100_000}"


def claim(
    sessions: sessionmaker[Session],
    job_id: int,
    worker: str,
    lease_seconds: float,
    max_attempts: int,
) -> Claim:
    """Claim the job, waiting while another worker's lease on it is fresh: a message handed
    again because its worker died arrives before that worker's lease has gone stale."""
    deadline = time.monotonic() + 2 * lease_seconds
    while True:
        now = datetime.now(UTC)
        with sessions.begin() as session:
            found = claim_job(
                session, job_id, worker, now, now - timedelta(seconds=lease_seconds), max_attempts
            )
        if found is not Claim.HELD or time.monotonic() > deadline:
            return found
        time.sleep(HELD_POLL_SECONDS)


class Lease:
    """Renews the worker's lease every third of its length on a daemon thread; `lost` is set
    when renewing finds that the worker no longer holds it."""

    def __init__(
        self, sessions: sessionmaker[Session], job_id: int, worker: str, lease_seconds: float
    ) -> None:
        self.sessions = sessions
        self.job_id = job_id
        self.worker = worker
        self.interval = lease_seconds / 3
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name=f"lease-{job_id}", daemon=True)

    def __enter__(self) -> Lease:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _renew(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                with self.sessions.begin() as session:
                    held = renew_lease(session, self.job_id, self.worker, datetime.now(UTC))
            except Exception:  # the database away for a moment: try again next time
                continue
            if not held:
                self.lost.set()
                return
