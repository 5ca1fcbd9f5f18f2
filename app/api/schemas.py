"""Response models shared by several resources (per-resource models sit in their package)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from app.api.threads.privacy import UNRECORDED
from metrics import METRICS, Group, Metric


class ScoreComponentOut(BaseModel):
    name: str
    value: float | None = Field(description="The component's own measure, 0..1; null if unknown.")
    weight: float = Field(description="Its share of the score after renormalisation.")
    contribution: float = Field(description="Points it adds to the 0..100 score.")


def _metric_field(metric: Metric) -> tuple[Any, Any]:
    """A metric's field: its type, nullable as declared; required for the reply-graph metrics,
    which every measurement has, null by default for the text step's and the score's."""
    annotation: Any = metric.type | None if metric.nullable else metric.type
    always_measured = metric.group in (Group.STRUCTURE, Group.INTERACTION)
    default = ... if always_measured else None
    return annotation, Field(default, description=metric.description)


def _metric_fields(*groups: Group) -> dict[str, Any]:
    return {m.name: _metric_field(m) for m in METRICS if m.group in groups}


def _metrics_model() -> type[BaseModel]:
    """MetricsOut: one field per registry metric, in the order of the stored columns."""
    return create_model(
        "MetricsOut",
        __config__=ConfigDict(from_attributes=True),
        __doc__="Metrics v1. A null value cannot be computed for this thread; `unavailable` "
        "says why.",
        metric_version=(int, ...),
        **_metric_fields(Group.STRUCTURE, Group.INTERACTION, Group.TEXT),
        languages=(
            dict[str, int],
            Field(default_factory=dict, description="Language → comments."),
        ),
        **_metric_fields(Group.PRESENCE, Group.SCORE),
        score_version=(int | None, None),
        score_components=(
            list[ScoreComponentOut],
            Field(default_factory=list, description="What the Dialogue Score is made of."),
        ),
        unavailable=(dict[str, str], Field(description="Metric name → why it is null here.")),
    )


if TYPE_CHECKING:
    # The fields are generated from the registry, which a type checker cannot follow; code
    # reads this model through validation only.
    class MetricsOut(BaseModel):
        metric_version: int
        unavailable: dict[str, str]

else:
    MetricsOut = _metrics_model()


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


class PrivacyOut(BaseModel):
    """How the thread's authors and text were kept (PARLEY_PSEUDONYMISE_AUTHORS and
    PARLEY_STORE_COMMENT_TEXT at upload)."""

    authors: Literal["original", "pseudonymised"] = Field(
        description="`pseudonymised`: author ids are u_… and names n_…, keyed hashes made at "
        "upload; `@mentions` of the thread's authors point at them."
    )
    text: Literal["stored", "not stored"] = Field(
        description="`not stored`: comments are served with empty text; the text metrics were "
        "measured at upload."
    )
    pseudonym_key: str | None = Field(
        default=None, description="Which deployment key made the pseudonyms (not the key)."
    )


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
    replaced_nul_characters: int = Field(
        default=0,
        description="NUL characters (U+0000) in the thread's texts, ids, names and tags, replaced "
        "by U+FFFD: databases cannot store them in text.",
    )
    source_file: str | None = Field(
        default=None,
        description="The uploaded file the thread came from; `archive:member` for a file in an "
        "archive (null for a request body without a file name).",
    )
    privacy: PrivacyOut = PrivacyOut.model_validate(UNRECORDED)


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


class WindowOut(BaseModel):
    """The measurements of the thread's first `size` comments in time order."""

    size: int
    metrics: MetricsOut


class MeasuredThreadOut(BaseModel):
    """A thread as measured, before storing gives it an id: `parley analyze --json` prints it
    (AnalyzedThreadOut) and GET /v1/threads/{id} answers it (ThreadOut)."""

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


class ExcerptOut(BaseModel):
    id: str
    text: str = Field(description="The comment's first characters.")


class TopExchangeOut(BaseModel):
    """An exchange: a reply chain of alternating authors."""

    turns: int
    authors: list[str]
    opens_with_post: bool
    comments: list[ExcerptOut]


class AnalyzedThreadOut(MeasuredThreadOut):
    """One thread of `parley analyze --json`: the API's thread (ThreadOut) without `id` and
    `stored_at`, which only storing gives, plus the exchanges found and the longest of them.
    Nothing is stored, so `import_report.privacy` is the default (original authors, text kept)
    whatever the server's settings."""

    exchanges_found: int
    top_exchanges: list[TopExchangeOut]


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
