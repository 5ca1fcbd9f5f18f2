"""Every error the API can answer with, mapped in one table to RFC 9457 problem+json.

An exception the table does not name is a fault of ours: `UnexpectedErrors` logs it and answers
500 problem+json itself, so the server never sees it and keeps the connection open.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.creators.service import CreatorNotFound
from app.api.health.readiness import DatabaseUnavailable
from app.api.imports.exceptions import JobFinished, JobNotFound
from app.api.keys.service import KeyNotFound
from app.api.threads.ingest import ThreadExists
from app.api.threads.privacy import CannotMerge
from app.api.threads.upload import EmptyBody, MissingFilePart, UnsupportedMediaType
from app.deps import ThreadNotFound
from app.jobs.contract import QueueUnavailable, WorkerLost
from app.limits.budget import RequestBudgetExceeded
from app.limits.exceptions import BodyTooLarge, BodyTooSlow
from app.request_log import exception_outline, route_template
from app.security.access import NotPermitted, Unauthenticated
from app.security.rate import RateLimited
from app.web_safety import CrossOriginWrite, ForeignHost
from db.aggregates import UnknownMetric
from db.repository import InvalidCursor, PostBusy
from importers.base import InvalidInput, UnknownFormat
from importers.payload import PayloadError, WindowTooLarge
from importers.toolkit.identity import MissingExternalId
from nlp.tree import DuplicateCommentId

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://parley.dev/problems/"
RETRY_AFTER_SECONDS = 5  # the Retry-After of a 503: the database or a busy post, soon back

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ProblemKind:
    status: int
    slug: str
    title: str
    retry_after: int | None = None  # seconds, sent as Retry-After
    # Headers the exception itself supplies (its `headers` mapping), e.g. a rate limit's wait.
    headers: tuple[str, ...] = ()


DATABASE_DOWN = ProblemKind(
    503, "database-unavailable", "Database unavailable", retry_after=RETRY_AFTER_SECONDS
)
INTERNAL = ProblemKind(500, "internal-error", "Internal server error")
RETRY_AFTER_HEADER = {
    "description": "Seconds to wait before trying again.",
    "schema": {"type": "integer", "minimum": 0},
}
HEADER_DOCS: dict[str, dict[str, Any]] = {
    "Retry-After": RETRY_AFTER_HEADER,
    "WWW-Authenticate": {
        "description": "The Bearer challenge (RFC 6750): the error, and the scope needed.",
        "schema": {"type": "string"},
    },
}
# A driver error that means the database cannot be reached: refused or lost connection, pool
# exhausted, server shutting down (SQLAlchemy wraps the DBAPI's OperationalError).
DATABASE_ERRORS: tuple[type[Exception], ...] = (OperationalError, DisconnectionError, PoolTimeout)


AUTH = ("WWW-Authenticate",)
RETRY = ("Retry-After",)

# Most specific classes first: the first isinstance match wins.
PROBLEMS: tuple[tuple[type[Exception], ProblemKind], ...] = (
    (ThreadNotFound, ProblemKind(404, "not-found", "Thread not found")),
    (KeyNotFound, ProblemKind(404, "key-not-found", "API key not found")),
    (CreatorNotFound, ProblemKind(404, "creator-not-found", "Creator not found")),
    (JobNotFound, ProblemKind(404, "import-not-found", "Import job not found")),
    (JobFinished, ProblemKind(409, "import-finished", "Import job finished already")),
    (QueueUnavailable, ProblemKind(503, "queue-unavailable", "Job queue unavailable", 5)),
    (WorkerLost, ProblemKind(500, "import-worker-lost", "Import workers lost")),
    (Unauthenticated, ProblemKind(401, "unauthenticated", "No valid API key", headers=AUTH)),
    (NotPermitted, ProblemKind(403, "not-permitted", "Not permitted for this key", headers=AUTH)),
    (CrossOriginWrite, ProblemKind(403, "cross-site-write", "Cross-site write refused")),
    (ForeignHost, ProblemKind(403, "foreign-host", "Browser request to a non-loopback name")),
    (RateLimited, ProblemKind(429, "rate-limited", "Rate limit reached", headers=RETRY)),
    (BodyTooLarge, ProblemKind(413, "body-too-large", "Request body too large")),
    (WindowTooLarge, ProblemKind(413, "window-too-large", "Compression window too large")),
    (BodyTooSlow, ProblemKind(408, "body-too-slow", "Request body too slow")),
    (UnsupportedMediaType, ProblemKind(415, "unsupported-media-type", "Unsupported media type")),
    (PayloadError, ProblemKind(400, "malformed-body", "Malformed request body")),
    (EmptyBody, ProblemKind(400, "empty-body", "Empty request body")),
    (MissingFilePart, ProblemKind(400, "missing-file", "No file in the multipart upload")),
    (InvalidCursor, ProblemKind(422, "invalid-cursor", "Invalid pagination cursor")),
    (UnknownMetric, ProblemKind(422, "unknown-metric", "Unknown metric")),
    (UnknownFormat, ProblemKind(422, "unknown-format", "Input format not recognised")),
    (MissingExternalId, ProblemKind(422, "missing-external-id", "Post id missing")),
    (ThreadExists, ProblemKind(409, "thread-exists", "Thread already stored")),
    (CannotMerge, ProblemKind(409, "cannot-merge", "Thread cannot take the upload")),
    (InvalidInput, ProblemKind(422, "invalid-input", "Invalid input")),
    (DuplicateCommentId, ProblemKind(422, "duplicate-comment-id", "Conflicting comment ids")),
    (PostBusy, ProblemKind(503, "post-busy", "Post busy with other uploads", RETRY_AFTER_SECONDS)),
    # Before the database errors: its cause, an interrupted statement, is an OperationalError.
    (
        RequestBudgetExceeded,
        ProblemKind(503, "request-budget-exceeded", "Request took too long", RETRY_AFTER_SECONDS),
    ),
    (RequestValidationError, ProblemKind(422, "validation-error", "Invalid request")),
    (DatabaseUnavailable, DATABASE_DOWN),
    *((database_error, DATABASE_DOWN) for database_error in DATABASE_ERRORS),
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
        kinds = [kind for _, kind in PROBLEMS if kind.status == status]
        headers = {name for kind in kinds for name in kind.headers}
        if any(kind.retry_after for kind in kinds):
            headers.add("Retry-After")
        if headers:
            documented[status]["headers"] = {name: HEADER_DOCS[name] for name in sorted(headers)}
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
    if isinstance(exc, InvalidCursor):
        return kind, str(exc), [{"loc": ["query", "cursor"], "msg": str(exc)}]
    if isinstance(exc, DATABASE_ERRORS):
        return kind, f"the database did not answer ({exc.__class__.__name__}); retry later", None
    if isinstance(exc, DuplicateCommentId):
        errors = [
            {"loc": ["comments", "id"], "msg": f"id {i!r} names different comments"}
            for i in exc.ids
        ]
        return kind, str(exc), errors
    return kind, str(exc), None


def _loc(loc: list[Any]) -> str:
    return ".".join(str(part) for part in loc)


def problem_document(
    kind: ProblemKind, detail: str, path: str, errors: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": TYPE_BASE + kind.slug,
        "title": kind.title,
        "status": kind.status,
        "detail": detail,
        "instance": path,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_of(exc: Exception, path: str) -> dict[str, Any]:
    """The problem details a request failing with `exc` would answer, as a JSON object: what an
    import job stores when it, or one of its files, fails. An exception the table does not name
    is a fault of ours, described without its message (which may quote the upload)."""
    if not any(isinstance(exc, cls) for cls, _ in PROBLEMS):
        return problem_document(INTERNAL, "an unexpected error occurred; it has been logged", path)
    kind, detail, errors = problem_for(exc)
    return problem_document(kind, detail, path, errors)


def problem_response(
    kind: ProblemKind,
    detail: str,
    path: str,
    errors: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = problem_document(kind, detail, path, errors)
    sent = {} if kind.retry_after is None else {"Retry-After": str(kind.retry_after)}
    sent.update(headers or {})
    return JSONResponse(body, status_code=kind.status, media_type=PROBLEM_JSON, headers=sent)


async def problem_handler(request: Request, exc: Exception) -> JSONResponse:
    kind, detail, errors = problem_for(exc)
    if kind.status >= 500:  # the cause, for the operator, without its message (app.request_log)
        route = route_template(request.scope)
        outline = exception_outline(exc)
        logger.warning("%s %s answered %s: %s", request.method, route, kind.slug, outline)
    headers = getattr(exc, "headers", None) if kind.headers else None
    return problem_response(kind, detail, str(request.url.path), errors, headers)


class UnexpectedErrors:
    """ASGI middleware: an exception no handler took becomes a logged 500 problem+json. It is
    not re-raised (Starlette's ServerErrorMiddleware would, and the server would then drop the
    keep-alive connection); one raised after the response started is, as nothing can be sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            if started:
                raise
            route = route_template(scope)
            outline = exception_outline(exc)
            logger.error("unexpected error in %s %s: %s", scope["method"], route, outline)
            detail = "an unexpected error occurred; it has been logged"
            await problem_response(INTERNAL, detail, scope["path"])(scope, receive, send)


def install_problem_handlers(app: FastAPI) -> None:
    for exception_class, _ in PROBLEMS:
        app.add_exception_handler(exception_class, problem_handler)
    app.add_exception_handler(StarletteHTTPException, problem_handler)
    app.add_middleware(UnexpectedErrors)
