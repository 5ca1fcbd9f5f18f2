"""Stored rows → response models."""

from __future__ import annotations

from app.schemas import (
    CommentOut,
    CreatedThreadOut,
    ImportReportOut,
    IntegrityOut,
    MetricsOut,
    ThreadOut,
    WindowOut,
)
from db.models import CommentRow, ThreadRow


def thread_out(row: ThreadRow) -> ThreadOut:
    return ThreadOut(
        id=row.id,
        platform=row.platform,
        external_id=row.external_id,
        url=row.url,
        title=row.title,
        creator=row.creator,
        collected_at=row.collected_at,
        tags=row.tags,
        source_format=row.source_format,
        stored_at=row.stored_at,
        first_comment_at=row.first_comment_at,
        metrics=MetricsOut.model_validate(row.metrics),
        integrity=IntegrityOut.model_validate(row.integrity),
        import_report=ImportReportOut.model_validate(row.import_report),
        windows=[
            WindowOut(size=w.window_size, metrics=MetricsOut.model_validate(w)) for w in row.windows
        ],
        platform_metrics=None
        if row.platform_metrics is None
        else MetricsOut.model_validate(row.platform_metrics),
    )


def created_thread_out(row: ThreadRow, replaced: bool) -> CreatedThreadOut:
    return CreatedThreadOut(**thread_out(row).model_dump(), replaced=replaced)


def comment_out(row: CommentRow) -> CommentOut:
    return CommentOut.model_validate(row)
