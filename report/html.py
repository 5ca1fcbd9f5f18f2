"""One self-contained HTML page comparing groups of threads: inline CSS and SVG, nothing loaded.

Every piece of text passes through escape_text. The page opens with the size control in force
and the answer under it (each metric's groups ranked, and its reliable differences in words; see
report.glance and report.summary), then one section per metric with its charts, tables and the
same comparison within thread-size strata.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from report.creators import creators_part
from report.data import MetricSection, Ranking, ReportData, SizeControlNote
from report.glance import at_a_glance, size_control_part
from report.parts import anchor, bullet_list, interval, optional, row
from report.summary import (
    ALPHA,
    glance_sentence,
    is_reliable,
    mean_digits,
    mentions,
    method_note,
    p_text,
    pair_sentence,
    scope_statements,
)
from report.svg import (
    decimals_for,
    distribution_plot,
    escape_text,
    format_number,
    means_plot,
    percent,
)
from stats.compare import Comparison, compare_groups
from stats.summary import GroupSummary

# Re-exported: callers have imported these from report.html since before report.summary existed.
__all__ = [
    "ALPHA",
    "MetricSection",
    "Ranking",
    "ReportData",
    "SizeControlNote",
    "is_reliable",
    "metric_section",
    "pair_sentence",
]

STYLESHEET = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.75rem 0}
th,td{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}
.charts{display:flex;flex-wrap:wrap;gap:1rem}
.charts svg{max-width:100%;height:auto}
.muted{color:#666}
.glance td{text-align:center;vertical-align:top;white-space:nowrap}
.glance td.finding{text-align:left;white-space:normal;border-bottom:2px solid #bbb}
details{margin:1rem 0}
summary{cursor:pointer;font-weight:600}
.ranking td{text-align:left}
.ranking tr.in-force td{font-weight:600}
"""


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
    comparison = compare_groups(kept, resamples=resamples, seed=seed, confidence=confidence)
    return MetricSection(metric, kept, comparison, description)


def _groups_table(groups: Mapping[str, GroupSummary], confidence: float) -> str:
    digits = mean_digits(groups)
    rows = [row(["Group", "n", "Mean", "Median", f"{percent(confidence)} CI of mean"], True)]
    rows += [
        row(
            [
                name,
                str(s.n),
                optional(s.mean, digits),
                optional(s.median, digits),
                interval(s.ci_low, s.ci_high, digits),
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
    rows = [row(header, True)]
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
            optional(pair.difference, digits),
            interval(pair.ci_low, pair.ci_high, digits),
            delta,
            mann_whitney,
            holm,
            note,
        ]
        rows.append(row(cells))
    return "<table>" + "".join(rows) + "</table>"


def _pair_lists(comparison: Comparison, metric: str) -> str:
    """Every pair in a sentence, the reliable differences listed first."""
    reliable = [p for p in comparison.pairs if is_reliable(p)]
    others = [p for p in comparison.pairs if not is_reliable(p)]
    parts = []
    for heading, pairs in (("Reliable differences", reliable), ("Not reliable", others)):
        if pairs:
            sentences = [pair_sentence(p, metric, comparison.confidence) for p in pairs]
            parts.append(f"<h3>{heading}</h3>" + bullet_list(sentences))
    return "".join(parts)


def _strata(section: MetricSection) -> str:
    labels = ", ".join(stratum.label for stratum in section.by_size)
    parts = [f"<details><summary>By thread size ({escape_text(labels)} comments)</summary>"]
    for stratum in section.by_size:
        comparison = stratum.comparison
        sizes = ", ".join(f"{name} {s.n}" for name, s in comparison.groups.items())
        parts.append(
            f"<h3>Threads with {escape_text(stratum.label)} comments</h3>"
            f'<p class="muted">Threads per group: {escape_text(sizes)}</p>'
            f"<p>{escape_text(glance_sentence(section.metric, comparison))}</p>"
            + _pairs_table(comparison)
        )
    return "".join(parts) + "</details>"


def _section(index: int, section: MetricSection, notes: Sequence[str]) -> str:
    comparison, metric = section.comparison, section.metric
    parts = [
        f'<section id="{anchor(index)}"><h2>{escape_text(metric)}</h2>',
        f"<p>{escape_text(section.description)}</p>" if section.description else "",
        f"<p><b>{escape_text(glance_sentence(metric, comparison))}</b></p>",
        f'<div class="muted"><h3>Notes on this measure</h3>{bullet_list(notes)}</div>'
        if notes
        else "",
        _pair_lists(comparison, metric),
        '<div class="charts">',
        distribution_plot(section.values, metric, f"m{index}-distribution"),
        means_plot(comparison.groups, metric, f"m{index}-means"),
        "</div>",
        _groups_table(comparison.groups, comparison.confidence),
        _pairs_table(comparison),
        _strata(section) if section.by_size else "",
    ]
    return "".join(parts) + "</section>"


def _contents(data: ReportData, creators: bool) -> str:
    links = [("at-a-glance", "At a glance")]
    links += [(anchor(i), s.metric) for i, s in enumerate(data.sections)]
    links += [("creators", "Creators")] if creators else []
    links += [("caveats", "Caveats")]
    items = "".join(f'<li><a href="#{a}">{escape_text(text)}</a></li>' for a, text in links)
    return f'<nav aria-label="Contents"><h2>Contents</h2><ol>{items}</ol></nav>'


def render_report(data: ReportData) -> str:
    """The whole page as one string."""
    settings = {(s.comparison.resamples, s.comparison.seed) for s in data.sections}
    warnings = [w for s in data.sections for w in s.comparison.warnings]
    caveats = list(dict.fromkeys([*data.caveats, *warnings]))  # once each, in order
    # A note naming a metric belongs beside that metric; the rest concern the whole report.
    notes = [
        [c for c in data.caveats if mentions(c, s.metric)] + list(s.comparison.warnings)
        for s in data.sections
    ]
    general = [
        c
        for c in dict.fromkeys(data.caveats)
        if not any(mentions(c, s.metric) for s in data.sections)
    ]
    scope = scope_statements(
        [s.comparison for s in data.sections], general, len(caveats) - len(general)
    )
    # Shown only when it lists a creator: an empty section would say nothing.
    creators = data.creators if data.creators and data.creators.creators else None
    body = [
        f"<h1>{escape_text(data.title)}</h1>",
        f"<p>{escape_text(data.compared)}</p>",
        f'<p class="muted">Generated {escape_text(data.generated_at.isoformat(" ", "minutes"))}'
        "</p>",
        size_control_part(data.size_control) if data.size_control else "",
        _contents(data, creators is not None),
        at_a_glance(data, scope),
        f"<h2>Method</h2><p>{escape_text(method_note(settings))}</p>",
        *(_section(i, s, n) for i, (s, n) in enumerate(zip(data.sections, notes, strict=True))),
        creators_part(creators) if creators else "",
        '<section id="caveats"><h2>Caveats</h2>'
        + (bullet_list(caveats) if caveats else "<p>None.</p>"),
        "</section>",
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape_text(data.title)}</title><style>{STYLESHEET}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )
