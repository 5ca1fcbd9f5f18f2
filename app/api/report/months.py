"""The report's time view: each selected thread's group, the month its discussion started, and
its value of each metric.

The threads are those db.aggregates.metrics_values reads for the same selection (the same
grouping, groups, minimum size and window); the month is db.aggregates' own month key, so a
thread falls in the month that `by=month` would put it in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import SQLColumnExpression, select
from sqlalchemy.orm import Session

from db.aggregates import GroupBy, Selection, group_key
from db.models import SIZE_METRIC, MetricsRow, ThreadRow, ThreadTagRow, WindowMetricsRow
from db.models import metric_column as column

MonthValues = dict[str, tuple[tuple[str, float], ...]]  # group -> (month, value) per thread


def values_by_month(
    session: Session, metrics: Sequence[str], selection: Selection
) -> dict[str, MonthValues]:
    """metric -> group -> (month, value) of each thread where the value is known."""
    group: SQLColumnExpression[Any] = group_key(session, selection.by).label("group")
    month: SQLColumnExpression[Any] = group_key(session, GroupBy.MONTH).label("month")
    source: type[MetricsRow] | type[WindowMetricsRow] = MetricsRow
    statement = select(group, month).select_from(ThreadRow).join(ThreadRow.metrics)
    if selection.window is not None:
        source = WindowMetricsRow
        statement = statement.join(
            WindowMetricsRow,
            (WindowMetricsRow.thread_id == ThreadRow.id)
            & (WindowMetricsRow.window_size == selection.window),
        )
    if selection.min_comments is not None:
        statement = statement.where(column(MetricsRow, SIZE_METRIC) >= selection.min_comments)
    if selection.by is GroupBy.TAG:
        statement = statement.join(ThreadTagRow, ThreadTagRow.thread_id == ThreadRow.id)
    if selection.by is GroupBy.CREATOR:
        statement = statement.where(ThreadRow.creator_handle.is_not(None))
    if selection.groups:
        statement = statement.where(group.in_(selection.groups))
    statement = statement.add_columns(*(column(source, metric) for metric in metrics))
    found: dict[str, dict[str, list[tuple[str, float]]]] = {m: defaultdict(list) for m in metrics}
    for row in session.execute(statement.order_by("group", ThreadRow.id)):
        name, started = row[0], row[1]
        values: Sequence[float | None] = row[2:]
        for metric, value in zip(metrics, values, strict=True):
            if value is not None:
                found[metric][name].append((started, float(value)))
    return {
        metric: {name: tuple(pairs) for name, pairs in sorted(groups.items())}
        for metric, groups in found.items()
    }
