"""What the server knows of a job queue: how to submit to it, and how it fails."""

from __future__ import annotations

from typing import Protocol


class QueueUnavailable(Exception):
    """The broker could not take the job (it is stored as failed, with this reason)."""

    def __init__(self, cause: Exception) -> None:
        super().__init__(
            f"the job queue did not take the job ({cause.__class__.__name__}); retry later"
        )


class WorkerLost(Exception):
    """Workers stopped (killed, out of memory, their machine gone) while running the job or
    storing one of its units, too many times: it is given up, with this reason."""

    def __init__(self, attempts: int, what: str = "this unit") -> None:
        super().__init__(
            f"the workers running {what} stopped {attempts} times (killed, out of memory, or "
            "their machine went away); what was stored before stays stored. Split the upload, "
            "or import the rest as a new job"
        )


class JobQueue(Protocol):
    def submit(self, job_id: int) -> None: ...

    def close(self) -> None: ...
