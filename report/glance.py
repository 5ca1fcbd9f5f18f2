"""The top of the report: the size control in force, then each metric's groups ranked.

The size control comes first because it decides the ranking: the lead metric is ranked again
under other minimum thread sizes (means only), so a reader sees whether the headline holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from report.data import Ranking, ReportData, SizeControlNote
from report.parts import anchor, bullet_list, interval
from report.summary import RELIABLE_MEANS, glance_sentence, joined, mean_digits, ranked_groups
from report.svg import decimals_for, escape_text, format_number, percent
from stats.summary import GroupSummary


def _ranking_cell(means: Sequence[tuple[str, float, int]], digits: int) -> str:
    if not means:
        return "no threads"
    return " › ".join(
        f"{group} {format_number(mean, digits)} ({threads})" for group, mean, threads in means
    )


def _ranking_row(ranking: Ranking, digits: int) -> str:
    label = f"Threads with {ranking.threads}" + (" (in force)" if ranking.in_force else "")
    cells = (
        f"<td>{escape_text(label)}</td><td>{escape_text(_ranking_cell(ranking.means, digits))}</td>"
    )
    return f'<tr class="in-force">{cells}</tr>' if ranking.in_force else f"<tr>{cells}</tr>"


def size_control_part(note: SizeControlNote) -> str:
    """The control in force in words and, when given, the lead ranking under each minimum."""
    parts = [
        f'<section id="size-control"><p><b>Size control: {escape_text(note.statement)}</b>',
        f" {escape_text(note.why)}</p>" if note.why else "</p>",
    ]
    if note.rankings:
        digits = decimals_for([mean for r in note.rankings for _, mean, _ in r.means])
        rows = [_ranking_row(ranking, digits) for ranking in note.rankings]
        parts.append(
            f'<table class="ranking"><tr><th>Threads compared</th><th>Groups by mean '
            f"{escape_text(note.metric)}, highest first (threads)</th></tr>{''.join(rows)}"
            '</table><p class="muted">Means only, to show how the ranking moves with the '
            "minimum thread size; which differences are reliable is judged below, under the "
            "control in force.</p>"
        )
    return "".join(parts) + "</section>"


def _glance_cell(name: str, summary: GroupSummary, digits: int) -> str:
    if summary.mean is None:
        return f"<td><b>{escape_text(name)}</b><br>no threads</td>"
    shown = interval(summary.ci_low, summary.ci_high, digits)
    return (
        f"<td><b>{escape_text(name)}</b><br>{escape_text(format_number(summary.mean, digits))}"
        f'<br><span class="muted">{escape_text(shown)}<br>n = {summary.n}</span></td>'
    )


def at_a_glance(data: ReportData, scope: Sequence[str]) -> str:
    """Per metric, the groups ranked by mean and the reliable differences in words."""
    columns = max((len(s.comparison.groups) for s in data.sections), default=0)
    confidences = joined(sorted({percent(s.comparison.confidence) for s in data.sections}))
    under = " (under the size control above)" if data.size_control else ""
    rows = []
    for index, section in enumerate(data.sections):
        groups = section.comparison.groups
        digits = mean_digits(groups)
        cells = "".join(_glance_cell(name, groups[name], digits) for name in ranked_groups(groups))
        rows.append(
            f'<tr><th rowspan="2"><a href="#{anchor(index)}">{escape_text(section.metric)}'
            f"</a></th>{cells}</tr>"
            f'<tr><td class="finding" colspan="{columns}">'
            f"{escape_text(glance_sentence(section.metric, section.comparison))}</td></tr>"
        )
    table = (
        '<table class="glance"><tr><th>Measure</th>'
        f'<th colspan="{columns}">Groups, highest mean first{escape_text(under)}: mean, '
        f"{confidences} CI of the mean, threads</th></tr>" + "".join(rows) + "</table>"
        if rows
        else "<p>No measures.</p>"
    )
    return (
        '<section id="at-a-glance"><h2>At a glance</h2>'
        f"<p>{escape_text(RELIABLE_MEANS)}</p>{table}"
        "<h3>What this does and does not show</h3>" + bullet_list(scope) + "</section>"
    )
