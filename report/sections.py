"""One metric's section of the report: its charts, its groups and its pairs, each table once.

A pair is one row: its sentence (report.summary.pair_sentence: the difference with its
interval, Cliff's δ and the Holm-adjusted p, in words) beside the Mann–Whitney p and the
notes; the reliable pairs come first, under their own heading. Every number of the rows is in
the table's CSV, one column each.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from report.data import MetricSection
from report.format import decimals_for, format_number, interval, optional, percent
from report.summary import glance_sentence, is_reliable, mean_digits, p_text, pair_sentence
from report.tables import Cell, Table
from stats.compare import Comparison, PairComparison

if TYPE_CHECKING:
    from report.charts import Chart

_NOT_FILENAME = re.compile(r"[^A-Za-z0-9_.-]+")


def file_part(text: str) -> str:
    """`text` made safe in a download's file name."""
    return _NOT_FILENAME.sub("-", text).strip("-") or "x"


def groups_table(comparison: Comparison, name: str) -> Table:
    groups, digits = comparison.groups, mean_digits(comparison.groups)
    ci = f"{percent(comparison.confidence)} CI of mean"
    return Table(
        header=("Group", "n", "Mean", "Median", ci),
        rows=tuple(
            (
                group,
                str(s.n),
                optional(s.mean, digits),
                optional(s.median, digits),
                interval(s.ci_low, s.ci_high, digits),
            )
            for group, s in groups.items()
        ),
        csv_header=("group", "threads", "mean", "median", "mean_ci_low", "mean_ci_high"),
        csv_rows=tuple(
            (group, s.n, s.mean, s.median, s.ci_low, s.ci_high) for group, s in groups.items()
        ),
        filename=f"{file_part(name)}-groups.csv",
    )


PAIR_CSV = (
    "first", "second", "difference_of_means", "difference_ci_low", "difference_ci_high",
    "cliffs_delta", "magnitude", "mann_whitney_u", "mann_whitney_p", "p_method", "holm_p",
    "reliable", "note",
)  # fmt: skip


def _note(pair: PairComparison) -> str:
    return "; ".join(sorted(set(pair.unavailable.values())))


def _pair_cells(p: PairComparison) -> tuple[Cell, ...]:
    return (
        p.first, p.second, p.difference, p.ci_low, p.ci_high, p.cliffs_delta, p.magnitude,
        p.u_statistic, p.p_value, p.p_method, p.holm_p, is_reliable(p), _note(p),
    )  # fmt: skip


def pairs_table(
    pairs: Sequence[PairComparison], comparison: Comparison, metric: str, name: str
) -> Table:
    return Table(
        header=("Pair (first − second)", "Reading", "Mann–Whitney p", "Note"),
        rows=tuple(
            (
                f"{pair.first} − {pair.second}",
                pair_sentence(pair, metric, comparison.confidence),
                "—" if pair.p_value is None else f"{p_text(pair.p_value)} ({pair.p_method})",
                _note(pair),
            )
            for pair in pairs
        ),
        csv_header=PAIR_CSV,
        csv_rows=tuple(_pair_cells(pair) for pair in pairs),
        filename=f"{file_part(name)}-pairs.csv",
        css_class="pairs",
    )


def numbers_table(pairs: Sequence[PairComparison], confidence: float) -> Table:
    """The pairs as numbers only, for the size strata: shown, not downloaded on their own
    (strata_download holds every stratum's pairs)."""
    rows = []
    for pair in pairs:
        digits = decimals_for(
            [v for v in (pair.difference, pair.ci_low, pair.ci_high) if v is not None]
        )
        delta = (
            "—"
            if pair.cliffs_delta is None
            else f"{format_number(pair.cliffs_delta, 2)} ({pair.magnitude})"
        )
        rows.append(
            (
                f"{pair.first} − {pair.second}",
                optional(pair.difference, digits),
                interval(pair.ci_low, pair.ci_high, digits),
                delta,
                "—" if pair.p_value is None else f"{p_text(pair.p_value)} ({pair.p_method})",
                "—" if pair.holm_p is None else p_text(pair.holm_p),
                _note(pair),
            )
        )
    header = (
        "Pair (first − second)", "Difference of means", f"{percent(confidence)} CI",
        "Cliff's δ", "Mann–Whitney p", "Holm p", "Note",
    )  # fmt: skip
    return Table(header=header, rows=tuple(rows), csv_header=(), csv_rows=(), filename="")


