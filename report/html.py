"""One self-contained HTML page comparing groups of threads: inline CSS and SVG, nothing loaded.

Every piece of text passes through escape_text. The summary sentences are built from the numbers:
a difference is called reliable only when its bootstrap interval excludes 0 and its
Holm-adjusted Mann–Whitney p-value is below ALPHA.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from report.svg import (
    decimals_for,
    distribution_plot,
    escape_text,
    format_number,
    means_plot,
    percent,
)
from stats.compare import Comparison, PairComparison, SizeStratum, compare_groups
from stats.summary import GroupSummary

ALPHA = 0.05

_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.75rem 0}
th,td{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}
.charts{display:flex;flex-wrap:wrap;gap:1rem}
.charts svg{max-width:100%;height:auto}
.muted{color:#666}
"""


@dataclass(frozen=True, slots=True)
class MetricSection:
    """One metric: its values per thread (for the dots) and their comparison."""

    metric: str
    values: dict[str, tuple[float, ...]]  # group -> one value per thread
    comparison: Comparison
    description: str = ""  # what the metric measures, in a sentence
    by_size: tuple[SizeStratum, ...] = ()  # the same comparison within thread-size strata


@dataclass(frozen=True, slots=True)
class ReportData:
    title: str
    compared: str  # what was compared, e.g. "YouTube and TikTok threads imported in May 2024"
    generated_at: datetime
    sections: tuple[MetricSection, ...]
    caveats: tuple[str, ...] = ()  # e.g. platforms that cap reply depth


def metric_section(
    metric: str,
    values: Mapping[str, Sequence[float]],
    description: str = "",
    resamples: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
) -> MetricSection:
    """A section whose comparison is computed from exactly the values it plots."""
    kept = {group: tuple(v) for group, v in values.items()}
    comparison = compare_groups(kept, resamples, seed, confidence)
    return MetricSection(metric, kept, comparison, description)


def p_text(p: float) -> str:
    """Three decimals, or "< 0.001"; more decimals where three would round p < ALPHA up to it."""
    if p < 0.001:
        return "< 0.001"
    decimals = 3
    # With 17 decimals a float below ALPHA always prints below it, so the loop ends.
    while p < ALPHA <= float(f"{p:.{decimals}f}"):
        decimals += 1
    return f"{p:.{decimals}f}"


def _p_clause(p: float) -> str:
    text = p_text(p)
    return f"p {text}" if text.startswith("<") else f"p = {text}"


def _interval_excludes_zero(pair: PairComparison) -> bool:
    if pair.ci_low is None or pair.ci_high is None:
        return False
    return pair.ci_low > 0 or pair.ci_high < 0


def is_reliable(pair: PairComparison) -> bool:
    """The interval of the difference excludes 0 and the Holm-adjusted p is below ALPHA."""
    return pair.holm_p is not None and pair.holm_p < ALPHA and _interval_excludes_zero(pair)


def _difference_text(difference: float, pair: PairComparison, confidence: float) -> str:
    shown = [v for v in (difference, pair.ci_low, pair.ci_high) if v is not None]
    digits = decimals_for(shown)
    text = f"difference {format_number(difference, digits)}"
    if pair.ci_low is not None and pair.ci_high is not None:
        text += (
            f", {percent(confidence)} CI {format_number(pair.ci_low, digits)} "
            f"to {format_number(pair.ci_high, digits)}"
        )
    return text


def pair_sentence(pair: PairComparison, metric: str, confidence: float) -> str:
    """One plain-language sentence on a pair, worded from its numbers."""
    a, b = pair.first, pair.second
    if pair.difference is None or pair.cliffs_delta is None or pair.holm_p is None:
        reason = next(iter(pair.unavailable.values()), "not enough threads")
        return f"{a} and {b} threads cannot be compared on {metric}: {reason}."
    evidence = (
        f"({_difference_text(pair.difference, pair, confidence)}; Cliff's δ = "
        f"{format_number(pair.cliffs_delta, 2)}, {pair.magnitude}; "
        f"Holm-adjusted {_p_clause(pair.holm_p)})"
    )
    if is_reliable(pair):
        direction = "higher" if pair.ci_low is not None and pair.ci_low > 0 else "lower"
        return f"{a} threads score {direction} than {b} threads on {metric} {evidence}."
    # Say which half of the evidence is missing when the two disagree.
    if _interval_excludes_zero(pair):
        note = ": the interval excludes 0, but the adjusted rank test does not back it"
    elif pair.holm_p < ALPHA:
        note = f": the adjusted rank test is below {ALPHA}, but the interval includes 0"
    else:
        note = ""
    return f"No reliable difference between {a} and {b} threads on {metric} {evidence}{note}."


def _interval(low: float | None, high: float | None, digits: int) -> str:
    if low is None or high is None:
        return "—"
    return f"{format_number(low, digits)} to {format_number(high, digits)}"


