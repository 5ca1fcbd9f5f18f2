"""Stored rows and service results → response models."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from app.api.compare.schemas import (
    CompareOut,
    GroupComparisonOut,
    GroupOverviewOut,
    OverviewOut,
    PairOut,
    SizeControlOut,
    StratumOut,
    SummaryOut,
)
from app.api.compare.service import ComparisonResult, Overview
from app.api.compare.size_control import SizeControl
from app.api.dialogue.schemas import ConversationOut, ExchangeOut
from app.api.dialogue.service import StoredThread
from app.api.schemas import CommentOut, ImportReportOut, IntegrityOut, MetricsOut, WindowOut
from app.api.threads.schemas import ThreadOut, ThreadPageOut
from app.mapping.to_storage import NO_TEXT_STEP, TEXT_NOT_KEPT, metric_columns
from db.aggregates import GroupTotals
from db.models import CommentRow, ThreadRow
from db.repository import ThreadPage
from db.thread_record import ThreadRecord
from nlp.conversations import ConversationScore
from nlp.exchanges import Exchange
from stats import Comparison, GroupSummary


def thread_out(row: ThreadRow) -> ThreadOut:
    return _thread_out(row, row.metrics, row.tags, row.windows)


# ThreadOut's fields but those made of other rows: the thread's own columns, by the same names.
_COMPOSED = ("tags", "metrics", "windows")
_THREAD_COLUMNS = tuple(name for name in ThreadOut.model_fields if name not in _COMPOSED)


def thread_record_out(record: ThreadRecord) -> ThreadOut:
    """The answer of the busiest read validated in one call, from the rows' mappings: a model
    validated per part (metrics, each window, integrity, report) cost ~40 % more CPU."""
    columns = record.row._mapping  # the thread's and its metrics' (db/thread_record.py)
    return ThreadOut.model_validate(
        {
            **{name: columns[name] for name in _THREAD_COLUMNS},
            "tags": record.tags,
            "metrics": columns,
            "windows": [{"size": w.window_size, "metrics": w._mapping} for w in record.windows],
        }
    )


def _thread_out(thread: Any, metrics: Any, tags: list[str], windows: Sequence[Any]) -> ThreadOut:
    """From a thread's columns and its metrics' (ORM objects or Core rows: read by attribute)."""
    return ThreadOut(
        id=thread.id,
        platform=thread.platform,
        external_id=thread.external_id,
        url=thread.url,
        title=thread.title,
        creator=thread.creator,
        creator_handle=thread.creator_handle,
        collected_at=thread.collected_at,
        tags=tags,
        source_format=thread.source_format,
        stored_at=thread.stored_at,
        first_comment_at=thread.first_comment_at,
        metrics=MetricsOut.model_validate(metrics),
        integrity=IntegrityOut.model_validate(thread.integrity),
        import_report=ImportReportOut.model_validate(thread.import_report),
        windows=[
            WindowOut(size=w.window_size, metrics=MetricsOut.model_validate(w)) for w in windows
        ],
        platform_metrics=None
        if thread.platform_metrics is None
        else MetricsOut.model_validate(thread.platform_metrics),
    )


def thread_page_out(page: ThreadPage, control: SizeControl) -> ThreadPageOut:
    return ThreadPageOut(
        items=[thread_out(row) for row in page.items],
        next_cursor=page.next_cursor,
        size_control=size_control_out(control),
    )


def comment_out(row: CommentRow) -> CommentOut:
    return CommentOut.model_validate(row)


def exchange_out(stored: StoredThread, exchange: Exchange) -> ExchangeOut:
    return ExchangeOut(
        turns=exchange.turns,
        authors=list(exchange.authors),
        opens_with_post=exchange.opens_with_post,
        comments=[comment_out(stored.rows[cid]) for cid in exchange.comment_ids],
    )


def conversation_out(stored: StoredThread, conversation: ConversationScore) -> ConversationOut:
    return ConversationOut(
        top_level=comment_out(stored.rows[conversation.top_level_id]),
        comments=conversation.comments,
        metrics=MetricsOut.model_validate(
            metric_columns(
                conversation.metrics,
                conversation.text,
                conversation.score,
                conversation.presence,
                without_text=NO_TEXT_STEP if stored.text_kept else TEXT_NOT_KEPT,
            )
        ),
    )


def size_control_out(control: SizeControl) -> SizeControlOut:
    return SizeControlOut(
        kind=control.kind,
        min_comments=control.min_comments,
        default=control.default,
        window=control.window,
        stratify=control.stratify,
        statement=control.statement(),
        why=control.why,
    )


def summary_out(summary: GroupSummary) -> SummaryOut:
    return SummaryOut(
        n=summary.n,
        mean=summary.mean,
        median=summary.median,
        ci_low=summary.ci_low,
        ci_high=summary.ci_high,
    )


def _groups(comparison: Comparison, totals: dict[str, GroupTotals]) -> list[GroupComparisonOut]:
    return [
        GroupComparisonOut(
            group=group,
            threads=totals[group].threads if group in totals else summary.n,
            comments=totals[group].comments if group in totals else None,
            summary=summary_out(summary),
        )
        for group, summary in comparison.groups.items()
    ]


def _pairs(comparison: Comparison) -> list[PairOut]:
    return [PairOut(**asdict(pair)) for pair in comparison.pairs]


def compare_out(result: ComparisonResult) -> CompareOut:
    request, comparison = result.request, result.comparison
    return CompareOut(
        by=request.selection.by.value,
        metric=request.metric,
        size_control=size_control_out(result.control),
        window=request.selection.window,
        graph="reconstructed",
        confidence=comparison.confidence,
        resamples=comparison.resamples,
        seed=comparison.seed,
        groups=_groups(comparison, result.totals),
        pairs=_pairs(comparison),
        warnings=list(comparison.warnings),
        unsupported=list(result.unsupported),
        caveats=list(result.caveats),
        strata=[
            StratumOut(
                label=stratum.label,
                groups=_groups(stratum.comparison, {}),
                pairs=_pairs(stratum.comparison),
                warnings=list(stratum.comparison.warnings),
            )
            for stratum in result.strata
        ],
    )


def overview_out(
    by: str, overview: Overview, resamples: int, seed: int, confidence: float
) -> OverviewOut:
    summaries = overview.summaries
    return OverviewOut(
        by=by,
        size_control=size_control_out(overview.control),
        confidence=confidence,
        resamples=resamples,
        seed=seed,
        groups=[
            GroupOverviewOut(
                group=group,
                threads=total.threads,
                comments=total.comments,
                metrics={m: summary_out(s) for m, s in summaries.get(group, {}).items()},
            )
            for group, total in overview.totals.items()
        ],
        notes=list(overview.notes),
    )
