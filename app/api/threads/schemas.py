"""Response models of /v1/threads: stored threads, their windows and comment pages."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from app.api.compare.schemas import SizeControlOut
from app.api.schemas import CommentOut, ImportReportOut, IntegrityOut, MetricsOut


class WindowOut(BaseModel):
    """The measurements of the thread's first `size` comments in time order."""

    size: int
    metrics: MetricsOut


class ThreadOut(BaseModel):
    id: int
    platform: str
    external_id: str
    url: str | None
    title: str | None
    creator: str | None
    collected_at: datetime | None
    tags: list[str]
    source_format: str
    stored_at: datetime
    first_comment_at: datetime | None = Field(description="Earliest comment: the thread's period.")
    metrics: MetricsOut
    integrity: IntegrityOut
    import_report: ImportReportOut
    windows: list[WindowOut] = Field(
        description="Metrics on the first 10 and 50 comments, for threads that have that many."
    )
    platform_metrics: MetricsOut | None = Field(
        description="The same metrics on the platform's own reply graph, present when replies "
        "the platform files under the top-level comment were re-targeted (@mentions, explicit "
        "reply fields). `metrics` always uses the reconstructed graph."
    )


class CreatedThreadOut(ThreadOut):
    replaced: bool = Field(description="True when an earlier upload of this post was replaced.")


class ThreadsCreated(BaseModel):
    threads: list[CreatedThreadOut]


class ThreadPageOut(BaseModel):
    items: list[ThreadOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at end.")
    size_control: SizeControlOut = Field(
        description="The minimum thread size in force: by default one when sorted by a metric, "
        "none in id order."
    )


class CommentPageOut(BaseModel):
    items: list[CommentOut]
    next_cursor: str | None
