"""uvicorn options that protect the server: request headers with a deadline and a size cap, and
a bound on concurrent connections.

uvicorn times only the idle wait between requests (`timeout_keep_alive`). A connection that sends
nothing, or trickles a request's headers, is kept for ever, and httptools accumulates headers
without limit (one connection sending headers for 8 s grew the server by 2 GB).
`HeaderLimitsProtocol`, uvicorn's httptools protocol with two additions, closes a connection
whose request headers are not complete within `header_timeout_seconds` of its opening or of the
request's first byte (408), or grow past MAX_HEADER_BYTES (431). Bodies are timed by
app/limits/body.py.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from app.errors import PROBLEM_JSON, TYPE_BASE
from app.settings import Settings, get_settings

MAX_HEADER_BYTES = 64 * 1024  # request line and headers; Node allows 16 KiB, nginx 32 KiB
# Each connection holds a file descriptor; 1024 is the usual soft limit, and the database pool,
# spooled uploads and logs need some. Past this, new requests are answered 503 at once.
MAX_CONCURRENCY = 900
KEEP_ALIVE_SECONDS = 5  # idle between requests (uvicorn's default, stated)

logger = logging.getLogger("uvicorn.error")


def raw_problem(status: int, slug: str, title: str, detail: str) -> bytes:
    """A whole HTTP/1.1 problem+json response that closes the connection, as bytes."""
    body = json.dumps(
        {"type": TYPE_BASE + slug, "title": title, "status": status, "detail": detail}
    ).encode()
    head = (
        f"content-type: {PROBLEM_JSON}\r\ncontent-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return STATUS_LINE[status] + head.encode("ascii") + body


class HeaderLimitsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with a deadline and a size cap on every request's headers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A class, not an instance, goes to uvicorn (and is pickled to its workers): the
        # setting is read where the connection is made.
        self.header_timeout_seconds = get_settings().header_timeout_seconds
        self.header_deadline: asyncio.TimerHandle | None = None
        self.header_bytes = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._expect_headers()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._expect_headers()  # a new request on a kept-alive connection

    def on_headers_complete(self) -> None:
        self._headers_done()
        super().on_headers_complete()

    def data_received(self, data: bytes) -> None:
        waiting = self.header_deadline is not None
        if waiting:
            self.header_bytes += len(data)
        super().data_received(data)
        # Only if the headers are still incomplete were all these bytes headers.
        still_waiting = self.header_deadline is not None
        if waiting and still_waiting and self.header_bytes > MAX_HEADER_BYTES:
            detail = f"the request line and headers are longer than {MAX_HEADER_BYTES} bytes"
            self._close(431, "headers-too-large", "Request headers too large", detail)

    def connection_lost(self, exc: Exception | None) -> None:
        self._headers_done()
        super().connection_lost(exc)

    def _expect_headers(self) -> None:
        if self.header_deadline is None:
            self.header_bytes = 0
            self.header_deadline = self.loop.call_later(
                self.header_timeout_seconds, self._headers_too_slow
            )

    def _headers_done(self) -> None:
        if self.header_deadline is not None:
            self.header_deadline.cancel()
            self.header_deadline = None

    def _headers_too_slow(self) -> None:
        self.header_deadline = None
        if self.cycle is not None and not self.cycle.response_complete:
            # A pipelined request is late while the one before it is answered: close after.
            self.cycle.keep_alive = False
            return
        seconds = f"{self.header_timeout_seconds:g}"
        detail = f"the request headers did not arrive within {seconds} s"
        self._close(408, "headers-too-slow", "Request headers too slow", detail)

    def _close(self, status: int, slug: str, title: str, detail: str) -> None:
        self._headers_done()
        if not self.transport.is_closing():
            logger.info("closed a connection (%s): %s", status, detail)
            self.transport.write(raw_problem(status, slug, title, detail))
            self.transport.close()


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for uvicorn.run beyond the app, host, port and workers."""
    return {
        "http": HeaderLimitsProtocol,
        "limit_concurrency": MAX_CONCURRENCY,
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
    }
