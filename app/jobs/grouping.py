"""A large file's records filed by post on disk, so that each post can be read back whole while
memory holds one post at a time (app/jobs/reading.py)."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Generator, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from importers import streaming

if TYPE_CHECKING:
    from app.jobs.reading import ReadProgress

INSERT_BATCH = 1_000


def records_by_post(
    records: Iterator[streaming.Record],
    post_key: Callable[[Any], str | None],
    spool_dir: Path,
    progress: ReadProgress,
) -> Generator[tuple[tuple[int, ...], list[bytes]], None, None]:
    """(line numbers, JSON texts) of each post's records, posts by first appearance: all
    filed first in a scratch SQLite database (16 MiB cache), deleted when iteration stops."""
    handle, name = tempfile.mkstemp(prefix="posts-", suffix=".sqlite", dir=spool_dir)
    os.close(handle)
    db = sqlite3.connect(name, isolation_level=None)
    try:
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -16384"):
            db.execute(f"PRAGMA {pragma}")
        db.execute("CREATE TABLE record (seq INTEGER PRIMARY KEY, post, line, raw)")
        db.execute("BEGIN")
        first_post: str | None = None
        for batch in iter(lambda: list(islice(records, INSERT_BATCH)), []):
            filed = [(post_key(record.value), record.number, record.raw) for record in batch]
            if first_post is None:
                first_post = next((post for post, _, _ in filed if post is not None), None)
            db.executemany("INSERT INTO record (post, line, raw) VALUES (?, ?, ?)", filed)
            progress.rows_read += len(filed)
        db.execute("CREATE INDEX record_post ON record (post)")
        # Records naming no post go with the first post, to which formats charge such rows.
        db.execute("UPDATE record SET post = ? WHERE post IS NULL", (first_post,))
        db.execute("COMMIT")
        for (post,) in db.execute("SELECT post FROM record GROUP BY post ORDER BY min(seq)"):
            query = "SELECT line, raw FROM record WHERE post IS ? ORDER BY seq"
            rows = db.execute(query, (post,)).fetchall()
            yield tuple(line for line, _ in rows), [raw for _, raw in rows]
    finally:
        db.close()
        os.unlink(name)
