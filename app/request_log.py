"""Logs without personal data: one line per request, and exceptions without their messages.

Every request gets an id (the client's `X-Request-ID` when it is a plain token, else a new one),
echoed in the response and carried by every log line written while the request runs. Its access
line names the route's template (`/v1/threads/{thread_id}`), never the path as sent or the query
string, which may carry tags. An exception is logged as its class, its causes' classes and its
frames (file:line:function), never its message: a message may hold what failed to be stored, and
a database's own message can quote a row's values even with SQL parameters hidden. `parley serve`
writes every log, uvicorn's included, through these formatters (`uvicorn_logging`).
"""

from __future__ import annotations

import logging
import re
import sys
import time
import traceback
import uuid
from contextvars import ContextVar
from pathlib import Path
from types import TracebackType
from typing import Any

from fastapi import FastAPI
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.settings import Settings

REQUEST_ID_HEADER = "X-Request-ID"
ACCESS_LOGGER = "parley.access"
# A client's request id is kept when it is a plain token (uuid, ulid, trace ids); anything else
# could forge log lines or carry data, and is replaced.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+/=-]{0,127}")
_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_access = logging.getLogger(ACCESS_LOGGER)
_PROJECT = Path(__file__).resolve().parents[1]

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def current_request_id() -> str | None:
    """The id of the request being answered, None outside a request."""
    return _request_id.get()


def route_template(scope: Scope) -> str | None:
    """The path template of the route that answered (None when no route matched)."""
    route = scope.get("route")  # FastAPI names only its API routes here
    if route is None and "endpoint" in scope:  # a plain route: /docs, /openapi.json
        routes = getattr(scope.get("router"), "routes", ())
        route = next((r for r in routes if getattr(r, "endpoint", None) is scope["endpoint"]), None)
    template = getattr(route, "path_format", None)
    return template if isinstance(template, str) else None


def exception_outline(exc: BaseException) -> str:
    """The exception's class and its causes' classes, then its frames, outermost first."""
    classes: list[str] = []
    current: BaseException | None = exc
    while current is not None and len(classes) < 10:  # a cycle of causes is possible
        classes.append(f"{type(current).__module__}.{type(current).__qualname__}")
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    frames = traceback.StackSummary.extract(
        traceback.walk_tb(exc.__traceback__), lookup_lines=False
    )
    where = " > ".join(f"{_short(frame.filename)}:{frame.lineno}:{frame.name}" for frame in frames)
    return f"{' caused by '.join(classes)} at {where or 'an unknown place'}"


def _short(filename: str) -> str:
    """A source file's path from its import root (the project, or site-packages)."""
    path = Path(filename)
    roots = sorted({_PROJECT, *(Path(p) for p in sys.path if p)}, key=lambda r: len(r.parts))
    for root in reversed(roots):
        if path.is_relative_to(root):
            return str(path.relative_to(root))
    return filename


def _outline_of(info: ExcInfo) -> str:
    return "no exception" if info[1] is None else exception_outline(info[1])


class RequestIdFilter(logging.Filter):
    """Gives every record the current request's id (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class JsonLogFormatter(JsonFormatter):
    """One JSON object a line; an exception as its outline, never its message."""

    def formatException(self, ei: ExcInfo) -> str:  # noqa: N802
        return _outline_of(ei)


class TextLogFormatter(logging.Formatter):
    """Plain lines for a terminal; an exception as its outline, never its message."""

    def formatException(self, ei: ExcInfo) -> str:  # noqa: N802
        return _outline_of(ei)

    def format(self, record: logging.LogRecord) -> str:
        record.exc_text = None  # never a traceback another formatter cached on the record
        return super().format(record)


class RequestLog:
    """ASGI middleware: the request id, and one access line when the answer is sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = Headers(scope=scope).get(REQUEST_ID_HEADER, "")
        request_id = given if _SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        started = time.perf_counter()
        sizes = {"request_bytes": 0, "response_bytes": 0}
        status: int | None = None

        async def counted_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                sizes["request_bytes"] += len(message.get("body", b""))
            return message

        async def stamped_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            elif message["type"] == "http.response.body":
                sizes["response_bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, counted_receive, stamped_send)
        finally:
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            route = route_template(scope)
            _access.info(
                "%s %s %s %.1f ms, %d bytes in, %d bytes out",
                scope["method"],
                route,
                status,
                duration_ms,
                sizes["request_bytes"],
                sizes["response_bytes"],
                extra={
                    "request_id": request_id,
                    "method": scope["method"],
                    "route": route,
                    "status": status,
                    "duration_ms": duration_ms,
                    **sizes,
                },
            )
            _request_id.reset(token)


def install_request_log(app: FastAPI, settings: Settings) -> None:
    """Log each request: id, route, status, duration, sizes (the format is `uvicorn_logging`'s)."""
    app.add_middleware(RequestLog)


def uvicorn_logging(settings: Settings) -> dict[str, Any]:
    """uvicorn.run keyword arguments: our access line instead of uvicorn's (which logs the raw
    path and query), and every logger written to stderr in `settings.log_format`."""
    formatters: dict[str, dict[str, Any]] = {
        "json": {
            "()": JsonLogFormatter,
            "fmt": "%(levelname)s %(name)s %(message)s",
            "timestamp": "time",
            "rename_fields": {"levelname": "level", "name": "logger"},
            # uvicorn's start-up lines carry an ANSI-coloured copy of the message.
            "reserved_attrs": [*RESERVED_ATTRS, "color_message"],
        },
        "text": {
            "()": TextLogFormatter,
            "fmt": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
    }
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {settings.log_format: formatters[settings.log_format]},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": settings.log_format,
                "filters": ["request_id"],
            }
        },
        "root": {"level": "INFO", "handlers": ["stderr"]},
    }
    return {"access_log": False, "log_config": config}
