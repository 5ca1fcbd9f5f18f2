"""Response models of /v1/threads: stored threads, created threads and comment pages."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from app.api.compare.schemas import SizeControlOut
from app.api.schemas import CommentOut, MeasuredThreadOut

if TYPE_CHECKING:
    from app.api.threads.merge import Outcome


class ThreadOut(MeasuredThreadOut):
    """A stored thread: its measurements with the id and time storing gave it."""

    id: int
    stored_at: datetime


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
    """The threads an upload stored, in `items` as listings answer them."""

    items: list[CreatedThreadOut]
    threads: list[CreatedThreadOut] = Field(
        deprecated=True,
        description="Deprecated, use `items` (the same list): answered in 0.1.x for clients "
        "written before the envelope was shared with the listings, removed in 0.2.0.",
    )

    @classmethod
    def of(cls, created: list[CreatedThreadOut]) -> ThreadsCreated:
        return cls(items=created, threads=created)


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
