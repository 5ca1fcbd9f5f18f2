"""The data version: a counter that every committed change to what aggregates read moves on.

Aggregates (per-platform overviews, comparisons, the report) are costly to compute and change
only when stored threads do, so the service caches them under this version. It is kept by
database triggers on the tables aggregates read (threads, their metrics, windows and tags), in
the writing transaction itself: every write path counts, the ORM's, bulk statements, raw SQL and
COPY alike, and a reader never sees new rows beside an old version.

- SQLite: a trigger per table and operation moves the counter on at each changed row (SQLite
  has one writer at a time, so this adds no waiting).
- PostgreSQL: a deferred constraint trigger moves it on once per transaction, at commit, so
  concurrent writers (import workers) hold the counter's row lock only while committing.

A reader must read the version before the data it caches: under READ COMMITTED the data read
afterwards is then at least as new as the version, never older.
"""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from db.models import DataVersionRow

WATCHED_TABLES = ("threads", "thread_metrics", "thread_window_metrics", "thread_tags")
OPERATIONS = ("insert", "update", "delete")
_ROW = 1
# The counter's row is created by the migration; a trigger re-creates it if it was deleted.
_BUMP = (
    f"INSERT INTO data_version (id, version) VALUES ({_ROW}, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = data_version.version + 1"
)
_POSTGRES_FUNCTION = f"""
CREATE FUNCTION parley_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('parley.data_version_bumped', true)
            IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('parley.data_version_bumped', txid_current()::text, true);
        {_BUMP};
    END IF;
    RETURN NULL;
END $$
"""


def _trigger_name(table: str, operation: str = "") -> str:
    return f"data_version_{table}" + (f"_{operation}" if operation else "")


def create_statements(dialect: str) -> list[str]:
    """The DDL that keeps the version current on `dialect` (sqlite or postgresql)."""
    if dialect == "postgresql":
        return [_POSTGRES_FUNCTION] + [
            f"CREATE CONSTRAINT TRIGGER {_trigger_name(table)} "
            f"AFTER INSERT OR UPDATE OR DELETE ON {table} DEFERRABLE INITIALLY DEFERRED "
            "FOR EACH ROW EXECUTE FUNCTION parley_bump_data_version()"
            for table in WATCHED_TABLES
        ]
    return [
        f"CREATE TRIGGER {_trigger_name(table, operation)} AFTER {operation.upper()} ON {table} "
        f"BEGIN {_BUMP}; END"
        for table in WATCHED_TABLES
        for operation in OPERATIONS
    ]


def drop_statements(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {_trigger_name(table)} ON {table}" for table in WATCHED_TABLES
        ] + ["DROP FUNCTION IF EXISTS parley_bump_data_version()"]
    return [
        f"DROP TRIGGER IF EXISTS {_trigger_name(table, operation)}"
        for table in WATCHED_TABLES
        for operation in OPERATIONS
    ]


def data_version(reader: Session | Connection) -> int | None:
    """The current version; None when its row is missing (then nothing may be cached)."""
    return reader.scalar(select(DataVersionRow.version).where(DataVersionRow.id == _ROW))
