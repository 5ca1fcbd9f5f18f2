"""An export as a streamed response, read in a session of its own as it is sent.

The request's session (app/deps.py) ends when the handler returns, before the body is sent, and
holds a read to the request's time budget; an export is read while it is sent, for as long as
the client takes to receive it. Its session is its own, one transaction (on PostgreSQL one
snapshot: db.exports.export_snapshot), closed when the export ends or the client goes away.
The first chunk is made before the response starts, so that the first query has run: a
database that cannot be reached is a 503 problem, not a 200 cut short.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import anyio
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import Receive, Scope, Send

from app.api.exports.formats import ExportFormat, encoded
from app.api.exports.service import Table
from db.exports import ThreadFilter, export_snapshot


def export_response(
    sessions: sessionmaker[Session], table: Table, selection: ThreadFilter, format: ExportFormat
) -> StreamingResponse:
    chunks = _exported(sessions, table, selection, format)
    first = next(chunks)  # an encoder always yields at least once (the header, magic, footer)
    disposition = f"attachment; filename={table.name}.{format.value}"
    return ExportResponse(
        _primed(first, chunks),
        media_type=format.media_type,  # text/csv gets "; charset=utf-8" from Starlette
        headers={"Content-Disposition": disposition},
    )


class ExportResponse(StreamingResponse):
    """A response streamed from a generator made on worker threads, which it closes (and the
    export's session with it) on a worker thread however the response ends: sent whole, or
    cut short by a client that went away. Starlette would leave that to the garbage collector,
    on the event loop."""

    def __init__(self, chunks: Generator[bytes, None, None], **options: Any) -> None:
        super().__init__(chunks, **options)
        self.chunks = chunks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(self.chunks.close)


def _exported(
    sessions: sessionmaker[Session], table: Table, selection: ThreadFilter, format: ExportFormat
) -> Generator[bytes, None, None]:
    with sessions() as session, session.begin():
        export_snapshot(session)
        yield from encoded(format, table.columns, table.rows(session, selection))


def _primed(first: bytes, rest: Generator[bytes, None, None]) -> Generator[bytes, None, None]:
    yield first
    yield from rest
