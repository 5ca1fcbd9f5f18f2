"""Render comparisons of thread groups as one self-contained HTML report. Pure (no I/O).

Why matplotlib to inline SVG: the report must be one file that opens offline and loads
nothing, also under the served page's Content-Security-Policy, which allows no script. Static
SVG drawn by matplotlib needs no script at all and stays small (a chart is 6–15 kB, text kept as
text); it runs on the Agg backend with DejaVu Sans, bundled with matplotlib, so nothing is
looked up on the network or on the host. Plotly would need its ~3.5 MB script inlined in every
file (or served, which the offline file cannot rely on) and scripts allowed by the CSP;
Altair/Vega-Lite needs the vega, vega-lite and vega-embed scripts the same way. Interactivity
(zoom, tooltips) is what those would add; a comparison report reads without it, and every
table's numbers are downloadable as CSV.

The page is built from Jinja2 templates (report/templates) with autoescaping on, so every
string that came from users (group names, handles, tags, notes) is escaped where shown.
"""

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

__all__ = [
    "CreatorLine",
    "CreatorsPart",
    "MetricSection",
    "Ranking",
    "ReportData",
    "SizeControlNote",
    "is_reliable",
    "metric_section",
    "pair_sentence",
    "render_report",
]
