"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter

from app.deps import SessionDep
from app.errors import problem_responses
from app.readiness import check_database
from app.schemas import HealthOut

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
