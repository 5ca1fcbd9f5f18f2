"""Charts as self-contained SVG strings: no scripts, no external resources, every label escaped.

Groups run along the x axis, the metric's values up the y axis. Each chart carries a <title> and
a <desc> that states its numbers in words, for screen readers.
"""

from __future__ import annotations

import html
import math
import re
import statistics
from collections.abc import Mapping, Sequence

from stats.summary import GroupSummary

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 52  # margins: tick labels left, group labels below
PLOT_TOP, PLOT_BOTTOM = TOP, HEIGHT - BOTTOM
MAX_POINTS = 1500  # per group; more dots only blur, and they cost page weight
MAX_LABEL_CHARS = 16  # group labels longer than this are cut, the full name kept as a tooltip
GOLDEN = (math.sqrt(5) - 1) / 2  # multiples of it modulo 1 spread jitter evenly, without random
# Characters XML 1.0 forbids even when escaped: a label holding one would break the document.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]")
_STYLE = 'font-family="system-ui, sans-serif" font-size="12" fill="#222"'


def escape_text(text: str) -> str:
    """Text safe inside XML and HTML elements and quoted attributes."""
    return html.escape(_NOT_XML.sub("", text), quote=True)


def format_number(value: float, decimals: int) -> str:
    """Fixed decimals with a true minus sign (U+2212); never "-0.0"."""
    text = f"{value:.{decimals}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "\u2212")


def percent(confidence: float) -> str:
    """0.95 -> "95%", 0.975 -> "97.5%"."""
    return f"{confidence * 100:g}%"


def decimals_for(values: Sequence[float]) -> int:
    """Decimals that show about three significant digits of the largest value."""
    largest = max((abs(v) for v in values), default=0.0)
    if largest == 0:
        return 2
    return min(6, max(0, 2 - math.floor(math.log10(largest))))


