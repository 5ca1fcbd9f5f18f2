"""The report's words, built from the numbers: one sentence per pair and one per metric.

A difference is called reliable only when its bootstrap interval excludes 0 and its
Holm-adjusted Mann–Whitney p-value is below ALPHA. A pair that is not reliable "cannot be told
apart": the threads do not settle it either way, which is not the same as the groups being alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from report.format import decimals_for, format_number, percent
from stats.compare import Comparison, PairComparison
from stats.summary import GroupSummary

ALPHA = 0.05
RELIABLE_MEANS = (
    "“Reliably above” means the interval of the difference of means excludes 0 and the "
    f"Holm-adjusted Mann–Whitney p is below {ALPHA}; the ranking alone is not a finding."
)


def p_text(p: float) -> str:
    """Three decimals, or "< 0.001"; more decimals where three would round p < ALPHA up to it."""
    if p < 0.001:
        return "< 0.001"
    decimals = 3
    # With 17 decimals a float below ALPHA always prints below it, so the loop ends.
    while p < ALPHA <= float(f"{p:.{decimals}f}"):
        decimals += 1
    return f"{p:.{decimals}f}"


def _p_clause(p: float) -> str:
    text = p_text(p)
    return f"p {text}" if text.startswith("<") else f"p = {text}"


def interval_excludes_zero(pair: PairComparison) -> bool:
    if pair.ci_low is None or pair.ci_high is None:
        return False
    return pair.ci_low > 0 or pair.ci_high < 0


def is_reliable(pair: PairComparison) -> bool:
    """The interval of the difference excludes 0 and the Holm-adjusted p is below ALPHA."""
    return pair.holm_p is not None and pair.holm_p < ALPHA and interval_excludes_zero(pair)


def _difference_text(difference: float, pair: PairComparison, confidence: float) -> str:
    shown = [v for v in (difference, pair.ci_low, pair.ci_high) if v is not None]
    digits = decimals_for(shown)
    text = f"difference {format_number(difference, digits)}"
    if pair.ci_low is not None and pair.ci_high is not None:
        text += (
            f", {percent(confidence)} CI {format_number(pair.ci_low, digits)} "
            f"to {format_number(pair.ci_high, digits)}"
        )
    return text


def pair_sentence(pair: PairComparison, metric: str, confidence: float) -> str:
    """One plain-language sentence on a pair, worded from its numbers."""
    a, b = pair.first, pair.second
    if pair.difference is None or pair.cliffs_delta is None or pair.holm_p is None:
        reason = next(iter(pair.unavailable.values()), "not enough threads")
        return f"{a} and {b} threads cannot be compared on {metric}: {reason}."
    evidence = (
        f"({_difference_text(pair.difference, pair, confidence)}; Cliff's δ = "
        f"{format_number(pair.cliffs_delta, 2)}, {pair.magnitude}; "
        f"Holm-adjusted {_p_clause(pair.holm_p)})"
    )
    if is_reliable(pair):
        direction = "higher" if pair.ci_low is not None and pair.ci_low > 0 else "lower"
        return f"{a} threads score {direction} than {b} threads on {metric} {evidence}."
    # Say which half of the evidence is missing when the two disagree.
    if interval_excludes_zero(pair):
        note = ": the interval excludes 0, but the adjusted rank test does not back it"
    elif pair.holm_p < ALPHA:
        note = f": the adjusted rank test is below {ALPHA}, but the interval includes 0"
    else:
        note = ""
    return f"No reliable difference between {a} and {b} threads on {metric} {evidence}{note}."


def ranked_groups(groups: Mapping[str, GroupSummary]) -> list[str]:
    """Highest mean first; equal means keep the given order; groups without threads last."""
    measured = [name for name, s in groups.items() if s.mean is not None]
    unmeasured = [name for name, s in groups.items() if s.mean is None]
    return sorted(measured, key=lambda name: -(groups[name].mean or 0.0)) + unmeasured


def reliably_above(comparison: Comparison) -> dict[str, list[str]]:
    """Each group -> the groups it is reliably above, highest mean first."""
    order = ranked_groups(comparison.groups)
    above: dict[str, list[str]] = {name: [] for name in order}
    for pair in filter(is_reliable, comparison.pairs):
        # The interval excludes 0, so its sign says which group is higher.
        higher, lower = (
            (pair.first, pair.second)
            if pair.ci_low is not None and pair.ci_low > 0
            else (pair.second, pair.first)
        )
        above[higher].append(lower)
    return {name: sorted(lower, key=order.index) for name, lower in above.items()}


def joined(names: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def mean_digits(groups: Mapping[str, GroupSummary]) -> int:
    """The decimals the groups table uses, so the same mean reads the same everywhere."""
    shown = [v for s in groups.values() for v in (s.mean, s.median, s.ci_low, s.ci_high)]
    return decimals_for([v for v in shown if v is not None])


def glance_sentence(metric: str, comparison: Comparison) -> str:
    """The reliable differences on one metric in a sentence or two; nothing more is claimed."""
    groups, digits = comparison.groups, mean_digits(comparison.groups)
    # Inference needs two threads in each group of a pair (stats.compare).
    comparable = [name for name in ranked_groups(groups) if groups[name].n >= 2]
    sentences: list[str] = []
    above = reliably_above(comparison)
    in_reliable_pair = {name for name, lower in above.items() if lower}
    in_reliable_pair |= {name for lower in above.values() for name in lower}

    def shown(name: str, with_n: bool = False) -> str:
        mean = groups[name].mean
        figures = [] if mean is None else [format_number(mean, digits)]
        figures += [f"n = {groups[name].n}"] if with_n else []
        return f"{name} ({', '.join(figures)})"

    if len(comparable) < 2:
        sentences.append(f"On {metric}, fewer than two groups have two or more threads")
    elif not in_reliable_pair:
        sentences.append(f"On {metric}, no group is reliably above or below another")
    else:
        others = len(comparable) - 1
        clauses = [
            f"{shown(name)} is reliably above "
            + ("every other group" if len(above[name]) == others else joined(above[name]))
            for name in comparable
            if above[name]
        ]
        sentences.append(f"On {metric}, " + "; ".join(clauses))
        apart = [name for name in comparable if name not in in_reliable_pair]
        if apart:
            sentences.append(
                f"{joined([shown(name, with_n=True) for name in apart])} cannot be told apart "
                "from any other group"
            )
        rest = len(comparable) - len(apart)  # every pair among these is either reliable or not
        if sum(len(lower) for lower in above.values()) < rest * (rest - 1) // 2:
            sentences.append("No other pair can be told apart")
    single = [name for name in groups if groups[name].n == 1]
    empty = [name for name in groups if groups[name].n == 0]
    if single:
        sentences.append(f"{joined(single)}: a single thread, too few to compare")
    if empty:
        sentences.append(f"{joined(empty)}: no threads with a value")
    return ". ".join(sentences) + "."


def mentions(text: str, metric: str) -> bool:
    """Whether a note names the metric as a whole word (a_score, not a_scores)."""
    return re.search(rf"(?<!\w){re.escape(metric)}(?!\w)", text) is not None


def _thread_counts(name: str, comparisons: Sequence[Comparison]) -> str:
    counts = [c.groups[name].n for c in comparisons if name in c.groups]
    low, high = min(counts), max(counts)
    if low == high:
        return f"{name} ({high} thread{'' if high == 1 else 's'})"
    return f"{name} ({low}–{high} threads, by measure)"


def scope_statements(
    comparisons: Sequence[Comparison], general_notes: Sequence[str], metric_notes: int
) -> list[str]:
    """What the report does and does not show: fixed statements filled in from the numbers,
    then the notes that concern every measure, then a pointer to the notes on single ones."""
    if not comparisons:
        return [*general_notes]
    names = list(dict.fromkeys(name for c in comparisons for name in c.groups))
    confidences = joined(sorted({percent(c.confidence) for c in comparisons}))
    measures = f"{len(comparisons)} measure{'' if len(comparisons) == 1 else 's'}"
    statements = [
        f"Shows: the average thread of each group on {measures}, from "
        f"{joined([_thread_counts(name, comparisons) for name in names])}; "
        "each thread counts once.",
        f"Shows: which gaps between averages are reliable: the {confidences} interval of the "
        f"difference excludes 0 and the Holm-adjusted Mann–Whitney p is below {ALPHA}.",
        "Does not show that groups which cannot be told apart are alike: the difference may be "
        "small, or these threads too few or too varied to pin it down.",
        "Does not show that every thread of a higher group beats every thread of a lower one: "
        "the box plots, histograms and Cliff's δ in each section show how much the groups overlap.",
        "Does not show why the groups differ.",
        *general_notes,
    ]
    if metric_notes:
        statements.append(
            f"{metric_notes} further note{' concerns' if metric_notes == 1 else 's concern'} "
            "single measures: see each measure's section, and Caveats at the end."
        )
    return statements


def method_note(settings: Iterable[tuple[int, int]]) -> str:
    """How the numbers were made; `settings` are the (resamples, seed) pairs used."""
    described = "; ".join(f"{r} resamples, seed {seed}" for r, seed in sorted(settings))
    return (
        "Each thread counts once. Intervals: percentile bootstrap over threads "
        f"({described or 'none'}). Tests: two-sided Mann–Whitney U, p-values Holm-adjusted "
        "across the pairs of each metric. Effect size: Cliff's δ, with the thresholds of "
        "Romano et al. (2006). A difference is called reliable when its interval excludes 0 "
        f"and its Holm-adjusted p is below {ALPHA}."
    )
