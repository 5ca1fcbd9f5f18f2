"""The comparison report: every headline metric across groups, as one self-contained page."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from statistics import fmean

from sqlalchemy.orm import Session

from app.api.compare.limits import DEFAULT_MIN_COMMENTS, DEFAULT_RESAMPLES
from app.api.compare.service import caveats, unsupported_statements
from app.api.compare.size_control import SizeControl, controlled, size_bins
from app.api.report.creators import creators_part
from db.aggregates import Selection, metric_values, metrics_values, values_by_month
from metrics import Role, names
from metrics import metric as registered
from report import (
    MetricSection,
    Ranking,
    ReportData,
    SizeControlNote,
    metric_section,
    render_report,
)
from stats import stratified_compare

REPORT_METRICS = names(role=Role.REPORT)
# The minimum thread sizes under which the lead metric is ranked again, beside the one in force.
RANKED_MINIMUMS = tuple(sorted({1, 3, DEFAULT_MIN_COMMENTS, 10}))


SAMPLE_NOTE = (
    "These are the threads stored in this Parley database, not random samples of platforms: "
    "differences reflect each dataset's topics, accounts, time and collection tool as much as "
    "the platform itself."
)


def build_report(
    session: Session,
    selection: Selection,
    metrics: tuple[str, ...] = REPORT_METRICS,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
    threads_page: str | None = None,
) -> str:
    """The report under the selection's size control (min_comments None: the default), linking
    `threads_page` when it is served beside the thread pages."""
    selection, control = controlled(selection, stratify=True)
    sections: list[MetricSection] = []
    notes: list[str] = [SAMPLE_NOTE]
    every_found = metrics_values(session, metrics, selection)  # one pass over the threads
    every_month = values_by_month(session, metrics, selection)  # and one for the time view
    for metric in metrics:
        found = every_found[metric]
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
            size_bins(control.smallest),
            resamples=resamples,
            seed=seed,
        )
        sections.append(
            replace(
                section,
                by_size=tuple(strata),
                sizes={group: tuple(values.sizes) for group, values in found.items()},
                by_month=every_month[metric],
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
            size_control=size_control_note(session, selection, control, metrics[:1]),
            creators=creators_part(session, selection),
            threads_page=threads_page,
        )
    )


def size_control_note(
    session: Session, selection: Selection, control: SizeControl, lead: tuple[str, ...]
) -> SizeControlNote:
    """The control in force and, for whole-thread metrics, the lead metric's ranking under
    each of RANKED_MINIMUMS and the minimum in force: whether the headline depends on it."""
    note = SizeControlNote(control.statement(), control.why)
    if not lead or control.window is not None:
        return note
    rankings = tuple(
        ranking(session, replace(selection, min_comments=minimum), lead[0], minimum, control)
        for minimum in sorted({*RANKED_MINIMUMS, control.min_comments})
    )
    return replace(note, metric=lead[0], rankings=rankings)


def ranking(
    session: Session, selection: Selection, metric: str, minimum: int, control: SizeControl
) -> Ranking:
    found = metric_values(session, metric, selection)
    means = [(group, fmean(v.values), len(v.values)) for group, v in found.items() if v.values]
    means.sort(key=lambda item: -item[1])
    threads = f"at least {minimum} comment{'' if minimum == 1 else 's'}"
    return Ranking(threads, minimum == control.min_comments, tuple(means))


def describe(selection: Selection) -> str:
    """Which threads are grouped how; the size control is stated on its own."""
    groups = ", ".join(selection.groups) if selection.groups else f"every {selection.by.value}"
    return f"Threads grouped by {selection.by.value} ({groups})."
