"""Tables: a thread (one post on one platform), its comments, and its metrics; API keys.

The headline metrics are real columns so that listing, sorting and later aggregation run in SQL.
Ids, names and tags are unbounded `Text` and like counts 64-bit, so that PostgreSQL stores what
SQLite does; the importers keep indexed ids and tags within `MAX_KEY_LENGTH` characters
(importers/toolkit/values.py), which PostgreSQL's btree indexes hold.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import InstrumentedAttribute, Mapped, mapped_column, relationship

from db.base import Base, UTCDateTime
from metrics import METRICS, Metric, sortable


class ThreadRow(Base):
    __tablename__ = "threads"
    __table_args__ = (
        UniqueConstraint("platform", "external_id", name="uq_threads_platform_post"),
        Index("ix_threads_platform_creator_handle", "platform", "creator_handle"),
        # Never hand a deleted thread's id to another thread (SQLite reuses rowids otherwise).
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32), index=True)
    external_id: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    creator: Mapped[str | None] = mapped_column(Text)  # the owner's author id, when known
    # The owner's account (nlp.thread.Thread.creator_handle): creators are grouped by it.
    creator_handle: Mapped[str | None] = mapped_column(Text)
    collected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source_format: Mapped[str] = mapped_column(String(64))
    integrity: Mapped[dict[str, Any]] = mapped_column(JSON)
    import_report: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Metrics of the platform's own (flattened) reply graph, kept when replies were re-targeted.
    platform_metrics: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())
    # When the discussion started (its earliest comment): groups threads by period.
    first_comment_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    metrics: Mapped[MetricsRow] = relationship(
        back_populates="thread", cascade="all, delete-orphan", passive_deletes=True, lazy="joined"
    )
    tag_rows: Mapped[list[ThreadTagRow]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        order_by="ThreadTagRow.tag",
    )
    windows: Mapped[list[WindowMetricsRow]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        order_by="WindowMetricsRow.window_size",
    )

    @property
    def tags(self) -> list[str]:
        return [row.tag for row in self.tag_rows]


class CommentRow(Base):
    __tablename__ = "comments"
    __table_args__ = (
        UniqueConstraint("thread_id", "comment_id", name="uq_comments_thread_comment"),
        Index("ix_comments_thread_position", "thread_id", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # index in the tree's pre-order walk
    # Index in the upload: time ties (and untimed threads) are ordered by it, so a re-analysis
    # (`parley rescore`) needs it. NULL for comments stored before migration 0004.
    input_position: Mapped[int | None] = mapped_column(Integer)
    comment_id: Mapped[str] = mapped_column(Text)
    parent_id: Mapped[str | None] = mapped_column(Text)  # after integrity repair
    reply_to: Mapped[str | None] = mapped_column(Text)  # as sent (or reconstructed)
    platform_reply_to: Mapped[str | None] = mapped_column(Text)
    reply_to_method: Mapped[str] = mapped_column(String(32))
    depth: Mapped[int] = mapped_column(Integer)
    author: Mapped[str | None] = mapped_column(Text)
    author_name: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    like_count: Mapped[int | None] = mapped_column(BigInteger)  # counts reach past 2^31


class MetricColumns:
    """The measured values of a thread (or of a window of its first comments), one column per
    metric of the registry (metrics/registry.py) so that filtering, sorting and aggregation run
    in SQL. NULL = not computable here; the reason is in `unavailable`. The metric columns are
    added below from the registry; read them by name (`getattr(row, name)`)."""

    metric_version: Mapped[int] = mapped_column(Integer)
    score_version: Mapped[int | None] = mapped_column(Integer)
    languages: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    score_components: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    unavailable: Mapped[dict[str, str]] = mapped_column(JSON)


# Thread size: listing and comparing filter on it, so its column is indexed.
SIZE_METRIC = "comments"


def _column_type(metric: Metric) -> Integer | Float[float] | String:
    if metric.type is str:
        return String(32)  # a category label
    return Integer() if metric.type is int else Float()


for _metric in METRICS:
    setattr(
        MetricColumns,
        _metric.name,
        mapped_column(
            _column_type(_metric),
            nullable=_metric.nullable,
            index=_metric.name == SIZE_METRIC,
        ),
    )


class MetricsRow(MetricColumns, Base):
    __tablename__ = "thread_metrics"

    thread_id: Mapped[int] = mapped_column(
        ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True
    )
    thread: Mapped[ThreadRow] = relationship(back_populates="metrics")


class WindowMetricsRow(MetricColumns, Base):
    """Metrics of a thread's first `window_size` comments in time order: bigger threads mechanically
    show more replies and exchanges, so comparisons can hold size fixed."""

    __tablename__ = "thread_window_metrics"

    thread_id: Mapped[int] = mapped_column(
        ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True
    )
    window_size: Mapped[int] = mapped_column(Integer, primary_key=True)


class ThreadTagRow(Base):
    __tablename__ = "thread_tags"

    thread_id: Mapped[int] = mapped_column(
        ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(Text, primary_key=True, index=True)


class DataVersionRow(Base):
    """One row counting the committed transactions that changed threads, their metrics, windows
    or tags: computed aggregates are cached under it (db/data_version.py keeps it current with
    triggers, so that no write path can forget it)."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)


class ApiKeyRow(Base):
    """An API key: its public id (the `pk_<id>_` every copy starts with), the scopes it grants
    and the SHA-256 of its secret; the secret itself is shown once and never stored."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    scopes: Mapped[list[str]] = mapped_column(JSON)
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def metric_column(model: type[MetricColumns], name: str) -> InstrumentedAttribute[Any]:
    """A metric's column, by its registry name (the columns are declared from the registry)."""
    column: InstrumentedAttribute[Any] = getattr(model, name)
    return column


# Metrics a client may sort threads by (GET /v1/threads?sort=...): every numeric metric.
SORTABLE_METRICS: tuple[str, ...] = sortable()
