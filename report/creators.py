"""The report's creators section: the accounts ranked by community and by dialogue.

The same creators are ranked twice: by their returning commenter share (do the people under
their posts come back?) and by the median Dialogue Score of their threads (do the comments form
conversations?). A ranking shows its TOP_CREATORS highest and TOP_CREATORS lowest creators, so
a long list stays short; creators without a value are counted with the reason. Every creator
(not only the ends shown) is in the section's CSV.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from report.data import CreatorLine, CreatorsPart
from report.format import decimals_for, format_number, interval, optional, percent
from report.tables import Table
from report.templating import render

TOP_CREATORS = 5  # per end of a ranking

Ranked = tuple[int, CreatorLine]  # (rank from 1, the creator)


def ranked(
    lines: Sequence[CreatorLine], value: Callable[[CreatorLine], float | None]
) -> list[Ranked]:
    """The creators with a value, highest first (ties: more threads first, then by name),
    numbered from 1."""
    valued = [(found, line) for line in lines if (found := value(line)) is not None]
    valued.sort(key=lambda item: (-item[0], -item[1].threads, item[1].name))
    return [(rank, line) for rank, (_, line) in enumerate(valued, start=1)]


def ends(ranking: Sequence[Ranked], count: int = TOP_CREATORS) -> tuple[list[Ranked], list[Ranked]]:
    """The `count` highest, and the `count` lowest that are not among them."""
    return list(ranking[:count]), list(ranking[max(count, len(ranking) - count) :])


@dataclass(frozen=True, slots=True)
class Digits:
    """Decimals of the shares and of the scores: one precision per column across the section."""

    share: int
    score: int


def _returning(line: CreatorLine, digits: int) -> str:
    if line.returning_share is None:
        return "—"
    share = format_number(line.returning_share, digits)
    return f"{share} ({line.returning_commenters} of {line.commenters})"


HEADER = (
    "Rank",
    "Creator",
    "Threads",
    "Returning commenters (share)",
    "Core commenters",
    "Median Dialogue Score (threads scored)",
)


def _rows(lines: Sequence[Ranked], digits: Digits) -> tuple[tuple[str, ...], ...]:
    rows = []
    for rank, line in lines:
        median = optional(line.score_median, digits.score)
        rows.append(
            (
                str(rank),
                line.name,
                str(line.threads),
                _returning(line, digits.share),
                str(line.core_commenters),
                median if line.score_median is None else f"{median} ({line.scored})",
                interval(line.score_ci_low, line.score_ci_high, digits.score),
            )
        )
    return tuple(rows)


def every_creator(part: CreatorsPart) -> Table:
    """Every creator of the section, unranked, as the download (the page shows the ends)."""
    return Table(
        header=(),
        rows=(),
        csv_header=(
            "creator", "threads", "commenters", "returning_commenters",
            "returning_commenter_share", "core_commenters", "threads_scored",
            "dialogue_score_median", "dialogue_score_median_ci_low",
            "dialogue_score_median_ci_high", "returning_share_missing", "score_missing",
        ),
        csv_rows=tuple(
            (
                c.name, c.threads, c.commenters, c.returning_commenters, c.returning_share,
                c.core_commenters, c.scored, c.score_median, c.score_ci_low, c.score_ci_high,
                c.returning_share_missing, c.score_missing,
            )
            for c in part.creators
        ),
        filename="creators.csv",
    )  # fmt: skip


def _missing(
    lines: Sequence[CreatorLine], reason: Callable[[CreatorLine], str | None]
) -> list[str]:
    """How many creators have no value, by reason."""
    reasons = Counter(reason(line) or "no reason given" for line in lines)
    return [
        f"{count} creator{'' if count == 1 else 's'}: {why}"
        for why, count in sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    ]


@dataclass(frozen=True, slots=True)
class RankingPart:
    title: str
    highest: tuple[tuple[str, ...], ...]
    lowest: tuple[tuple[str, ...], ...]
    between: int  # ranked creators shown in neither
    missing: list[str]  # creators without a value, counted by reason


def _ranking_part(
    title: str,
    part: CreatorsPart,
    value: Callable[[CreatorLine], float | None],
    reason: Callable[[CreatorLine], str | None],
    digits: Digits,
) -> RankingPart:
    ranking = ranked(part.creators, value)
    highest, lowest = ends(ranking)
    ranked_names = {line.name for _, line in ranking}
    return RankingPart(
        title,
        _rows(highest, digits),
        _rows(lowest, digits),
        len(ranking) - len(highest) - len(lowest),
        _missing([c for c in part.creators if c.name not in ranked_names], reason),
    )


def creators_part(part: CreatorsPart) -> Markup:
    """The creators section: who takes part, what is measured, then the two rankings."""
    count = len(part.creators)
    scores = [
        v
        for line in part.creators
        for v in (line.score_median, line.score_ci_low, line.score_ci_high)
        if v is not None
    ]
    shares = [line.returning_share for line in part.creators if line.returning_share is not None]
    digits = Digits(share=decimals_for(shares), score=decimals_for(scores))
    listed = (
        f"{count} creator{'' if count == 1 else 's'} with at least {part.min_threads} stored "
        f"threads (creators with fewer are not listed). {part.scope}"
    )
    measures = (
        "Returning commenters: of the people who commented under a creator's posts (the "
        "creator excluded), those who commented under at least "
        f"{part.returning_min_posts} of them; core commenters: under at least "
        f"{part.core_min_posts}. Median Dialogue Score: the middle score of the creator's "
        f"threads, with the {percent(part.confidence)} percentile bootstrap interval of the "
        "median (resampling the creator's threads). Few threads give wide intervals, and a "
        "share of few commenters moves with one person: a ranking is not a finding where the "
        "intervals overlap or the counts are small."
    )
    rankings = [
        _ranking_part(
            "By community: returning commenter share",
            part,
            lambda line: line.returning_share,
            lambda line: line.returning_share_missing,
            digits,
        ),
        _ranking_part(
            "By dialogue: median Dialogue Score",
            part,
            lambda line: line.score_median,
            lambda line: line.score_missing,
            digits,
        ),
    ]
    return render(
        "creators.html.j2",
        listed=listed,
        measures=measures,
        rankings=rankings,
        header=(*HEADER, f"{percent(part.confidence)} CI of the median"),
        download=every_creator(part),
    )
