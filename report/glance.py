"""The top of the report: the size control in force, then each metric's groups ranked.

The size control comes first because it decides the ranking: the lead metric is ranked again
under other minimum thread sizes (means only), so a reader sees whether the headline holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from report.data import ReportData, SizeControlNote
from report.format import decimals_for, format_number, interval, optional, percent
from report.summary import RELIABLE_MEANS, glance_sentence, joined, mean_digits, ranked_groups
from report.tables import Table
from report.templating import render


def _ranking_cell(means: Sequence[tuple[str, float, int]], digits: int) -> str:
    if not means:
        return "no threads"
    return " › ".join(
        f"{group} {format_number(mean, digits)} ({threads})" for group, mean, threads in means
    )


def ranking_table(note: SizeControlNote) -> Table:
    digits = decimals_for([mean for r in note.rankings for _, mean, _ in r.means])
    return Table(
        header=(
            "Threads compared",
            f"Groups by mean {note.metric}, highest first (threads)",
        ),
        rows=tuple(
            (
                f"Threads with {r.threads}" + (" (in force)" if r.in_force else ""),
                _ranking_cell(r.means, digits),
            )
            for r in note.rankings
        ),
        csv_header=("threads", "in_force", "group", f"mean_{note.metric}", "thread_count"),
        csv_rows=tuple(
            (r.threads, r.in_force, group, mean, threads)
            for r in note.rankings
            for group, mean, threads in r.means
        ),
        filename=f"ranking-by-size-{note.metric}.csv",
        css_class="ranking",
        marked=frozenset(i for i, r in enumerate(note.rankings) if r.in_force),
    )


def size_control_part(note: SizeControlNote) -> Markup:
    """The control in force in words and, when given, the lead ranking under each minimum."""
    ranking = ranking_table(note) if note.rankings else None
    return render("size_control.html.j2", note=note, ranking=ranking)


@dataclass(frozen=True, slots=True)
class GlanceCell:
    name: str
    mean: str  # "—": no threads
    interval: str
    n: int


@dataclass(frozen=True, slots=True)
class GlanceRow:
    anchor: str
    metric: str
    cells: tuple[GlanceCell, ...]
    finding: str


def anchor(index: int) -> str:
    return f"metric-{index}"


def glance_rows(data: ReportData) -> list[GlanceRow]:
    """Per metric, the groups ranked by mean and the reliable differences in words."""
    rows = []
    for index, section in enumerate(data.sections):
        groups = section.comparison.groups
        digits = mean_digits(groups)
        cells = tuple(
            GlanceCell(
                name,
                optional(groups[name].mean, digits),
                interval(groups[name].ci_low, groups[name].ci_high, digits),
                groups[name].n,
            )
            for name in ranked_groups(groups)
        )
        finding = glance_sentence(section.metric, section.comparison)
        rows.append(GlanceRow(anchor(index), section.metric, cells, finding))
    return rows


def at_a_glance(data: ReportData, scope: Sequence[str]) -> Markup:
    columns = max((len(s.comparison.groups) for s in data.sections), default=0)
    confidences = joined(sorted({percent(s.comparison.confidence) for s in data.sections}))
    return render(
        "glance.html.j2",
        rows=glance_rows(data),
        columns=columns,
        confidences=confidences,
        under=" (under the size control above)" if data.size_control else "",
        reliable_means=RELIABLE_MEANS,
        scope=scope,
    )
