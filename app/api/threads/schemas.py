"""Response models of /v1/threads: stored threads, their windows and comment pages."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from app.api.compare.schemas import SizeControlOut
from app.api.schemas import CommentOut, ImportReportOut, IntegrityOut, MetricsOut

if TYPE_CHECKING:
    from app.api.threads.merge import Outcome


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
    creator: str | None = Field(description="The post owner's author id, when known.")
    creator_handle: str | None = Field(
        description="The post owner's account: TikTok, Instagram, X or Reddit handle "
        "(lower case), YouTube channel id, Facebook page; `/v1/creators/{platform}/{handle}`."
    )
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
    """A stored thread with what this upload did to it, counted by comment id."""

    outcome: Literal["created", "merged", "replaced"] = Field(
        description="`created`: the post was not stored; `merged`: the upload's comments were "
        "added to the stored thread (on_existing=merge); `replaced`: the upload became the "
        "stored thread (on_existing=replace). The thread's id is kept when merged or replaced."
    )
    comments_added: int = Field(description="Comments the thread did not hold before.")
    comments_updated: int = Field(
        description="Comments it held, sent again with other values, which it now takes."
    )
    comments_removed: int = Field(
        description="Comments it held that a replacing upload lacks (0 unless replaced)."
    )
    replaced: bool = Field(
        deprecated=True,
        description="Deprecated, use `outcome`: true when the post was already stored "
        "(`merged` or `replaced`).",
    )

    @classmethod
    def of(cls, thread: ThreadOut, outcome: Outcome) -> CreatedThreadOut:
        return cls(
            **thread.model_dump(),
            outcome=outcome.kind.value,
            comments_added=outcome.comments_added,
            comments_updated=outcome.comments_updated,
            comments_removed=outcome.comments_removed,
            replaced=outcome.replaced,
        )


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
