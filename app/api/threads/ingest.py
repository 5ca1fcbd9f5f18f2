"""Upload → importers → analysis → storage, inside the caller's transaction."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, replace
from typing import Any

from sqlalchemy.orm import Session

from app.api.threads.params import ImportRequest
from app.mapping.to_storage import graph_metric_values, metric_columns
from db.models import MetricsRow, ThreadRow, ThreadTagRow, WindowMetricsRow
from db.repository import replace_thread
from importers.base import ImportedThread, ImportOptions
from importers.payload import Payload
from importers.registry import import_payload
from nlp.analyze import analyze_thread
from nlp.pipeline import TextAnalyzer
from nlp.results import ThreadAnalysis


class DuplicateThreadInUpload(ValueError):
    def __init__(self, keys: list[tuple[str, str]]) -> None:
        named = ", ".join(f"{platform}/{external_id}" for platform, external_id in keys)
        super().__init__(f"the upload holds the same post more than once: {named}")


def ingest_upload(
    session: Session,
    payload: Payload,
    request: ImportRequest | None = None,
    analyzer: TextAnalyzer | None = None,
) -> list[tuple[ThreadRow, bool]]:
    """Import, analyse and store every thread of an upload; (row, replaced) for each.

    Everything is checked before anything is written, and the caller's transaction makes the
    writes all-or-nothing.
    """
    request = request or ImportRequest(None, ImportOptions(), ())
    imported = import_payload(payload, request.format_name, request.options)
    if request.tags:
        imported = [with_tags(item, request.tags) for item in imported]
    keys = Counter((item.thread.platform.value, item.thread.external_id) for item in imported)
    repeated = sorted(key for key, count in keys.items() if count > 1)
    if repeated:
        raise DuplicateThreadInUpload(repeated)
    analysed = [(item, analyze_thread(item.thread, analyzer)) for item in imported]
    stored: list[tuple[ThreadRow, bool]] = []
    for item, analysis in analysed:
        row = thread_row(item, analysis)
        replaced = replace_thread(session, row, comment_rows(item, analysis))
        stored.append((row, replaced))
    return stored


def with_tags(item: ImportedThread, tags: tuple[str, ...]) -> ImportedThread:
    merged = tuple(sorted(set(item.thread.tags) | set(tags)))
    return ImportedThread(replace(item.thread, tags=merged), item.report)


def thread_row(item: ImportedThread, analysis: ThreadAnalysis) -> ThreadRow:
    thread = item.thread
    return ThreadRow(
        platform=thread.platform.value,
        external_id=thread.external_id,
        url=thread.url,
        title=thread.title,
        creator=thread.creator,
        collected_at=thread.collected_at,
        source_format=thread.source_format,
        tag_rows=[ThreadTagRow(tag=tag) for tag in sorted(set(thread.tags))],
        first_comment_at=min(
            (c.created_at for c in thread.comments if c.created_at is not None), default=None
        ),
        import_report={**asdict(item.report), "limits": list(item.report.limits)},
        **measurement_fields(analysis),
    )


def measurement_fields(analysis: ThreadAnalysis) -> dict[str, Any]:
    """What an analysis sets on a ThreadRow: integrity, platform metrics, metrics row and window
    rows, by attribute name (storing an upload and rescoring a stored thread both use it)."""
    return {
        "integrity": asdict(analysis.integrity),
        "platform_metrics": None
        if analysis.platform_metrics is None
        else graph_metric_values(analysis.platform_metrics),
        "metrics": MetricsRow(
            **metric_columns(analysis.metrics, analysis.text, analysis.score, analysis.presence)
        ),
        "windows": [
            WindowMetricsRow(
                window_size=window.size,
                **metric_columns(window.metrics, window.text, window.score, window.presence),
            )
            for window in analysis.windows
        ],
    }


def comment_rows(item: ImportedThread, analysis: ThreadAnalysis) -> list[dict[str, Any]]:
    """One row per comment with its place in the repaired tree (`position` in tree order) and in
    the upload (`input_position`), exact repeats once: the analysis breaks time ties by input
    order, so `parley rescore` rebuilds the thread in it."""
    placed_at = {
        placed.id: (position, placed) for position, placed in enumerate(analysis.tree_order)
    }
    rows: list[dict[str, Any]] = []
    for comment in item.thread.comments:
        if comment.id not in placed_at:
            continue  # an exact repeat of a comment already listed
        position, placed = placed_at.pop(comment.id)
        rows.append(
            {
                "position": position,
                "input_position": len(rows),
                "comment_id": comment.id,
                "parent_id": placed.parent,
                "reply_to": comment.reply_to,
                "platform_reply_to": comment.platform_reply_to,
                "reply_to_method": comment.reply_to_method.value,
                "depth": placed.depth,
                "author": comment.author,
                "author_name": comment.author_name,
                "text": comment.text,
                "created_at": comment.created_at,
                "like_count": comment.like_count,
            }
        )
    return rows
