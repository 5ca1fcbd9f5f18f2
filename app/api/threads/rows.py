"""A thread's stored values from its import and analysis: the columns of its row, metrics row,
window rows, tags and comments, as plain values (a job's batch inserts new threads with Core
statements: db/new_threads.py) and as the ORM rows the other writes set (ingest, rescore)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from operator import attrgetter
from typing import Any

from app.api.threads.privacy import Privacy
from app.mapping.to_storage import graph_metric_values, metric_columns
from db.models import MetricsRow, ThreadTagRow, WindowMetricsRow
from db.new_threads import COMMENT_KEYS, NewThread
from importers.base import ImportedThread
from nlp.results import ThreadAnalysis
from nlp.thread import ReplyToMethod

# Amends an import report (a dict, as stored) before the thread is written.
ReportNote = Callable[[dict[str, Any]], dict[str, Any]]
_ID = attrgetter("id")
# A StrEnum member's `value` is a property written in Python; a dict gives it in C.
_METHOD_VALUES = {method: method.value for method in ReplyToMethod}


def new_thread(
    item: ImportedThread, analysis: ThreadAnalysis, privacy: Privacy, noted: ReportNote | None
) -> NewThread:
    """A thread not stored yet, as its rows' column values."""
    values = thread_columns(item, privacy)
    if noted is not None:
        values["import_report"] = noted(values["import_report"])
    measured, metrics, windows = measured_columns(analysis)
    return NewThread(
        values | measured,
        metrics,
        windows,
        sorted(set(item.thread.tags)),
        comment_values(item, analysis, privacy.store_text),
    )


def thread_values(
    item: ImportedThread, analysis: ThreadAnalysis, privacy: Privacy
) -> dict[str, Any]:
    """A thread row's values (but its id and stored_at), by attribute name, its tags, metrics
    and windows as ORM rows; the import report says how the thread was kept (`privacy`)."""
    return {
        **thread_columns(item, privacy),
        "tag_rows": [ThreadTagRow(tag=tag) for tag in sorted(set(item.thread.tags))],
        **measurement_fields(analysis),
    }


def thread_columns(item: ImportedThread, privacy: Privacy) -> dict[str, Any]:
    """What the upload sets on a thread's own row (the analysis sets the rest)."""
    thread = item.thread
    limits = list(dict.fromkeys([*item.report.limits, *privacy.notes]))
    return {
        "platform": thread.platform.value,
        "external_id": thread.external_id,
        "url": thread.url,
        "title": thread.title,
        "creator": thread.creator,
        "creator_handle": thread.creator_handle,
        "collected_at": thread.collected_at,
        "source_format": thread.source_format,
        "first_comment_at": min(
            (c.created_at for c in thread.comments if c.created_at is not None), default=None
        ),
        "import_report": {**asdict(item.report), "limits": limits, "privacy": privacy.marker},
    }


def measured_columns(
    analysis: ThreadAnalysis,
) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """An analysis as column values: the thread row's (integrity, platform metrics), the
    metrics row's and each window row's (its size included)."""
    platform = analysis.platform_metrics
    thread = {
        "integrity": asdict(analysis.integrity),
        "platform_metrics": None if platform is None else graph_metric_values(platform),
    }
    metrics = metric_columns(analysis.metrics, analysis.text, analysis.score, analysis.presence)
    windows = [
        {
            "window_size": window.size,
            **metric_columns(window.metrics, window.text, window.score, window.presence),
        }
        for window in analysis.windows
    ]
    return thread, metrics, windows


def measurement_fields(analysis: ThreadAnalysis) -> dict[str, Any]:
    """What an analysis sets on a ThreadRow: integrity, platform metrics, metrics row and window
    rows, by attribute name (storing an upload and rescoring a stored thread both use it)."""
    thread, metrics, windows = measured_columns(analysis)
    return {
        **thread,
        "metrics": MetricsRow(**metrics),
        "windows": [WindowMetricsRow(**window) for window in windows],
    }


def comment_rows(
    item: ImportedThread, analysis: ThreadAnalysis, store_text: bool = True
) -> list[dict[str, Any]]:
    """`comment_values` by column name, as the ORM's writes take them (ingest, rescore)."""
    return [
        dict(zip(COMMENT_KEYS, values, strict=True))
        for values in comment_values(item, analysis, store_text)
    ]


def comment_values(
    item: ImportedThread, analysis: ThreadAnalysis, store_text: bool = True
) -> list[tuple[Any, ...]]:
    """One row of values per comment, in the order of COMMENT_KEYS, with its place in the
    repaired tree (`position` in tree order) and in the upload (`input_position`), exact repeats
    once: the analysis breaks time ties by input order, so `parley rescore` rebuilds the thread
    in it. Without `store_text` the text is stored empty (the metrics were measured on it
    already). Tuples read straight from the comments, not dicts: a job's COPY takes them as
    they are (a dict per comment and reading it back cost a tenth of a structure-only import)."""
    order = analysis.tree_order
    position_of = dict(zip(map(_ID, order), range(len(order)), strict=True))
    method_value = _METHOD_VALUES.__getitem__
    rows: list[tuple[Any, ...]] = []
    add = rows.append
    for comment in item.thread.comments:
        position = position_of.pop(comment.id, None)
        if position is None:
            continue  # an exact repeat of a comment already listed
        placed = order[position]
        add(
            (
                position,
                len(rows),
                comment.id,
                placed.parent,
                comment.reply_to,
                comment.platform_reply_to,
                method_value(comment.reply_to_method),
                placed.depth,
                comment.author,
                comment.author_name,
                comment.text if store_text else "",
                comment.created_at,
                comment.like_count,
            )
        )
    return rows