SAME_VALUE = 1e-9  # relative spread below which an axis shows one value


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2 or 5 times a power of ten) covering low..high."""
    # One value, or values a rounding error apart (a share computed two ways, 1/3 vs 2/6): open
    # a window around it, else the step underflows and neighbouring ticks come out equal.
    if high - low <= SAME_VALUE * max(abs(low), abs(high), 1.0):
        pad = abs(low) / 2 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    return [k * step for k in range(first, last + 1)]


def _tick_decimals(ticks: Sequence[float]) -> int:
    step = ticks[1] - ticks[0]
    return max(0, -math.floor(math.log10(step) + 1e-9))


def _threads(n: int) -> str:
    return f"{n} thread" if n == 1 else f"{n} threads"


def _safe_id(chart_id: str) -> str:
    return _NOT_ID.sub("-", chart_id) or "chart"


class _Canvas:
    """Pixel positions for `groups` bands across and the tick range up; collects SVG elements."""

    def __init__(self, groups: Sequence[str], ticks: Sequence[float]) -> None:
        self.ticks = ticks
        self.band = (WIDTH - LEFT - RIGHT) / max(1, len(groups))
        self.groups = groups
        self.parts: list[str] = []

    def x(self, index: int) -> float:
        return LEFT + self.band * (index + 0.5)

    def y(self, value: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        return PLOT_BOTTOM - (value - low) / (high - low) * (PLOT_BOTTOM - PLOT_TOP)

    def axes(self, metric: str, counts: Sequence[int]) -> None:
        decimals = _tick_decimals(self.ticks)
        for tick in self.ticks:
            y = self.y(tick)
            self.parts.append(
                f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="#ddd"/><text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
                f"{format_number(tick, decimals)}</text>"
            )
        self.parts.append(
            f'<text transform="translate(14 {(PLOT_TOP + PLOT_BOTTOM) / 2:.1f}) rotate(-90)" '
            f'text-anchor="middle">{escape_text(metric)}</text>'
        )
        for i, (name, n) in enumerate(zip(self.groups, counts, strict=True)):
            shown = name if len(name) <= MAX_LABEL_CHARS else name[: MAX_LABEL_CHARS - 1] + "…"
            self.parts.append(
                f'<text x="{self.x(i):.1f}" y="{PLOT_BOTTOM + 18}" text-anchor="middle">'
                f"<title>{escape_text(name)}</title>{escape_text(shown)}</text>"
                f'<text x="{self.x(i):.1f}" y="{PLOT_BOTTOM + 34}" text-anchor="middle" '
                f'fill="#666">n = {n}</text>'
            )

    def document(self, chart_id: str, title: str, description: str) -> str:
        ident = _safe_id(chart_id)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}" role="img" '
            f'aria-labelledby="{ident}-title {ident}-desc" {_STYLE}>'
            f'<title id="{ident}-title">{escape_text(title)}</title>'
            f'<desc id="{ident}-desc">{escape_text(description)}</desc>'
            + "".join(self.parts)
            + "</svg>"
        )


def drawn_sample(values: Sequence[float], limit: int = MAX_POINTS) -> list[float]:
    """The values sorted; above `limit`, `limit` of them evenly spaced by rank (ends kept)."""
    ordered = sorted(values)
    if len(ordered) <= limit:
        return ordered
    last = len(ordered) - 1
    return [ordered[round(k * last / (limit - 1))] for k in range(limit)]


def distribution_plot(groups: Mapping[str, Sequence[float]], metric: str, chart_id: str) -> str:
    """One column of jittered dots per group, its interquartile box and a median line."""
    names = list(groups)
    every = [v for values in groups.values() for v in values]
    canvas = _Canvas(names, nice_ticks(min(every, default=0.0), max(every, default=0.0)))
    canvas.axes(metric, [len(groups[name]) for name in names])
    spread = canvas.band * 0.3
    described: list[str] = []
    for i, name in enumerate(names):
        values, x = groups[name], canvas.x(i)
        drawn = drawn_sample(values)
        for k, value in enumerate(drawn):
            jitter = ((k * GOLDEN) % 1 - 0.5) * 2 * spread
            canvas.parts.append(
                f'<circle cx="{x + jitter:.1f}" cy="{canvas.y(value):.1f}" r="2" '
                f'fill="#3b6ea5" fill-opacity="0.45"/>'
            )
        if not values:
            described.append(f"{name}: no threads")
            continue
        median = statistics.median(values)
        if len(values) > 1:
            q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
            top, bottom = canvas.y(q3), canvas.y(q1)
            canvas.parts.append(
                f'<rect x="{x - spread:.1f}" y="{top:.1f}" width="{2 * spread:.1f}" '
                f'height="{bottom - top:.1f}" fill="none" stroke="#444"/>'
            )
        canvas.parts.append(
            f'<line x1="{x - spread:.1f}" x2="{x + spread:.1f}" y1="{canvas.y(median):.1f}" '
            f'y2="{canvas.y(median):.1f}" stroke="#c0392b" stroke-width="3"/>'
        )
        digits = decimals_for(values)
        shown = "" if len(drawn) == len(values) else f", {len(drawn)} dots drawn evenly by rank"
        described.append(
            f"{name}: {_threads(len(values))}{shown}, median {format_number(median, digits)}"
        )
    title = f"{metric}: one dot per thread, box from first to third quartile, line at the median"
    return canvas.document(chart_id, title, "; ".join(described) + ".")


def means_plot(summaries: Mapping[str, GroupSummary], metric: str, chart_id: str) -> str:
    """Each group's mean with its bootstrap interval as an error bar."""
    names = list(summaries)
    ends = [
        v
        for s in summaries.values()
        for v in (s.mean, s.ci_low, s.ci_high)
        if v is not None
    ]  # fmt: skip
    canvas = _Canvas(names, nice_ticks(min(ends, default=0.0), max(ends, default=0.0)))
    canvas.axes(metric, [summaries[name].n for name in names])
    digits = decimals_for(ends)
    described: list[str] = []
    for i, name in enumerate(names):
        summary, x = summaries[name], canvas.x(i)
        if summary.mean is None:
            described.append(f"{name}: no threads")
            continue
        mean_text = format_number(summary.mean, digits)
        if summary.ci_low is None or summary.ci_high is None:
            described.append(f"{name}: mean {mean_text} of a single thread, no interval")
        else:
            low, high = canvas.y(summary.ci_low), canvas.y(summary.ci_high)
            canvas.parts.append(
                f'<path d="M{x - 8:.1f} {low:.1f}H{x + 8:.1f}M{x:.1f} {low:.1f}V{high:.1f}'
                f'M{x - 8:.1f} {high:.1f}H{x + 8:.1f}" stroke="#444" stroke-width="1.5" '
                f'fill="none"/>'
            )
            described.append(
                f"{name}: mean {mean_text}, {percent(summary.confidence)} interval "
                f"{format_number(summary.ci_low, digits)} to "
                f"{format_number(summary.ci_high, digits)}"
            )
        canvas.parts.append(
            f'<circle cx="{x:.1f}" cy="{canvas.y(summary.mean):.1f}" r="4.5" fill="#3b6ea5"/>'
        )
    title = f"{metric}: mean per group with its bootstrap interval"
    return canvas.document(chart_id, title, "; ".join(described) + ".")
