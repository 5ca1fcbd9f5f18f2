"""Compare groups of stored threads (platforms, tags, months, creators) with their uncertainty."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.api.compare.size_control import SizeControl, controlled, size_bins
from db.aggregates import (
    GroupBy,
    GroupTotals,
    GroupValues,
    Selection,
    group_platforms,
    group_totals,
    metric_values,
    metrics_values,
    without_creator,
)
from metrics import DIALOGUE_SCORE, Role, names
from nlp.thread import Platform
from stats import Comparison, GroupSummary, SizeStratum, compare_groups, stratified_compare
from stats.summary import summarise

# The headline metrics of overviews: the score and its main components.
HEADLINE_METRICS = names(role=Role.HEADLINE)
DEPTH_BASED = frozenset(names(role=Role.DEPTH_BASED))
# Platforms whose exports file every reply under its top-level comment (two levels).
FLATTENING_PLATFORMS = frozenset(p.value for p in Platform if p.flattens_replies)
# An author-based metric: null exactly when no comment of a thread has a known author.
AUTHOR_PROBE = names(role=Role.NEEDS_AUTHORS)[0]
GRAPH_NOTE = (
    "Compared on the reconstructed reply graph: replies that a platform files under the "
    "top-level comment are re-pointed at the comment they answer where an @mention or an "
    "explicit reply field says so. Each thread's platform-graph metrics are stored beside it."
)


@dataclass(frozen=True, slots=True)
class ComparisonRequest:
    selection: Selection
    metric: str
    resamples: int = 2000
    seed: int = 0
    stratify_by_size: bool = False


@dataclass(frozen=True, slots=True)
class ComparisonResult:
    request: ComparisonRequest
    comparison: Comparison
    totals: dict[str, GroupTotals]
    unsupported: tuple[str, ...]
    caveats: tuple[str, ...]
    strata: tuple[SizeStratum, ...]
    control: SizeControl  # the size control in force (the default when none was given)


@dataclass(frozen=True, slots=True)
class Overview:
    totals: dict[str, GroupTotals]
    summaries: dict[str, dict[str, GroupSummary]]  # group -> headline metric -> summary
    control: SizeControl
    notes: tuple[str, ...] = ()  # what the grouping left out, and why


def compare(session: Session, request: ComparisonRequest) -> ComparisonResult:
    selection, control = controlled(request.selection, request.stratify_by_size)
    found = metric_values(session, request.metric, selection)
    comparison = compare_groups(
        {group: values.values for group, values in found.items()},
        resamples=request.resamples,
        seed=request.seed,
    )
    strata: tuple[SizeStratum, ...] = ()
    if request.stratify_by_size:
        strata = tuple(
            stratified_compare(
                {group: values.values for group, values in found.items()},
                {group: values.sizes for group, values in found.items()},
                size_bins(control.smallest),
                resamples=request.resamples,
                seed=request.seed,
            )
        )
    return ComparisonResult(
        request,
        comparison,
        group_totals(session, selection),
        unsupported_statements(request.metric, found),
        caveats(session, request.metric, selection),
        strata,
        control,
    )


def unsupported_statements(metric: str, found: dict[str, GroupValues]) -> tuple[str, ...]:
    """Say where a group cannot support the metric, wholly or in part, and why."""
    statements = []
    for group, values in found.items():
        if not values.missing:
            continue
        total = values.missing + len(values.values)
        reason = f" ({values.missing_reason})" if values.missing_reason else ""
        if not values.values:
            statements.append(
                f"{group}: {metric} cannot be computed for any of its {total} threads{reason}."
            )
        else:
            statements.append(
                f"{group}: {metric} is missing for {values.missing} of {total} "
                f"threads{reason}; they are left out."
            )
    return tuple(statements)


def caveats(session: Session, metric: str, selection: Selection) -> tuple[str, ...]:
    notes = [GRAPH_NOTE]
    if metric == DIALOGUE_SCORE:
        notes += partial_score_notes(session, selection)
    if metric in DEPTH_BASED:
        for group, platforms in flattening_groups(session, selection).items():
            notes.append(
                f"{group}: {', '.join(sorted(platforms))} exports file every reply under its "
                f"top-level comment; deeper structure is rebuilt only from @mentions and "
                f"explicit reply fields, so {metric} is a lower bound there."
            )
    if selection.window is not None:
        notes.append(
            f"Window {selection.window}: only threads with at least {selection.window} comments, "
            f"each measured on its first {selection.window} comments in time order."
        )
    if selection.by is GroupBy.TAG:
        notes.append("A thread with several tags counts in each of its tag groups.")
    if selection.by is GroupBy.CREATOR and not selection.groups:
        notes += creatorless_notes(session, selection)
    return tuple(notes)


def flattening_groups(session: Session, selection: Selection) -> dict[str, set[str]]:
    """The groups holding threads of platforms that flatten replies, with those platforms, in
    name order. A creator is on one platform: creators are counted per platform instead, so
    that a comparison of many creators does not repeat one note for each."""
    found = {
        group: capped
        for group, platforms in sorted(group_platforms(session, selection).items())
        if (capped := platforms & FLATTENING_PLATFORMS)
    }
    if selection.by is not GroupBy.CREATOR:
        return found
    creators = Counter(platform for platforms in found.values() for platform in platforms)
    return {
        f"The {count} creator{'' if count == 1 else 's'} on {platform}": {platform}
        for platform, count in sorted(creators.items())
    }


def creatorless_notes(session: Session, selection: Selection) -> list[str]:
    """How many threads a comparison by creator leaves out for want of a creator handle."""
    found = without_creator(session, selection)
    if not found:
        return []
    total = sum(found.values())
    platforms = ", ".join(f"{platform} {threads}" for platform, threads in found.items())
    if total == 1:
        counted = f"1 thread ({platforms}) has no creator handle and is left out"
    else:
        counted = f"{total} threads ({platforms}) have no creator handle and are left out"
    return [
        f"{counted} of the creator groups: the import did not identify the post's account "
        "(each thread's import_report says why)."
    ]


def partial_score_notes(session: Session, selection: Selection) -> list[str]:
    """Where the score had to leave out the author-based components (no author ids), its
    weights were renormalised over the rest: say how often, so unlike is not read as like."""
    notes = []
    for group, values in metric_values(session, AUTHOR_PROBE, selection).items():
        if values.missing:
            total = values.missing + len(values.values)
            notes.append(
                f"{group}: for {values.missing} of {total} threads the Dialogue Score leaves out "
                f"the author-based components ({values.missing_reason or 'no author ids'}) and "
                f"is built from the remaining ones."
            )
    return notes


def overview(
    session: Session, selection: Selection, resamples: int = 2000, seed: int = 0
) -> Overview:
    """Per group: threads and comments, and a summary of every headline metric."""
    selection, control = controlled(selection)
    summaries: dict[str, dict[str, GroupSummary]] = {}
    for metric, found in metrics_values(session, HEADLINE_METRICS, selection).items():
        for group, values in found.items():
            summaries.setdefault(group, {})[metric] = summarise(values.values, resamples, seed)
    notes: tuple[str, ...] = ()
    if selection.by is GroupBy.CREATOR and not selection.groups:
        notes = tuple(creatorless_notes(session, selection))
    return Overview(group_totals(session, selection), summaries, control, notes)
