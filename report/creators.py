"""The report's creators section: the accounts ranked by community and by dialogue.

The same creators are ranked twice: by their returning commenter share (do the people under
their posts come back?) and by the median Dialogue Score of their threads (do the comments form
conversations?). A ranking shows its TOP_CREATORS highest and TOP_CREATORS lowest creators, so
a long list stays short; creators without a value are counted with the reason. Every text
passes escape_text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from report.data import CreatorLine, CreatorsPart
from report.parts import bullet_list, interval, optional, row
from report.svg import decimals_for, escape_text, format_number, percent

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


def _table(lines: Sequence[Ranked], confidence: float, digits: Digits) -> str:
    header = [
        "Rank",
        "Creator",
        "Threads",
        "Returning commenters (share)",
        "Core commenters",
        "Median Dialogue Score (threads scored)",
        f"{percent(confidence)} CI of the median",
    ]
    rows = [row(header, True)]
    for rank, line in lines:
        median = optional(line.score_median, digits.score)
        rows.append(
            row(
                [
                    str(rank),
                    line.name,
                    str(line.threads),
                    _returning(line, digits.share),
                    str(line.core_commenters),
                    median if line.score_median is None else f"{median} ({line.scored})",
                    interval(line.score_ci_low, line.score_ci_high, digits.score),
                ]
            )
        )
    return '<table class="creators">' + "".join(rows) + "</table>"


def _missing(lines: Sequence[CreatorLine], reason: Callable[[CreatorLine], str | None]) -> str:
    """How many creators have no value, by reason."""
    reasons = Counter(reason(line) or "no reason given" for line in lines)
    if not reasons:
        return ""
    items = [
        f"{count} creator{'' if count == 1 else 's'}: {why}"
        for why, count in sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    ]
    return (
        '<div class="muted"><p>Not ranked here, having no value:</p>'
        + bullet_list(items)
        + "</div>"
    )


def _ranking_part(
    title: str,
    part: CreatorsPart,
    value: Callable[[CreatorLine], float | None],
    reason: Callable[[CreatorLine], str | None],
    digits: Digits,
) -> str:
    ranking = ranked(part.creators, value)
    highest, lowest = ends(ranking)
    parts = [f"<h3>{escape_text(title)}</h3>"]
    if not ranking:
        parts.append("<p>No creator has a value.</p>")
    elif not lowest:
        parts += [
            f"<h4>All {len(highest)}, highest first</h4>",
            _table(highest, part.confidence, digits),
        ]
    else:
        between = len(ranking) - len(highest) - len(lowest)
        parts += [
            f"<h4>Highest {len(highest)}</h4>",
            _table(highest, part.confidence, digits),
            f'<p class="muted">{between} creators between them are not shown.</p>'
            if between
            else "",
            f"<h4>Lowest {len(lowest)}</h4>",
            _table(lowest, part.confidence, digits),
        ]
    ranked_names = {line.name for _, line in ranking}
    parts.append(_missing([c for c in part.creators if c.name not in ranked_names], reason))
    return "".join(parts)


def creators_part(part: CreatorsPart) -> str:
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
    return (
        '<section id="creators"><h2>Creators</h2>'
        f"<p>{escape_text(listed)}</p><p>{escape_text(measures)}</p>"
        + _ranking_part(
            "By community: returning commenter share",
            part,
            lambda line: line.returning_share,
            lambda line: line.returning_share_missing,
            digits,
        )
        + _ranking_part(
            "By dialogue: median Dialogue Score",
            part,
            lambda line: line.score_median,
            lambda line: line.score_missing,
            digits,
        )
        + "</section>"
    )
