"""Reading and writing threads. Functions take the request's session and never commit."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, false, or_, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, joinedload

from db.bulk import insert_comments, update_comments
from db.models import (
    SIZE_METRIC,
    SORTABLE_METRICS,
    CommentRow,
    MetricsRow,
    ThreadRow,
    ThreadTagRow,
    WindowMetricsRow,
    metric_column,
)

# How long a write waits for another request writing the same post (PostgreSQL) or, on SQLite,
# any write, before giving up with PostBusy.
LOCK_WAIT_SECONDS = 60
# Advisory locks of posts: (class, bucket), the class telling Parley's from other users' locks.
POST_LOCK_CLASS = 0x50415231  # "PAR1"
POST_LOCK_BUCKETS = 1024
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for a lock_timeout
# Every bucket in one round trip, each locked as count() reads them in sorted order.
_LOCK_BUCKETS = text(
    "SELECT count(pg_advisory_xact_lock(:lock_class, b)) FROM "
    "(SELECT unnest(CAST(:buckets AS integer[])) AS b ORDER BY b) AS sorted_buckets"
)


class InvalidCursor(ValueError):
    """A pagination cursor that this listing did not hand out."""


class PostBusy(RuntimeError):
    """Other requests kept writing the post longer than LOCK_WAIT_SECONDS."""

    def __init__(self) -> None:
        super().__init__(
            f"other uploads of this post kept it busy for {LOCK_WAIT_SECONDS} s; retry later"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadQuery:
    platform: str | None = None
    min_comments: int | None = None
    sort: str = "id"  # "id" or one of SORTABLE_METRICS
    descending: bool = False
    limit: int = 50
    cursor: str | None = None
    tags: tuple[str, ...] = ()  # threads carrying every one of these tags


@dataclass(frozen=True, slots=True)
class ThreadPage:
    items: list[ThreadRow]
    next_cursor: str | None


def find_thread(session: Session, platform: str, external_id: str) -> ThreadRow | None:
    query = select(ThreadRow).where(
        ThreadRow.platform == platform, ThreadRow.external_id == external_id
    )
    return session.scalars(query).unique().one_or_none()


def get_thread(session: Session, thread_id: int) -> ThreadRow | None:
    """A thread with its metrics, windows and tags, in one query (a few rows: one per window and
    tag) rather than one per relationship: reading a thread by id is the busiest read."""
    query = select(ThreadRow).where(ThreadRow.id == thread_id)
    query = query.options(joinedload(ThreadRow.tag_rows), joinedload(ThreadRow.windows))
    return session.scalars(query).unique().one_or_none()


def import_reports(session: Session, thread_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The import reports of these threads (those still stored), by id, in one query."""
    query = select(ThreadRow.id, ThreadRow.import_report).where(ThreadRow.id.in_(thread_ids))
    return {row.id: row.import_report for row in session.execute(query)}


def lock_posts(session: Session, posts: Iterable[tuple[str, str]]) -> None:
    """Hold, until the transaction ends, the right to write these (platform, external_id) posts,
    waiting for writers of them: read a post after this to decide how to write it. PostgreSQL:
    an advisory lock per bucket (`post_lock_key`), in one order (no deadlock), all in one
    statement; SQLite: its write lock, by a write that changes nothing. Raises PostBusy."""
    dialect = session.get_bind().dialect.name
    try:
        if dialect == "postgresql":
            session.execute(text(f"SET LOCAL lock_timeout = '{LOCK_WAIT_SECONDS}s'"))
            buckets = sorted({post_lock_key(platform, post) for platform, post in posts})
            session.execute(_LOCK_BUCKETS, {"lock_class": POST_LOCK_CLASS, "buckets": buckets})
        elif dialect == "sqlite":
            session.execute(text(f"PRAGMA busy_timeout = {LOCK_WAIT_SECONDS * 1000}"))
            session.execute(update(ThreadRow).where(false()).values(id=ThreadRow.id))
    except OperationalError as exc:
        if _lock_wait_ended(exc):
            raise PostBusy() from exc
        raise


