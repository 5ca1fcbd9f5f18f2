"""One self-contained HTML page comparing groups of threads: inline CSS and SVG, nothing loaded.

The page is rendered by the Jinja2 templates in report/templates (autoescaped: report.templating).
It opens with the size control in force and the answer under it (each metric's groups ranked,
and its reliable differences in words; see report.glance and report.summary), then one section
per metric with its charts, tables (each downloadable as CSV) and the same comparison within
thread-size strata.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

from report.creators import creators_part
from report.data import MetricSection, Ranking, ReportData, SizeControlNote
from report.glance import anchor, at_a_glance, size_control_part
from report.sections import section_view
from report.summary import (
    ALPHA,
    is_reliable,
    mentions,
    method_note,
    pair_sentence,
    scope_statements,
)
from report.templating import STYLESHEET, render
from stats.compare import compare_groups

# Re-exported: callers have imported these from report.html since before report.summary existed.
__all__ = [
    "ALPHA",
    "STYLESHEET",
    "MetricSection",
    "Ranking",
    "ReportData",
    "SizeControlNote",
    "is_reliable",
    "metric_section",
    "pair_sentence",
    "render_report",
]


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
    contents = [("at-a-glance", "At a glance")]
    contents += [(anchor(i), s.metric) for i, s in enumerate(data.sections)]
    contents += [("creators", "Creators")] if creators else []
    contents += [("caveats", "Caveats")]
    return render(
        "report.html.j2",
        stylesheet=Markup(STYLESHEET),
        data=data,
        generated=data.generated_at.isoformat(" ", "minutes"),
        size_control=size_control_part(data.size_control) if data.size_control else None,
        contents=contents,
        glance=at_a_glance(data, scope),
        method=method_note(settings),
        sections=[
            section_view(anchor(i), s, n)
            for i, (s, n) in enumerate(zip(data.sections, notes, strict=True))
        ],
        creators=creators_part(creators) if creators else None,
        caveats=caveats,
    )
