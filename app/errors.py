"""Every error the API can answer with, mapped in one table to RFC 9457 problem+json."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.api.health.readiness import DatabaseUnavailable
from app.api.threads.ingest import ThreadExists
from app.api.threads.upload import BodyTooLarge, EmptyBody, MissingFilePart, UnsupportedMediaType
from app.deps import ThreadNotFound
from db.aggregates import UnknownMetric
from db.repository import InvalidCursor, PostBusy
from importers.base import InvalidInput, UnknownFormat
from importers.payload import PayloadError
from importers.toolkit.identity import MissingExternalId
from nlp.tree import DuplicateCommentId

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://parley.dev/problems/"


@dataclass(frozen=True, slots=True)
class ProblemKind:
    status: int
    slug: str
    title: str


# Most specific classes first: the first isinstance match wins.
PROBLEMS: tuple[tuple[type[Exception], ProblemKind], ...] = (
    (ThreadNotFound, ProblemKind(404, "not-found", "Thread not found")),
    (BodyTooLarge, ProblemKind(413, "body-too-large", "Request body too large")),
    (UnsupportedMediaType, ProblemKind(415, "unsupported-media-type", "Unsupported media type")),
    (PayloadError, ProblemKind(400, "malformed-body", "Malformed request body")),
    (EmptyBody, ProblemKind(400, "empty-body", "Empty request body")),
    (MissingFilePart, ProblemKind(400, "missing-file", "No file in the multipart upload")),
    (InvalidCursor, ProblemKind(400, "invalid-cursor", "Invalid pagination cursor")),
    (UnknownMetric, ProblemKind(422, "unknown-metric", "Unknown metric")),
    (UnknownFormat, ProblemKind(422, "unknown-format", "Input format not recognised")),
    (MissingExternalId, ProblemKind(422, "missing-external-id", "Post id missing")),
    (ThreadExists, ProblemKind(409, "thread-exists", "Thread already stored")),
    (InvalidInput, ProblemKind(422, "invalid-input", "Invalid input")),
    (DuplicateCommentId, ProblemKind(422, "duplicate-comment-id", "Conflicting comment ids")),
    (PostBusy, ProblemKind(503, "post-busy", "Post busy with other uploads")),
    (RequestValidationError, ProblemKind(422, "validation-error", "Invalid request")),
    (DatabaseUnavailable, ProblemKind(503, "database-unavailable", "Database unavailable")),
)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for an operation: each status as problem+json with its titles."""
    documented: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        titles = sorted({kind.title for _, kind in PROBLEMS if kind.status == status})
        documented[status] = {
            "description": "; ".join(titles),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}},
        }
    return documented


def problem_for(exc: Exception) -> tuple[ProblemKind, str, list[dict[str, Any]] | None]:
    if isinstance(exc, StarletteHTTPException):
        return ProblemKind(exc.status_code, "http-error", str(exc.detail)), str(exc.detail), None
    kind = next(kind for cls, kind in PROBLEMS if isinstance(exc, cls))
    if isinstance(exc, RequestValidationError):
        errors = [{"loc": list(error["loc"]), "msg": error["msg"]} for error in exc.errors()]
        return kind, "; ".join(f"{_loc(e['loc'])}: {e['msg']}" for e in errors), errors
    if isinstance(exc, InvalidInput):
        problems = [{"loc": list(p.loc), "msg": p.msg} for p in exc.problems]
        return kind, exc.detail, problems or None
    if isinstance(exc, PayloadError) and exc.line is not None:
        return kind, exc.detail, [{"loc": ["body", "line", exc.line], "msg": exc.detail}]
    if isinstance(exc, DuplicateCommentId):
        errors = [
            {"loc": ["comments", "id"], "msg": f"id {i!r} names different comments"}
            for i in exc.ids
        ]
        return kind, str(exc), errors
    return kind, str(exc), None


def _loc(loc: list[Any]) -> str:
    return ".".join(str(part) for part in loc)


async def problem_handler(request: Request, exc: Exception) -> JSONResponse:
    kind, detail, errors = problem_for(exc)
    body: dict[str, Any] = {
        "type": TYPE_BASE + kind.slug,
        "title": kind.title,
        "status": kind.status,
        "detail": detail,
        "instance": str(request.url.path),
    }
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=kind.status, media_type=PROBLEM_JSON)


def install_problem_handlers(app: FastAPI) -> None:
    for exception_class, _ in PROBLEMS:
        app.add_exception_handler(exception_class, problem_handler)
    app.add_exception_handler(StarletteHTTPException, problem_handler)
