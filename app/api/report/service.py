"""The comparison report: every headline metric across groups, as one self-contained page."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app.api.compare.service import SIZE_BINS, caveats, unsupported_statements
from db.aggregates import Selection, metric_values
from metrics import Role, names
from metrics import metric as registered
from report import MetricSection, ReportData, metric_section, render_report
from stats import stratified_compare

REPORT_METRICS = names(role=Role.REPORT)


SAMPLE_NOTE = (
    "These are the threads stored in this Parley database, not random samples of platforms: "
    "differences reflect each dataset's topics, accounts, time and collection tool as much as "
    "the platform itself."
)


def build_report(
    session: Session,
    selection: Selection,
    metrics: tuple[str, ...] = REPORT_METRICS,
    resamples: int = 2000,
    seed: int = 0,
) -> str:
    sections: list[MetricSection] = []
    notes: list[str] = [SAMPLE_NOTE]
    for metric in metrics:
        found = metric_values(session, metric, selection)
        section = metric_section(
            metric,
            {group: values.values for group, values in found.items()},
            registered(metric).description,
            resamples,
            seed,
        )
        strata = stratified_compare(
            section.values,
            {group: values.sizes for group, values in found.items()},
            SIZE_BINS,
            resamples=resamples,
            seed=seed,
        )
        sections.append(
            MetricSection(
                metric, section.values, section.comparison, section.description, tuple(strata)
            )
        )
        notes += unsupported_statements(metric, found)
        notes += [note for note in caveats(session, metric, selection) if note not in notes]
    return render_report(
        ReportData(
            title="Parley: do the comments form conversations?",
            compared=describe(selection),
            generated_at=datetime.now(UTC),
            sections=tuple(sections),
            caveats=tuple(notes),
        )
    )


def describe(selection: Selection) -> str:
    groups = ", ".join(selection.groups) if selection.groups else f"every {selection.by.value}"
    parts = [f"Threads grouped by {selection.by.value} ({groups})"]
    if selection.min_comments is not None:
        parts.append(f"with at least {selection.min_comments} comments")
    if selection.window is not None:
        parts.append(f"measured on their first {selection.window} comments")
    return ", ".join(parts) + "."
