"""Per-group metric values and totals for comparisons, selected and grouped in SQL.

A group is a platform, a tag, the month in which a thread's discussion started, or a creator
account ("<platform>/<creator_handle>"; threads without a handle are in no group). Filtering,
grouping and the totals run in the database over the metric columns; what leaves it is one
value per thread (the unit that comparisons resample) with that thread's size.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sqlalchemy import Select, SQLColumnExpression, case, func, select
from sqlalchemy.orm import Session

from db.grouping import GroupBy as GroupBy
from db.models import (
    SIZE_METRIC,
    SORTABLE_METRICS,
    MetricsRow,
    ThreadRow,
    ThreadTagRow,
    WindowMetricsRow,
    metric_column,
)

MonthValues = dict[str, tuple[tuple[str, float], ...]]  # group -> (month, value) per thread


class UnknownMetric(ValueError):
    def __init__(self, metric: str) -> None:
        super().__init__(f"unknown metric {metric!r}; one of: {', '.join(SORTABLE_METRICS)}")


@dataclass(frozen=True, slots=True)
class Selection:
    """Which threads take part: the grouping, an optional list of groups, filters, a window."""

    by: GroupBy = GroupBy.PLATFORM
    groups: tuple[str, ...] = ()  # empty: every group found
    # None: no minimum here; the comparison services fill in the default size control first
    # (app/api/compare/size_control.py), so None there means "the default minimum".
    min_comments: int | None = None
    window: int | None = None  # first-K window metrics instead of whole-thread ones


@dataclass(frozen=True, slots=True)
class GroupValues:
    values: list[float]  # one per thread where the metric is computable
    sizes: list[int]  # the same threads' comment counts (whole thread)
    missing: int  # threads of the group where the metric is null
    missing_reason: str | None  # the most common stated reason


@dataclass(frozen=True, slots=True)
class GroupTotals:
    threads: int
    comments: int


def group_key(session: Session, by: GroupBy) -> SQLColumnExpression[Any]:
    if by is GroupBy.PLATFORM:
        return ThreadRow.platform
    if by is GroupBy.TAG:
        return ThreadTagRow.tag
    if by is GroupBy.CREATOR:
        # `+` on strings renders as SQL `||` on SQLite and PostgreSQL alike (creator_group).
        return ThreadRow.platform + "/" + ThreadRow.creator_handle
    if session.get_bind().dialect.name == "postgresql":
        month = func.to_char(func.timezone("UTC", ThreadRow.first_comment_at), "YYYY-MM")
    else:
        month = func.strftime("%Y-%m", ThreadRow.first_comment_at)
    return func.coalesce(month, "undated")


def _sized(selection: Selection, *columns: SQLColumnExpression[Any]) -> Select[Any]:
    """`columns` of the threads of the selection's size, whatever their group."""
    statement = select(*columns).select_from(ThreadRow).join(ThreadRow.metrics)
    if selection.min_comments is not None:
        statement = statement.where(
            metric_column(MetricsRow, SIZE_METRIC) >= selection.min_comments
        )
    return statement


def _selected(
    session: Session, selection: Selection, *columns: SQLColumnExpression[Any]
) -> Select[Any]:
    """`columns` with the group (labelled "group") of every thread the selection takes."""
    key: SQLColumnExpression[Any] = group_key(session, selection.by).label("group")
    statement = _sized(selection, key, *columns)
    if selection.by is GroupBy.TAG:
        statement = statement.join(ThreadTagRow, ThreadTagRow.thread_id == ThreadRow.id)
    if selection.by is GroupBy.CREATOR:
        statement = statement.where(ThreadRow.creator_handle.is_not(None))
    if selection.groups:
        statement = statement.where(key.in_(selection.groups))
    return statement


def _windowed(
    statement: Select[Any], selection: Selection
) -> tuple[Select[Any], type[MetricsRow] | type[WindowMetricsRow]]:
    """The statement joined to the selection's first-K window metrics when it has a window, and
    the table its metric values are read from."""
    if selection.window is None:
        return statement, MetricsRow
    joined = statement.join(
        WindowMetricsRow,
        (WindowMetricsRow.thread_id == ThreadRow.id)
        & (WindowMetricsRow.window_size == selection.window),
    )
    return joined, WindowMetricsRow