def strata_download(section: MetricSection, name: str) -> Table:
    """Every size stratum's pairs in one CSV, the stratum in its first column."""
    return Table(
        header=(),
        rows=(),
        csv_header=("comments", *PAIR_CSV),
        csv_rows=tuple(
            (stratum.label, *_pair_cells(pair))
            for stratum in section.by_size
            for pair in stratum.comparison.pairs
        ),
        filename=f"{name}-pairs-by-size.csv",
    )


@dataclass(frozen=True, slots=True)
class StratumView:
    label: str
    sizes: str  # threads per group
    finding: str
    pairs: Table | None  # None: one group, nothing to compare


@dataclass(frozen=True, slots=True)
class SectionView:
    anchor: str
    metric: str
    description: str
    finding: str
    notes: Sequence[str]
    charts: tuple[Chart, ...]
    groups: Table
    reliable: Table | None  # None: no such pair
    not_reliable: Table | None
    pair_count: int
    reliable_count: int
    strata_labels: str
    strata: tuple[StratumView, ...]
    strata_csv: Table


def _pairs_or_none(
    pairs: Sequence[PairComparison], comparison: Comparison, metric: str, name: str
) -> Table | None:
    return pairs_table(pairs, comparison, metric, name) if pairs else None


def _charts(section: MetricSection, prefix: str) -> tuple[Chart, ...]:
    # matplotlib takes about 0.4 s to import: the server and the CLI pay it on the first report
    # drawn, not at start-up (app/web_safety.py imports this package for the stylesheet).
    from report.charts import box_chart, histogram_chart
    from report.context_charts import month_chart, size_chart

    metric, values = section.metric, section.values
    charts = [
        box_chart(values, section.comparison.groups, metric, f"{prefix}-box"),
        histogram_chart(values, metric, f"{prefix}-histogram"),
    ]
    if section.sizes:
        charts.append(size_chart(values, section.sizes, metric, f"{prefix}-size"))
    if section.by_month:
        # in the order of `values`, so that each group keeps its colour from chart to chart
        by_month = {group: section.by_month.get(group, ()) for group in values}
        charts.append(month_chart(by_month, metric, f"{prefix}-month"))
    return tuple(charts)


def section_view(anchor: str, section: MetricSection, notes: Sequence[str]) -> SectionView:
    comparison, metric = section.comparison, section.metric
    name = file_part(metric)
    reliable = [p for p in comparison.pairs if is_reliable(p)]
    others = [p for p in comparison.pairs if not is_reliable(p)]
    strata = tuple(
        StratumView(
            stratum.label,
            ", ".join(f"{group} {s.n}" for group, s in stratum.comparison.groups.items()),
            glance_sentence(metric, stratum.comparison),
            numbers_table(stratum.comparison.pairs, stratum.comparison.confidence)
            if stratum.comparison.pairs
            else None,
        )
        for stratum in section.by_size
    )
    return SectionView(
        anchor=anchor,
        metric=metric,
        description=section.description,
        finding=glance_sentence(metric, comparison),
        notes=notes,
        charts=_charts(section, anchor),
        groups=groups_table(comparison, name),
        reliable=_pairs_or_none(reliable, comparison, metric, f"{name}-reliable"),
        not_reliable=_pairs_or_none(others, comparison, metric, f"{name}-not-reliable"),
        pair_count=len(comparison.pairs),
        reliable_count=len(reliable),
        strata_labels=", ".join(stratum.label for stratum in section.by_size),
        strata=strata,
        strata_csv=strata_download(section, name),
    )
