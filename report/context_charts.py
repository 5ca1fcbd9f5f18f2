"""The report's context charts: a metric against thread size and against time.

Both draw each group's median per bin (a power-of-two size bin, a month) rather than a mark per
thread, and leave out a bin with fewer than MIN_BIN_THREADS threads of a group, counting them
in the caption. Colours, fonts and the SVG clean-up are report.charts'.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from datetime import datetime

from matplotlib.ticker import ScalarFormatter

from report.charts import Chart, add_legend, as_chart, colours, single_axes, threads_text

MIN_BIN_THREADS = 5  # a size bin or month with fewer threads of a group is not drawn


def size_bin(size: int) -> int:
    """Thread sizes binned by powers of two: 1, 2–3, 4–7, 8–15, …"""
    return max(0, size).bit_length() - 1


def size_chart(
    values: Mapping[str, Sequence[float]],
    sizes: Mapping[str, Sequence[int]],
    metric: str,
    chart_id: str,
) -> Chart:
    """The median with its interquartile band per power-of-two size bin, on a log size axis."""
    palette = colours(list(values))
    left_out = 0
    with single_axes() as (figure, axes):
        drawn = 0
        for name, group in values.items():
            bins: dict[int, list[float]] = {}
            for value, size in zip(group, sizes.get(name, ()), strict=True):
                bins.setdefault(size_bin(size), []).append(value)
            kept = sorted(k for k, found in bins.items() if len(found) >= MIN_BIN_THREADS)
            left_out += sum(len(found) for k, found in bins.items() if k not in kept)
            if not kept:
                continue
            middles = [math.sqrt(2**k * (2 ** (k + 1) - 1)) for k in kept]
            quartiles = [_quartiles(bins[k]) for k in kept]
            axes.plot(middles, [q[1] for q in quartiles], "o-", color=palette[name], label=name)
            axes.fill_between(
                middles, [q[0] for q in quartiles], [q[2] for q in quartiles],
                color=palette[name], alpha=0.15, linewidth=0,
            )  # fmt: skip
            drawn += 1
        axes.set_xscale("log")
        axes.xaxis.set_major_formatter(ScalarFormatter())
        axes.minorticks_off()
        axes.set_xlabel("comments in the thread (log scale)")
        axes.set_ylabel(f"median {metric}")
        add_legend(axes, drawn)
        caption = (
            f"Median {metric} by thread size (bins 1, 2–3, 4–7, 8–15, …), the band from the "
            f"first to the third quartile; a bin with fewer than {MIN_BIN_THREADS} threads of "
            f"a group is not drawn ({threads_text(left_out)} in such bins)."
        )
        return as_chart(figure, chart_id, caption)


def _quartiles(found: Sequence[float]) -> tuple[float, float, float]:
    if len(found) == 1:
        return found[0], found[0], found[0]
    q1, median, q3 = statistics.quantiles(found, n=4, method="inclusive")
    return q1, median, q3


def consecutive_runs(months: Sequence[str]) -> list[list[str]]:
    """Sorted "YYYY-MM" months split into runs without a gap: a line joins only neighbours."""
    runs: list[list[str]] = []
    previous = None
    for month in months:
        year, number = int(month[:4]), int(month[5:7])
        index = year * 12 + number
        if previous is None or index != previous + 1:
            runs.append([])
        runs[-1].append(month)
        previous = index
    return runs


UNDATED = "undated"  # db.aggregates' month of a thread without a first comment time


def month_chart(
    by_month: Mapping[str, Sequence[tuple[str, float]]], metric: str, chart_id: str
) -> Chart:
    """Each group's median per month ("YYYY-MM", the month its discussion started)."""
    palette = colours(list(by_month))
    left_out = undated = 0
    with single_axes() as (figure, axes):
        drawn = 0
        for name, pairs in by_month.items():
            months: dict[str, list[float]] = {}
            for month, value in pairs:
                months.setdefault(month, []).append(value)
            undated += len(months.pop(UNDATED, []))
            kept = sorted(m for m, found in months.items() if len(found) >= MIN_BIN_THREADS)
            left_out += sum(len(found) for m, found in months.items() if m not in kept)
            if not kept:
                continue
            for run, months_run in enumerate(consecutive_runs(kept)):
                when = [datetime.strptime(month, "%Y-%m") for month in months_run]
                medians = [statistics.median(months[month]) for month in months_run]
                axes.plot(
                    when,  # type: ignore[arg-type]
                    medians,
                    "o-",
                    ms=3,
                    color=palette[name],
                    label=name if run == 0 else None,
                )
            drawn += 1
        axes.set_ylabel(f"median {metric}")
        axes.tick_params(axis="x", labelrotation=30)
        add_legend(axes, drawn)
        caption = (
            f"Median {metric} per month in which a thread's discussion started (a line joins "
            "neighbouring months only); a month with "
            f"fewer than {MIN_BIN_THREADS} threads of a group is not drawn "
            f"({threads_text(left_out)} in such months"
            + (f", {threads_text(undated)} without a date" if undated else "")
            + ")."
        )
        return as_chart(figure, chart_id, caption)
