"""What /v1/imports refuses with (mapped to HTTP in app/errors.py)."""

from __future__ import annotations

from db.job_models import ImportJobRow


class JobNotFound(LookupError):
    def __init__(self, job_id: int) -> None:
        super().__init__(f"no import job with id {job_id}")


class JobFinished(Exception):
    def __init__(self, job: ImportJobRow) -> None:
        super().__init__(f"import job {job.id} has {job.status} already: nothing to cancel")
