"""Render comparisons of thread groups: SVG charts and a self-contained HTML report. Pure."""

from report.data import CreatorLine, CreatorsPart
from report.html import (
    MetricSection,
    Ranking,
    ReportData,
    SizeControlNote,
    is_reliable,
    metric_section,
    pair_sentence,
    render_report,
)
from report.svg import distribution_plot, means_plot

__all__ = [
    "CreatorLine",
    "CreatorsPart",
    "MetricSection",
    "Ranking",
    "ReportData",
    "SizeControlNote",
    "distribution_plot",
    "is_reliable",
    "means_plot",
    "metric_section",
    "pair_sentence",
    "render_report",
]
