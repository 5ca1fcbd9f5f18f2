"""Request bodies capped and timed while they stream, before any handler holds them.

`BodyLimits` wraps the ASGI `receive` of every HTTP request. It counts the body's bytes and
refuses with 413 as soon as they pass `max_body_bytes` (a declared Content-Length over it is
refused before a byte is read), so neither the upload reader nor the multipart parser ever sees
more, chunked or not. It gives every wait for the next chunk a deadline: after
`body_grace_seconds`, the body must keep arriving at `body_min_bytes_per_second` on average,
else 408, so a client that trickles or stops is cut off. Only time spent waiting for the client
counts (an application that reads slowly does not make its client slow). An answer sent before
the body was read in full closes the connection: the rest of a refused body is never read.
"""

from __future__ import annotations

import time

import anyio
from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.imports import IMPORTS_PATH
from app.errors import problem_for, problem_response
from app.limits.exceptions import BodyTooLarge, BodyTooSlow
from app.settings import Settings

CLOSE = (b"connection", b"close")


class MeteredBody:
    """One request's `receive`, counted and timed until the body is complete."""

    def __init__(self, receive: Receive, settings: Settings, max_bytes: int) -> None:
        self._receive = receive
        self.max_bytes = max_bytes
        self.grace_seconds = settings.body_grace_seconds
        self.min_bytes_per_second = settings.body_min_bytes_per_second
        self.received = 0
        self.waited = 0.0  # seconds spent waiting for the client
        self.complete = False
        self.refusal: BodyTooLarge | BodyTooSlow | None = None

    async def receive(self) -> Message:
        if self.complete:  # after the body: a wait for the disconnect, never timed
            return await self._receive()
        if self.refusal is not None:
            raise self.refusal
        # The moment the average rate would fall below the minimum, if nothing more came.
        allowed = max(self.grace_seconds, self.received / self.min_bytes_per_second)
        started = time.monotonic()
        try:
            with anyio.fail_after(max(allowed - self.waited, 0.0)):
                message = await self._receive()
        except TimeoutError:
            self.refusal = BodyTooSlow(self.grace_seconds, self.min_bytes_per_second)
            raise self.refusal from None
        finally:
            self.waited += time.monotonic() - started
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.max_bytes:
                self.refusal = BodyTooLarge(self.max_bytes)
                raise self.refusal
            self.complete = not message.get("more_body", False)
        return message


async def refuse(refusal: Exception, scope: Scope, receive: Receive, send: Send) -> None:
    kind, detail, errors = problem_for(refusal)
    response = problem_response(kind, detail, scope["path"], errors)
    response.headers["connection"] = "close"
    await response(scope, receive, send)


def body_limit(scope: Scope, settings: Settings) -> int:
    """An import job's upload is streamed to storage, not held: it has its own, larger limit."""
    if scope["method"] == "POST" and scope["path"] == IMPORTS_PATH:
        return settings.max_import_bytes
    return settings.max_body_bytes


class BodyLimits:
    """ASGI middleware: every request body counted against the limit and timed as it arrives."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        declared = headers.get("content-length", "")
        limit = body_limit(scope, self.settings)
        if declared.isdigit() and int(declared) > limit:
            await refuse(BodyTooLarge(limit), scope, receive, send)
            return
        has_body = declared not in ("", "0") or "chunked" in headers.get("transfer-encoding", "")
        body = MeteredBody(receive, self.settings, limit)
        responded = replaced = False

        async def guarded_send(message: Message) -> None:
            nonlocal responded, replaced
            if replaced:
                return  # the refusal went out in place of the application's answer
            if message["type"] == "http.response.start":
                responded = True
                if body.refusal is not None:
                    # The application answered the refused body its own way (FastAPI makes
                    # any error while reading a JSON body a 400): the refusal is the answer.
                    replaced = True
                    await refuse(body.refusal, scope, receive, send)
                    return
                if has_body and not body.complete:
                    message = {**message, "headers": [*message.get("headers", []), CLOSE]}
            await send(message)

        try:
            await self.app(scope, body.receive, guarded_send)
        except Exception:
            if body.refusal is None or (responded and not replaced):
                raise
            if not replaced:
                await refuse(body.refusal, scope, receive, send)


def install_body_limits(app: FastAPI, settings: Settings) -> None:
    """Cap and time every request body as it arrives."""
    app.add_middleware(BodyLimits, settings=settings)