def _lock_wait_ended(exc: OperationalError) -> bool:
    """A lock not granted in time: PostgreSQL's lock_not_available, SQLite's locked database
    (not, say, PostgreSQL running out of lock memory, which is no busy post)."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return sqlstate == LOCK_NOT_AVAILABLE or "database is locked" in str(exc.orig)


def post_lock_key(platform: str, external_id: str) -> int:
    """The lock bucket of a post (0 to POST_LOCK_BUCKETS - 1), from a hash of (platform,
    external_id). Buckets, not a lock per post: PostgreSQL's lock table holds about 6,400 locks
    for all transactions (64 per connection by default), and one upload of 14,000 posts ran it
    out of memory. Two writers of different posts share a bucket now and then and wait for each
    other, as they already do for the data version (db/data_version.py)."""
    digest = hashlib.blake2b(
        f"{platform}\x1f{external_id}".encode(), digest_size=8, person=b"parley.post"
    ).digest()
    return int.from_bytes(digest, "big") % POST_LOCK_BUCKETS


def store_thread(
    session: Session, thread: ThreadRow, comments: Sequence[Mapping[str, Any]]
) -> None:
    """Store a new thread, or the changes made to a stored one (its id stays), and make its
    comments exactly `comments` (column values, one mapping per comment id): a stored comment is
    updated in place where a value differs, a new one inserted, one not listed deleted. Call
    `lock_posts` first: two writers of one post would collide."""
    new = thread.id is None  # no comments stored yet: nothing to read back
    session.add(thread)
    session.flush()
    stored: dict[str, Any] = {}
    if not new:
        query = select(*CommentRow.__table__.columns).where(CommentRow.thread_id == thread.id)
        stored = {row.comment_id: row for row in session.execute(query)}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for values in comments:
        old = stored.pop(values["comment_id"], None)
        if old is None:
            inserts.append({**values, "thread_id": thread.id})
        elif any(getattr(old, name) != value for name, value in values.items()):
            updates.append({**values, "id": old.id})
    if stored:
        gone = [row.id for row in stored.values()]
        session.execute(delete(CommentRow).where(CommentRow.id.in_(gone)))
    update_comments(session, updates)
    insert_comments(session, inserts)


def replace_thread(
    session: Session, thread: ThreadRow, comments: Sequence[Mapping[str, Any]]
) -> bool:
    """Store a thread with its metrics and comments, replacing any stored (platform, external_id)
    by a new thread (a new id; uploads keep the id: app/api/threads/ingest.py).

    Returns whether an older version was replaced. The caller's transaction makes it atomic.
    """
    lock_posts(session, [(thread.platform, thread.external_id)])
    existing = find_thread(session, thread.platform, thread.external_id)
    if existing is not None:
        delete_thread(session, existing)
    session.add(thread)
    session.flush()
    insert_comments(session, [{**row, "thread_id": thread.id} for row in comments])
    return existing is not None


def delete_thread(session: Session, thread: ThreadRow) -> None:
    """Delete a thread with its comments, tags and metrics, once no upload of its post is being
    written (`lock_posts`); a thread deleted meanwhile is left gone."""
    lock_posts(session, [(thread.platform, thread.external_id)])
    # Bulk deletes: a thread may hold 100,000 comments, too many to load as objects first.
    for column in (
        CommentRow.thread_id,
        WindowMetricsRow.thread_id,
        MetricsRow.thread_id,
        ThreadTagRow.thread_id,
        ThreadRow.id,
    ):
        statement = delete(column.class_).where(column == thread.id)
        session.execute(statement, execution_options={"synchronize_session": False})
    if thread in session:
        session.expunge(thread)  # with its metrics, windows and tags (cascade)


def list_threads(session: Session, query: ThreadQuery) -> ThreadPage:
    if query.sort != "id" and query.sort not in SORTABLE_METRICS:
        raise ValueError(f"cannot sort by {query.sort!r}")
    statement = select(ThreadRow).join(ThreadRow.metrics)
    if query.platform is not None:
        statement = statement.where(ThreadRow.platform == query.platform)
    if query.min_comments is not None:
        statement = statement.where(metric_column(MetricsRow, SIZE_METRIC) >= query.min_comments)
    for tag in query.tags:
        tagged = select(ThreadTagRow.thread_id).where(ThreadTagRow.tag == tag)
        statement = statement.where(ThreadRow.id.in_(tagged))
    key = ThreadRow.id if query.sort == "id" else getattr(MetricsRow, query.sort)
    if query.cursor is not None:
        statement = statement.where(_after_cursor(key, query, decode_cursor(query.cursor, query)))
    ordered = key.desc() if query.descending else key.asc()
    # NULLs ("not computable") always come last, whichever the direction; id breaks ties.
    statement = statement.order_by(ordered.nulls_last(), ThreadRow.id.asc()).limit(query.limit + 1)
    rows = list(session.scalars(statement).unique())
    if len(rows) <= query.limit:
        return ThreadPage(rows, None)
    last = rows[query.limit - 1]
    value = last.id if query.sort == "id" else getattr(last.metrics, query.sort)
    return ThreadPage(rows[: query.limit], encode_cursor(query, value, last.id))


def _after_cursor(key: Any, query: ThreadQuery, position: tuple[Any, int]) -> ColumnElement[bool]:
    value, last_id = position
    if value is None:
        return and_(key.is_(None), ThreadRow.id > last_id)
    beyond = key < value if query.descending else key > value
    return or_(beyond, and_(key == value, ThreadRow.id > last_id), key.is_(None))


def encode_cursor(query: ThreadQuery, value: Any, last_id: int) -> str:
    state = {"sort": query.sort, "desc": query.descending, "value": value, "id": last_id}
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, query: ThreadQuery) -> tuple[Any, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        state = json.loads(base64.urlsafe_b64decode(padded.encode()))
        value, last_id = state["value"], int(state["id"])
        matches = state["sort"] == query.sort and state["desc"] == query.descending
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise InvalidCursor("the cursor is not one this listing handed out") from exc
    if not matches:
        raise InvalidCursor("the cursor belongs to a listing with another sort order")
    return value, last_id


def all_comments(session: Session, thread_id: int) -> list[CommentRow]:
    """Every comment of a thread in tree order."""
    statement = select(CommentRow).where(CommentRow.thread_id == thread_id)
    return list(session.scalars(statement.order_by(CommentRow.position)))


def comments_as_stored(session: Session, thread_id: int) -> list[CommentRow]:
    """Every comment of a thread in upload order (`input_position`; comments stored before it
    existed come in the order they were stored)."""
    statement = select(CommentRow).where(CommentRow.thread_id == thread_id)
    order = (CommentRow.input_position.is_(None), CommentRow.input_position, CommentRow.id)
    return list(session.scalars(statement.order_by(*order)))


def list_comments(
    session: Session, thread_id: int, after_position: int | None, limit: int
) -> list[CommentRow]:
    """Comments in tree order (pre-order walk), `limit + 1` rows so callers can tell if more."""
    statement = select(CommentRow).where(CommentRow.thread_id == thread_id)
    if after_position is not None:
        statement = statement.where(CommentRow.position > after_position)
    statement = statement.order_by(CommentRow.position).limit(limit + 1)
    return list(session.scalars(statement))


@dataclass(frozen=True, slots=True)
class StoredVersions:
    """A stored thread's id and the versions its metrics row was measured with (None: no row)."""

    thread_id: int
    metric_version: int | None
    score_version: int | None


def stored_versions(
    session: Session, platform: str | None = None, tag: str | None = None
) -> list[StoredVersions]:
    """Every stored thread on `platform` carrying `tag` (either filter off when None), by id."""
    statement = select(ThreadRow.id, MetricsRow.metric_version, MetricsRow.score_version)
    statement = statement.outerjoin(MetricsRow, MetricsRow.thread_id == ThreadRow.id)
    if platform is not None:
        statement = statement.where(ThreadRow.platform == platform)
    if tag is not None:
        tagged = select(ThreadTagRow.thread_id).where(ThreadTagRow.tag == tag)
        statement = statement.where(ThreadRow.id.in_(tagged))
    rows = session.execute(statement.order_by(ThreadRow.id))
    return [StoredVersions(row.id, row.metric_version, row.score_version) for row in rows]


def move_comments(session: Session, moves: Sequence[Mapping[str, Any]]) -> None:
    """Set stored comments' `position`, `parent_id` and `depth`, each by its row `id`."""
    update_comments(session, moves)
