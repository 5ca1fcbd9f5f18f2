"""Response models of /v1/creators, and how a service result becomes one."""

from __future__ import annotations

from statistics import median
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, Field

from app.api.creators.listing import CreatorPage
from app.api.creators.service import CreatorDetail, CreatorSummary, ThreadLine
from nlp.community import CORE_MIN_POSTS, RETURNING_MIN_POSTS, MonthActivity, RecurringPair
from stats.quantiles import Distribution

CREATORS_PATH = "/v1/creators"
THREADS_PATH = "/v1/threads"
NO_MONTH_SCORES = "no thread of this month has a Dialogue Score"


class DistributionOut(BaseModel):
    """The Dialogue Score over the creator's threads (one value per thread)."""

    n: int = Field(description="Threads with a Dialogue Score.")
    median: float | None
    q1: float | None = Field(description="First quartile (linear interpolation).")
    q3: float | None = Field(description="Third quartile (linear interpolation).")
    ci_low: float | None = Field(
        description="Percentile bootstrap CI of the median, resampling threads (n ≥ 2)."
    )
    ci_high: float | None
    confidence: float

    @classmethod
    def of(cls, found: Distribution) -> DistributionOut:
        return cls.model_validate(found, from_attributes=True)


class CreatorOut(BaseModel):
    platform: str
    handle: str = Field(description="The account: handle, YouTube channel id or Facebook page.")
    threads: int
    comments: int
    commenters: int = Field(description="Distinct known comment authors, the creator excluded.")
    returning_commenters: int = Field(
        description=f"Commenters under at least {RETURNING_MIN_POSTS} of the creator's threads."
    )
    returning_commenter_share: float | None = Field(
        description="returning_commenters / commenters (null with fewer than two threads)."
    )
    core_commenters: int = Field(
        description=f"Commenters under at least {CORE_MIN_POSTS} of the creator's threads."
    )
    creator_comments: int = Field(description="Comments the creator wrote, over all threads.")
    replies: int = Field(description="Comments answering a comment, over all threads.")
    creator_replies: int = Field(description="Of those, the creator's.")
    creator_reply_share: float | None = Field(
        description="creator_replies / replies, pooled over the threads (null when the "
        "creator's author id is unknown or there is no reply)."
    )
    interacting_pairs: int = Field(
        description="Pairs of commenters one of whom replied to the other."
    )
    recurring_pairs: int = Field(description="Of those, pairs interacting under 2+ threads.")
    dialogue_score: DistributionOut
    unavailable: dict[str, str] = Field(description="Why a null value above is null.")
    link: str = Field(description="This creator's detail.")

    @classmethod
    def of(cls, summary: CreatorSummary) -> CreatorOut:
        return cls(**_summary_fields(summary))


def _summary_fields(summary: CreatorSummary) -> dict[str, Any]:
    community = summary.community
    return {
        "platform": summary.platform,
        "handle": summary.handle,
        "threads": community.threads,
        "comments": community.comments,
        "commenters": community.commenters,
        "returning_commenters": community.returning_commenters,
        "returning_commenter_share": community.returning_commenter_share,
        "core_commenters": community.core_commenters,
        "creator_comments": community.creator_comments,
        "replies": community.replies,
        "creator_replies": community.creator_replies,
        "creator_reply_share": community.creator_reply_share,
        "interacting_pairs": community.interacting_pairs,
        "recurring_pairs": community.recurring_pairs,
        "dialogue_score": DistributionOut.of(summary.score),
        "unavailable": dict(summary.unavailable),
        "link": f"{CREATORS_PATH}/{quote(summary.platform)}/{quote(summary.handle, safe='')}",
    }


class CreatorPageOut(BaseModel):
    items: list[CreatorOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at end.")
    total: int = Field(description="Creators selected, over all pages.")

    @classmethod
    def of(cls, page: CreatorPage) -> CreatorPageOut:
        items = [CreatorOut.of(summary) for summary in page.items]
        return cls(items=items, next_cursor=page.next_cursor, total=page.total)


class RecurringPairOut(BaseModel):
    first: str = Field(description="A commenter's author id (the smaller of the two).")
    second: str
    threads: int = Field(description="Threads where the two interact.")
    replies: int = Field(description="Direct replies between them, both ways, all threads.")

    @classmethod
    def of(cls, pair: RecurringPair) -> RecurringPairOut:
        return cls(first=pair.first, second=pair.second, threads=pair.posts, replies=pair.replies)


class MonthOut(BaseModel):
    month: str = Field(description='UTC month of the threads\' first comments, or "undated".')
    threads: int
    comments: int
    commenters: int
    replies: int
    creator_replies: int
    creator_reply_share: float | None
    dialogue_score_median: float | None
    unavailable: dict[str, str]

    @classmethod
    def of(cls, month: MonthActivity) -> MonthOut:
        missing = dict(month.unavailable)
        if not month.scores:
            missing["dialogue_score_median"] = NO_MONTH_SCORES
        return cls(
            month=month.month,
            threads=month.threads,
            comments=month.comments,
            commenters=month.commenters,
            replies=month.replies,
            creator_replies=month.creator_replies,
            creator_reply_share=month.creator_reply_share,
            dialogue_score_median=median(month.scores) if month.scores else None,
            unavailable=missing,
        )


class CreatorThreadOut(BaseModel):
    id: int = Field(description="Parley's thread id.")
    external_id: str = Field(description="The post's id on its platform.")
    month: str
    comments: int
    dialogue_score: float | None
    link: str

    @classmethod
    def of(cls, line: ThreadLine) -> CreatorThreadOut:
        return cls(
            id=line.thread_id,
            external_id=line.external_id,
            month=line.month,
            comments=line.comments,
            dialogue_score=line.score,
            link=f"{THREADS_PATH}/{line.thread_id}",
        )


class CreatorDetailOut(CreatorOut):
    top_recurring_pairs: list[RecurringPairOut] = Field(
        description="The pairs interacting under most threads (then most replies), at most 20."
    )
    months: list[MonthOut] = Field(description='By month, "undated" last.')
    thread_list: list[CreatorThreadOut] = Field(
        description="The creator's threads by id, as many as `thread_limit` asks."
    )

    @classmethod
    def of_detail(cls, detail: CreatorDetail, thread_limit: int) -> CreatorDetailOut:
        community = detail.summary.community
        return cls(
            **_summary_fields(detail.summary),
            top_recurring_pairs=[RecurringPairOut.of(p) for p in community.top_recurring_pairs],
            months=[MonthOut.of(month) for month in community.months],
            thread_list=[CreatorThreadOut.of(line) for line in detail.threads[:thread_limit]],
        )
