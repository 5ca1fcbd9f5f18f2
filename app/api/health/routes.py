"""The /healthz and /readyz routes: the process is up; the database answers."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.health.readiness import check_database
from app.api.health.schemas import HealthOut
from app.deps import SessionDep
from app.errors import problem_responses

router = APIRouter(tags=["health"])


@router.get("/healthz", operation_id="health", summary="The process is up")
def health() -> HealthOut:
    return HealthOut(status="ok")


@router.get(
    "/readyz",
    operation_id="ready",
    summary="The database is reachable",
    responses=problem_responses(503),
)
def ready(session: SessionDep) -> HealthOut:
    check_database(session)
    return HealthOut(status="ready")
