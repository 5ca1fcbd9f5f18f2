"""The /v1/imports routes: submit an upload as a job, follow it, list jobs, cancel one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Response

from app.api.imports import IMPORTS_PATH
from app.api.imports.schemas import (
    ImportJobOut,
    ImportJobPageOut,
    ImportResultPageOut,
    Status,
)
from app.api.imports.service import cancel, create_job, job_page, job_view, result_page, submit
from app.deps import (
    ImportJobDep,
    ImportRequestDep,
    JobQueueDep,
    SessionDep,
    SessionFactoryDep,
    SettingsDep,
    SpooledUploadDep,
)
from app.errors import problem_responses
from app.openapi import UPLOAD_BODY
from app.security.access import requires
from app.security.documentation import ProtectedRoute
from app.security.rate import Charge
from app.security.scopes import Scope

router = APIRouter(prefix=IMPORTS_PATH, tags=["imports"], route_class=ProtectedRoute)
PageSize = Annotated[int, Query(ge=1, le=500, description="Items per page.")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page.")]
TextStep = Annotated[
    bool,
    Query(
        description="Run the text step. `false` stores structure only (faster): text metrics "
        "are null with their reason, and each thread's import report says so."
    ),
]


@router.post(
    "",
    status_code=202,
    operation_id="create_import",
    summary="Submit a comment export as a background import job",
    description="Takes the same bodies, files, archives and options as `POST /v1/threads`, "
    "stores the upload and answers at once; `Location` names the job to follow. Threads are "
    "stored one by one as they are read (each one whole); a file or post the importers refuse "
    "is listed with its problem and the job goes on.",
    openapi_extra={"requestBody": UPLOAD_BODY},
    responses=problem_responses(400, 408, 413, 415, 422, 503),
    dependencies=[requires(Scope.THREADS_WRITE, Charge.WRITE)],
)
def create_import(
    session: SessionDep,
    upload: SpooledUploadDep,
    request: ImportRequestDep,
    queue: JobQueueDep,
    sessions: SessionFactoryDep,
    settings: SettingsDep,
    response: Response,
    background: BackgroundTasks,
    text: TextStep = True,
) -> ImportJobOut:
    job = create_job(session, upload, request, text)
    # Submitted once the session's transaction is committed, so a worker finds the job.
    background.add_task(submit, queue, sessions, job.id)
    response.headers["Location"] = f"{IMPORTS_PATH}/{job.id}"
    return job_view(session, job, settings)


@router.get(
    "",
    operation_id="list_imports",
    summary="Import jobs, newest first",
    responses=problem_responses(422),
    dependencies=[requires(Scope.THREADS_WRITE)],
)
def list_imports(
    session: SessionDep,
    settings: SettingsDep,
    status: Status | None = None,
    limit: PageSize = 50,
    cursor: Cursor = None,
) -> ImportJobPageOut:
    return job_page(session, settings, status, limit, cursor)


@router.get(
    "/{job_id}",
    operation_id="get_import",
    summary="One import job: status, progress, refusals and errors",
    responses=problem_responses(404, 422),
    dependencies=[requires(Scope.THREADS_WRITE)],
)
def get_import(session: SessionDep, job: ImportJobDep, settings: SettingsDep) -> ImportJobOut:
    return job_view(session, job, settings)


@router.get(
    "/{job_id}/results",
    operation_id="list_import_results",
    summary="A job's per-thread results with their import reports, in upload order",
    responses=problem_responses(404, 422),
    dependencies=[requires(Scope.THREADS_WRITE)],
)
def list_import_results(
    session: SessionDep, job: ImportJobDep, limit: PageSize = 100, cursor: Cursor = None
) -> ImportResultPageOut:
    return result_page(session, job.id, limit, cursor)


@router.delete(
    "/{job_id}",
    status_code=202,
    operation_id="cancel_import",
    summary="Cancel an import job",
    description="A queued job is cancelled at once; a running one stops after the thread it is "
    "storing (threads stored before stay stored). 409 when the job has finished.",
    responses=problem_responses(404, 409, 422),
    dependencies=[requires(Scope.THREADS_WRITE, Charge.WRITE)],
)
def cancel_import(session: SessionDep, job: ImportJobDep, settings: SettingsDep) -> ImportJobOut:
    return job_view(session, cancel(session, job), settings)