def _optional(value: float | None, digits: int) -> str:
    return "—" if value is None else format_number(value, digits)


def _row(cells: Sequence[str], header: bool = False) -> str:
    tag = "th" if header else "td"
    return "<tr>" + "".join(f"<{tag}>{escape_text(c)}</{tag}>" for c in cells) + "</tr>"


def _groups_table(groups: Mapping[str, GroupSummary], confidence: float) -> str:
    numbers = [
        v for s in groups.values() for v in (s.mean, s.median, s.ci_low, s.ci_high) if v is not None
    ]
    digits = decimals_for(numbers)
    rows = [_row(["Group", "n", "Mean", "Median", f"{percent(confidence)} CI of mean"], True)]
    rows += [
        _row(
            [
                name,
                str(s.n),
                _optional(s.mean, digits),
                _optional(s.median, digits),
                _interval(s.ci_low, s.ci_high, digits),
            ]
        )
        for name, s in groups.items()
    ]
    return "<table>" + "".join(rows) + "</table>"


def _pairs_table(comparison: Comparison) -> str:
    if not comparison.pairs:
        return '<p class="muted">Only one group: nothing to compare.</p>'
    header = [
        "Pair (first − second)",
        "Difference of means",
        f"{percent(comparison.confidence)} CI",
        "Cliff's δ",
        "Mann–Whitney p",
        "Holm p",
        "Note",
    ]
    rows = [_row(header, True)]
    for pair in comparison.pairs:
        shown = [v for v in (pair.difference, pair.ci_low, pair.ci_high) if v is not None]
        digits = decimals_for(shown)
        delta = (
            "—"
            if pair.cliffs_delta is None
            else f"{format_number(pair.cliffs_delta, 2)} ({pair.magnitude})"
        )
        mann_whitney = "—" if pair.p_value is None else f"{p_text(pair.p_value)} ({pair.p_method})"
        holm = "—" if pair.holm_p is None else p_text(pair.holm_p)
        note = "; ".join(sorted(set(pair.unavailable.values())))
        cells = [
            f"{pair.first} − {pair.second}",
            _optional(pair.difference, digits),
            _interval(pair.ci_low, pair.ci_high, digits),
            delta,
            mann_whitney,
            holm,
            note,
        ]
        rows.append(_row(cells))
    return "<table>" + "".join(rows) + "</table>"


def _list(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape_text(item)}</li>" for item in items) + "</ul>"


def _section(index: int, section: MetricSection) -> str:
    comparison, metric = section.comparison, section.metric
    sentences = [pair_sentence(p, metric, comparison.confidence) for p in comparison.pairs]
    parts = [
        f"<section><h2>{escape_text(metric)}</h2>",
        f"<p>{escape_text(section.description)}</p>" if section.description else "",
        f"<p>{escape_text(' '.join(sentences))}</p>" if sentences else "",
        '<div class="charts">',
        distribution_plot(section.values, metric, f"m{index}-distribution"),
        means_plot(comparison.groups, metric, f"m{index}-means"),
        "</div>",
        _groups_table(comparison.groups, comparison.confidence),
        _pairs_table(comparison),
    ]
    for stratum in section.by_size:
        sizes = ", ".join(f"{name} {s.n}" for name, s in stratum.comparison.groups.items())
        parts.append(
            f"<h3>Threads with {escape_text(stratum.label)} comments</h3>"
            f'<p class="muted">Threads per group: {escape_text(sizes)}</p>'
            + _pairs_table(stratum.comparison)
        )
    return "".join(parts) + "</section>"


def _method_note(data: ReportData) -> str:
    settings = {(s.comparison.resamples, s.comparison.seed) for s in data.sections}
    described = "; ".join(f"{r} resamples, seed {seed}" for r, seed in sorted(settings))
    return (
        "Each thread counts once. Intervals: percentile bootstrap over threads "
        f"({described or 'none'}). Tests: two-sided Mann–Whitney U, p-values Holm-adjusted "
        "across the pairs of each metric. Effect size: Cliff's δ, with the thresholds of "
        "Romano et al. (2006). A difference is called reliable when its interval excludes 0 "
        f"and its Holm-adjusted p is below {ALPHA}."
    )


def render_report(data: ReportData) -> str:
    """The whole page as one string."""
    warnings = [w for s in data.sections for w in s.comparison.warnings]
    caveats = list(dict.fromkeys([*data.caveats, *warnings]))  # once each, in order
    body = [
        f"<h1>{escape_text(data.title)}</h1>",
        f"<p>{escape_text(data.compared)}</p>",
        f'<p class="muted">Generated {escape_text(data.generated_at.isoformat(" ", "minutes"))}'
        "</p>",
        f"<p>{escape_text(_method_note(data))}</p>",
        *(_section(i, s) for i, s in enumerate(data.sections)),
        "<section><h2>Caveats</h2>" + (_list(caveats) if caveats else "<p>None.</p>"),
        "</section>",
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape_text(data.title)}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )
