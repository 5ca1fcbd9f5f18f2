"""Response models of the HTTP API (tables live in db/, analysis results in nlp/)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class ScoreComponentOut(BaseModel):
    name: str
    value: float | None = Field(description="The component's own measure, 0..1; null if unknown.")
    weight: float = Field(description="Its share of the score after renormalisation.")
    contribution: float = Field(description="Points it adds to the 0..100 score.")


class MetricsOut(BaseModel):
    """Metrics v1. A null value cannot be computed for this thread; `unavailable` says why."""

    model_config = ConfigDict(from_attributes=True)

    metric_version: int
    comments: int
    top_level: int = Field(description="Comments on the post itself.")
    replies: int = Field(description="Comments replying to another comment.")
    authors: int = Field(description="Distinct known authors.")
    reply_share: float | None = Field(description="replies / comments.")
    response_rate: float | None = Field(
        description="Share of top-level comments (known author) answered directly by someone else."
    )
    max_depth: int = Field(description="Deepest comment; a top-level comment has depth 1.")
    mean_depth: float | None
    max_width: int = Field(description="Most direct replies to one comment.")
    h_index: int = Field(description="Largest h with at least h comments at depth h.")
    structural_virality: float | None = Field(
        description="Mean distance between all pairs of nodes of the reply tree, post included."
    )
    dyadic_pairs: int | None = Field(
        description="Author pairs who replied to each other both ways."
    )
    dyadic_share: float | None = Field(
        description="Dyadic pairs / author pairs connected by any reply."
    )
    reciprocity: float | None = Field(description="Edge reciprocity of the author reply graph.")
    exchange_comment_share: float | None = Field(
        description="Share of comments on an X ← Y ← X reply path (post = creator's turn)."
    )
    longest_back_and_forth: int | None = Field(
        description="Most turns on one reply path alternating between two people (0 below 3)."
    )
    reentry_rate: float | None = Field(
        description="Share of authors who come back after someone else commented."
    )
    creator_reply_share: float | None = Field(description="Share of replies by the post's creator.")
    participation_gini: float | None = Field(description="Gini of comments per known author.")
    question_share: float | None = Field(default=None, description="Share of questions.")
    answered_question_share: float | None = Field(
        default=None, description="Questions answered directly by a different known author."
    )
    tag_only_share: float | None = Field(
        default=None, description="Comments that are only @mentions, emoji and punctuation."
    )
    low_content_share: float | None = Field(
        default=None, description="Comments with no content word (or only lol/omg/same…)."
    )
    lexical_uptake: float | None = Field(
        default=None, description="Mean share of a reply's content words found in its parent."
    )
    uptake_reply_share: float | None = Field(
        default=None, description="Share of replies taking up at least one word of their parent."
    )
    mean_tokens: float | None = Field(default=None, description="Mean words per comment.")
    languages: dict[str, int] = Field(default_factory=dict, description="Language → comments.")
    dialogue_score: float | None = Field(
        default=None, description="0..100; see docs/methodology.md and `score_components`."
    )
    dialogue_category: str | None = Field(
        default=None, description="broadcast, reactive, conversational or deliberative."
    )
    score_version: int | None = None
    score_components: list[ScoreComponentOut] = Field(
        default_factory=list, description="What the Dialogue Score is made of."
    )
    unavailable: dict[str, str] = Field(description="Metric name → why it is null here.")


class IntegrityOut(BaseModel):
    """What had to be repaired to build a well-formed reply tree."""

    orphans: int
    self_replies: int
    cycles_broken: int
    duplicates_collapsed: int
    unknown_author_comments: int
    self_loops: int
    missing_timestamps: int
    order_basis: str = Field(description='"timestamps", or "input_order" when times are missing.')


class ImportReportOut(BaseModel):
    """How the upload was read: format, rows, what was skipped and why."""

    format: str
    rows_read: int
    comments_kept: int
    skipped: dict[str, int] = Field(description="Reason → rows skipped.")
    announced_replies: int | None
    received_replies: int | None
    missing_comments: int
    retargeted: dict[str, int] = Field(description="Method → replies re-pointed at their target.")
    limits: list[str]


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


class CommentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str = Field(validation_alias="comment_id")
    parent_id: str | None = Field(description="Parent in the repaired tree; null = top-level.")
    reply_to: str | None = Field(description="The parent as sent or reconstructed.")
    platform_reply_to: str | None
    reply_to_method: str
    depth: int
    author: str | None
    author_name: str | None
    text: str
    created_at: datetime | None
    like_count: int | None


class ExchangeOut(BaseModel):
    turns: int = Field(description="Turns, the post counting as its creator's when it opens.")
    authors: list[str] = Field(description="Who takes the first turn, and who answers.")
    opens_with_post: bool = Field(description="The post (its creator's turn) opens it.")
    comments: list[CommentOut] = Field(description="The comments of the exchange, top first.")


class ExchangesOut(BaseModel):
    total: int = Field(description="Exchanges found; `items` holds the longest `limit`.")
    items: list[ExchangeOut]


class ConversationOut(BaseModel):
    top_level: CommentOut = Field(description="The comment that opened the conversation.")
    comments: int = Field(description="The opener and every reply below it.")
    metrics: MetricsOut


class ConversationsOut(BaseModel):
    total: int
    items: list[ConversationOut] = Field(description="Highest Dialogue Score first.")


class CommentPageOut(BaseModel):
    items: list[CommentOut]
    next_cursor: str | None


class ProblemDetail(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemItem] | None = None


class ProblemItem(BaseModel):
    loc: list[str | int]
    msg: str


class HealthOut(BaseModel):
    status: str
