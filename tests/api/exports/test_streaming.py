"""A large export is streamed: sent in many chunks as it is read, never whole, and a client that
goes away early releases the export's database connection."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert

from app.api.exports.formats import CSV_ROWS_PER_CHUNK, PARQUET_ROWS_PER_GROUP
from db.engine import make_session_factory
from db.models import CommentRow, MetricsRow, ThreadRow
from metrics import METRICS

COMMENTS = 20_000
T0 = datetime(2024, 5, 1, tzinfo=UTC)


def store_long_thread(engine: Engine) -> int:
    """One thread of COMMENTS comments, written directly (an upload would measure it first):
    c0 on the post, then c1 … each replying to c0, by 100 authors in turn."""
    metrics: dict[str, Any] = {m.name: 0 for m in METRICS if not m.nullable}
    metrics |= {"comments": COMMENTS, "metric_version": 2, "unavailable": {}}
    thread = ThreadRow(
        platform="reddit",
        external_id="long",
        source_format="canonical",
        integrity={"unknown_author_comments": 0},
        import_report={},
        metrics=MetricsRow(**metrics),
    )
    with make_session_factory(engine).begin() as session:
        session.add(thread)
        session.flush()
        rows = [
            {
                "thread_id": thread.id,
                "position": i,
                "input_position": i,
                "comment_id": f"c{i}",
                "parent_id": f"c{0}" if i else None,
                "reply_to": f"c{0}" if i else None,
                "reply_to_method": "given",
                "depth": 2 if i else 1,
                "author": f"u{i % 100}",
                "text": f"comment number {i}, with a comma",
                "created_at": T0 + timedelta(seconds=i),
            }
            for i in range(COMMENTS)
        ]
        session.execute(insert(CommentRow), rows)
        return thread.id


@pytest.mark.parametrize(
    ("format", "rows_per_chunk"), [("csv", CSV_ROWS_PER_CHUNK), ("parquet", PARQUET_ROWS_PER_GROUP)]
)
def test_a_large_export_streams_in_chunks_and_parses_whole(
    client: TestClient, clean_engine: Engine, format: str, rows_per_chunk: int
) -> None:
    thread_id = store_long_thread(clean_engine)
    with client.stream("GET", f"/v1/exports/comments?format={format}") as response:
        assert response.status_code == 200
        assert "content-length" not in response.headers  # its size is not known up front
        chunks = list(response.iter_raw())
    assert len(chunks) >= COMMENTS // rows_per_chunk  # a chunk per batch of rows
    body = b"".join(chunks)
    if format == "csv":
        rows = list(csv.DictReader(io.StringIO(body.decode(), newline="")))
        ids = [row["comment_id"] for row in rows]
        assert rows[-1]["text"] == f"comment number {COMMENTS - 1}, with a comma"
    else:
        table = pq.read_table(io.BytesIO(body))
        assert pq.ParquetFile(io.BytesIO(body)).num_row_groups == COMMENTS // rows_per_chunk
        ids = table.column("comment_id").to_pylist()
        assert set(table.column("thread_id").to_pylist()) == {thread_id}
    assert ids == [f"c{i}" for i in range(COMMENTS)]


def test_the_edges_of_a_large_thread_stream_too(client: TestClient, clean_engine: Engine) -> None:
    store_long_thread(clean_engine)
    with client.stream("GET", "/v1/exports/edges") as response:
        rows = list(csv.DictReader(io.StringIO(response.read().decode(), newline="")))
    # u0 wrote c0; every other author replies to it: u1…u99 each 200 times, u0 199 times itself
    replies = {row["from_author"]: int(row["replies"]) for row in rows}
    assert replies == {f"u{n}": 200 for n in range(1, 100)} | {"u0": 199}
    assert {row["to_author"] for row in rows} == {"u0"}
    assert {row["reciprocated"] for row in rows} == {"false"}


def test_a_client_leaving_early_releases_the_exports_connection(
    client: TestClient, clean_engine: Engine
) -> None:
    store_long_thread(clean_engine)
    engine: Engine = client.app.state.session_factory.kw["bind"]  # type: ignore[attr-defined]
    with client.stream("GET", "/v1/exports/comments") as response:
        chunks = response.iter_raw()  # kept: a collected iterator would close the response
        assert next(chunks).startswith(b"thread_id,comment_id")
        assert engine.pool.checkedout() == 1  # type: ignore[attr-defined]  # the export's own
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
