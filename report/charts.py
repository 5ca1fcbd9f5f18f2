"""The report's charts, drawn by matplotlib as SVG and inlined (report.inline_svg).

Each chart summarises its threads instead of drawing one mark per thread, so it reads the same
at 30 threads as at 4,000: box plots and histograms of each group's values, the median against
thread size in logarithmic size bins, the median by month (the last two in
report.context_charts). Each group keeps one colour on every
chart of the page, and every chart with more than one group has a legend. Text stays text
(svg.fonttype "none": selectable, small, read by screen readers); math parsing is off, so a
group named "$x$" prints as typed.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display, no GUI toolkit: the charts are only ever written to SVG

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.typing import RcKeyType

from report.format import decimals_for, format_number, percent
from report.inline_svg import inline_svg
from stats.summary import GroupSummary

WIDTH, HEIGHT = 4.8, 2.6  # inches; two charts side by side fill the page's 60rem column
MAX_HISTOGRAM_BINS = 30
STYLE: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "parley",  # the same page for the same numbers
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # bundled with matplotlib: nothing looked up
    "font.size": 9,
    "text.parse_math": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e5e5e5",
    "legend.frameon": False,
    "figure.facecolor": "none",  # the page's white shows through: no background shapes
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    # grid lines instead of tick marks, no minor ticks: each would be one more element
    "xtick.major.size": 0,
    "ytick.major.size": 0,
    "xtick.minor.visible": False,
    "ytick.minor.visible": False,
    "legend.fontsize": 8,
}
COLOURS = ("#3b6ea5", "#d9822b", "#3a9a5b", "#c0392b", "#8e6bbf", "#8c6d46", "#d16fb0", "#666")


@dataclass(frozen=True, slots=True)
class Chart:
    svg: str  # an <svg> element, safe to insert as is
    caption: str  # plain text, escaped where it is shown


def colours(groups: Sequence[str]) -> dict[str, str]:
    return {name: COLOURS[i % len(COLOURS)] for i, name in enumerate(groups)}


def threads_text(n: int) -> str:
    return f"{n} thread" if n == 1 else f"{n} threads"


@contextmanager
def single_axes(height: float = HEIGHT) -> Iterator[tuple[Figure, Axes]]:
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(WIDTH, height), layout="constrained")
        yield figure, figure.add_subplot()


def as_chart(figure: Figure, chart_id: str, caption: str) -> Chart:
    out = io.StringIO()
    with matplotlib.rc_context(STYLE):
        figure.savefig(out, format="svg", metadata={"Date": None})
    return Chart(inline_svg(out.getvalue(), chart_id, escape(caption)), caption)


def add_legend(axes: Axes, drawn: int) -> None:
    if drawn > 1:
        axes.legend(loc="best")


def box_chart(
    values: Mapping[str, Sequence[float]],
    summaries: Mapping[str, GroupSummary],
    metric: str,
    chart_id: str,
) -> Chart:
    """Per group a box from the first to the third quartile, the median inside, whiskers at the
    5th and 95th percentiles; the mean with its bootstrap interval as a black diamond and bar."""
    shown = [name for name in values if values[name]]
    palette = colours(list(values))
    with single_axes(max(1.4, 0.8 + 0.32 * len(shown))) as (figure, axes):
        if shown:
            boxes = axes.boxplot(
                [values[name] for name in shown],
                orientation="horizontal",
                whis=(5, 95),
                showfliers=False,
                tick_labels=shown,
                patch_artist=True,
                medianprops={"color": "#222", "linewidth": 1.5},
            )
            for patch, name in zip(boxes["boxes"], shown, strict=True):
                patch.set(facecolor=palette[name], alpha=0.55)
            for row, name in enumerate(shown, start=1):
                summary = summaries[name]
                if summary.mean is None:
                    continue
                bar = (
                    None
                    if summary.ci_low is None or summary.ci_high is None
                    # a percentile interval need not contain the mean; a bar cannot be negative
                    else [
                        [max(0.0, summary.mean - summary.ci_low)],
                        [max(0.0, summary.ci_high - summary.mean)],
                    ]
                )
                axes.errorbar(summary.mean, row, xerr=bar, fmt="D", color="#111", ms=4)
            axes.invert_yaxis()  # the first group on top, as in the tables
        axes.set_xlabel(metric)
        axes.grid(axis="y", visible=False)
        said = []
        for name in values:
            summary = summaries[name]
            if not values[name] or summary.median is None:
                said.append(f"{name}: no threads")
                continue
            digits = decimals_for(values[name])
            said.append(
                f"{name}: {threads_text(len(values[name]))}, median "
                f"{format_number(summary.median, digits)}"
            )
        confidence = percent(next(iter(summaries.values())).confidence) if summaries else ""
        caption = (
            f"{metric} per group: box from the first to the third quartile with the median, "
            f"whiskers at the 5th and 95th percentiles; diamond and bar: the mean and its "
            f"{confidence} bootstrap interval. " + "; ".join(said) + "."
        )
        return as_chart(figure, chart_id, caption)


def histogram_chart(values: Mapping[str, Sequence[float]], metric: str, chart_id: str) -> Chart:
    """One histogram per group, stacked on a shared axis, each bar the share of the group's
    threads in its bin: a group of 4,000 threads and one of 40 are drawn on one scale, and no
    group's bars hide another's."""
    shown = [name for name in values if values[name]]
    every = [v for name in shown for v in values[name]]
    palette = colours(list(values))
    rows = max(1, len(shown))
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(WIDTH, max(HEIGHT, 0.5 + 0.4 * rows)), layout="constrained")
        panels = figure.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
        low, high = (min(every), max(every)) if every else (0.0, 1.0)
        count = min(MAX_HISTOGRAM_BINS, max(5, math.ceil(math.sqrt(len(every)))))
        edges = [low + (high - low) * k / count for k in range(count + 1)] if high > low else 1
        for axes, name in zip(panels, shown, strict=False):
            group = values[name]
            weights = [1 / len(group)] * len(group)
            # one filled outline per group, not one rectangle per bar: a fifth of the bytes
            axes.hist(
                group, bins=edges, weights=weights, histtype="stepfilled", color=palette[name]
            )
            axes.set_ylabel(
                f"{name}\n(n = {len(group)})", rotation=0, ha="right", va="center", fontsize=8
            )
            axes.tick_params(axis="y", labelsize=7)
            axes.grid(axis="x", visible=False)
        panels[-1].set_xlabel(metric)
    caption = (
        f"Histogram of {metric} per group, {count} bins: the height of a bar is the share of "
        "the group's threads in its bin (each group's bars add up to 1)."
    )
    return as_chart(figure, chart_id, caption)