def values_by_month(
    session: Session, metrics: Sequence[str], selection: Selection
) -> dict[str, MonthValues]:
    """metric -> group -> (month, value) of each selected thread where the value is known, in
    thread id order: the report's time view. The threads are those `metrics_values` reads for
    the same selection, the month `by=month`'s key."""
    month: SQLColumnExpression[Any] = group_key(session, GroupBy.MONTH).label("month")
    statement, source = _windowed(_selected(session, selection, month), selection)
    statement = statement.add_columns(*(metric_column(source, metric) for metric in metrics))
    found: dict[str, dict[str, list[tuple[str, float]]]] = {m: defaultdict(list) for m in metrics}
    for row in session.execute(statement.order_by("group", ThreadRow.id)):
        name, started = row[0], row[1]
        for metric, value in zip(metrics, row[2:], strict=True):
            if value is not None:
                found[metric][name].append((started, float(value)))
    return {
        metric: {name: tuple(pairs) for name, pairs in sorted(groups.items())}
        for metric, groups in found.items()
    }


def metric_values(session: Session, metric: str, selection: Selection) -> dict[str, GroupValues]:
    """Each group's per-thread values of `metric` (whole thread, or the first-K window)."""
    return metrics_values(session, (metric,), selection)[metric]


def metrics_values(
    session: Session, metrics: Sequence[str], selection: Selection
) -> dict[str, dict[str, GroupValues]]:
    """Each metric's per-group values, read in one pass over the selected threads, each group's
    in thread id order (so that resampling them is reproducible on every database). Only the
    columns needed leave the database; a missing value's reason is looked up there, in the JSON
    of `unavailable`, and only for a thread where the value is missing."""
    for metric in metrics:
        if metric not in SORTABLE_METRICS:
            raise UnknownMetric(metric)
    statement = _selected(session, selection, metric_column(MetricsRow, SIZE_METRIC))
    statement, source = _windowed(statement, selection)
    values = [metric_column(source, metric) for metric in metrics]
    reasons = [
        case((value.is_(None), source.unavailable[metric].as_string()))
        for metric, value in zip(metrics, values, strict=True)
    ]
    statement = statement.add_columns(*values, *reasons).order_by("group", ThreadRow.id)
    rows = session.execute(statement).all()
    columns = list(zip(*rows, strict=True)) if rows else [()] * (2 + 2 * len(metrics))
    spans = sorted(_group_spans(columns[0]))  # by name as Python orders it, whatever collation
    sizes = columns[1]
    return {
        metric: {
            group: _group_values(
                columns[2 + i][start:stop],
                sizes[start:stop],
                columns[2 + len(metrics) + i][start:stop],
            )
            for group, start, stop in spans
        }
        for i, metric in enumerate(metrics)
    }


def _group_spans(groups: Sequence[str]) -> list[tuple[str, int, int]]:
    """(group, start, stop) of each run of one group in rows ordered by group."""
    spans: list[tuple[str, int, int]] = []
    start = 0
    for group, members in groupby(groups):
        stop = start + sum(1 for _ in members)
        spans.append((group, start, stop))
        start = stop
    return spans


def _group_values(
    values: Sequence[float | None], sizes: Sequence[int], reasons: Sequence[str | None]
) -> GroupValues:
    kept = [(float(v), size) for v, size in zip(values, sizes, strict=True) if v is not None]
    common = Counter(reason for reason in reasons if reason).most_common(1)
    return GroupValues(
        [v for v, _ in kept],
        [size for _, size in kept],
        len(values) - len(kept),
        common[0][0] if common else None,
    )


def group_totals(session: Session, selection: Selection) -> dict[str, GroupTotals]:
    """Threads and comments per group, counted in SQL."""
    statement = _selected(
        session,
        selection,
        func.count(ThreadRow.id),
        func.sum(metric_column(MetricsRow, SIZE_METRIC)),
    ).group_by("group")
    return {
        group: GroupTotals(threads, int(comments or 0))
        for group, threads, comments in session.execute(statement.order_by("group"))
    }


def group_platforms(session: Session, selection: Selection) -> dict[str, set[str]]:
    """Which platforms each group's threads come from (a tag or a month may mix several)."""
    statement = _selected(session, selection, ThreadRow.platform).distinct()
    found: dict[str, set[str]] = defaultdict(set)
    for group, platform in session.execute(statement):
        found[group].add(platform)
    return dict(found)


def without_creator(session: Session, selection: Selection) -> dict[str, int]:
    """Per platform, the threads of the selection's size that have no creator handle, so belong
    to no creator group: how many a comparison by creator leaves out. A window takes only
    threads at least that large, so smaller ones are not counted as left out for want of one."""
    statement = (
        _sized(selection, ThreadRow.platform, func.count(ThreadRow.id))
        .where(ThreadRow.creator_handle.is_(None))
        .group_by(ThreadRow.platform)
        .order_by(ThreadRow.platform)
    )
    if selection.window is not None:
        statement = statement.where(metric_column(MetricsRow, SIZE_METRIC) >= selection.window)
    return {platform: int(threads) for platform, threads in session.execute(statement)}
