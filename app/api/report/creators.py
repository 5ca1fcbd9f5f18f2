"""The report's creators section, read through app.api.creators.service.creator_summaries only.

Which creators: those of the report's selection as far as a creator selection can say it (the
platforms compared, the creators compared, or the one tag compared); otherwise every creator,
and the section says so. A creator's measures count every stored thread of theirs, whatever
its size: returning commenters are people coming back across posts, and a small post is still
a post they could come back to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from app.api.creators.service import CreatorSelection, CreatorSummary, creator_summaries
from db.aggregates import GroupBy, Selection
from metrics import DIALOGUE_SCORE
from nlp.community import CORE_MIN_POSTS, RETURNING_MIN_POSTS
from report import CreatorLine, CreatorsPart

# A returning commenter share needs two stored posts; a creator with one has nothing to rank.
MIN_CREATOR_THREADS = RETURNING_MIN_POSTS
RETURNING_SHARE = "returning_commenter_share"  # CreatorSummary.unavailable's keys
WHOLE = (
    "every stored thread of a creator counts, whatever its size (the size control applies to "
    "the comparisons above, not to this section)."
)


@dataclass(frozen=True, slots=True)
class CreatorScope:
    """The creator selections to read (in platform order) and, when creators were named, which."""

    selections: tuple[CreatorSelection, ...]
    names: frozenset[str] | None  # "<platform>/<handle>"; None: every creator read
    statement: str


def creator_scope(selection: Selection) -> CreatorScope:
    every = CreatorSelection(min_threads=MIN_CREATOR_THREADS)
    groups = selection.groups
    if not groups:
        return CreatorScope((every,), None, f"Creators on every platform; {WHOLE}")
    if selection.by is GroupBy.PLATFORM:
        platforms = tuple(sorted(groups))
        return CreatorScope(
            tuple(replace(every, platform=p) for p in platforms),
            None,
            f"Creators on {', '.join(platforms)}; {WHOLE}",
        )
    if selection.by is GroupBy.CREATOR:
        platforms = tuple(sorted({group.partition("/")[0] for group in groups}))
        return CreatorScope(
            tuple(replace(every, platform=p) for p in platforms),
            frozenset(groups),
            f"The creators compared; {WHOLE}",
        )
    if selection.by is GroupBy.TAG and len(groups) == 1:
        (tag,) = groups
        return CreatorScope(
            (replace(every, tag=tag),),
            None,
            f"Creators on every platform, counting only their threads tagged {tag}; every "
            "such thread counts, whatever its size (the size control applies to the "
            "comparisons above, not to this section).",
        )
    return CreatorScope(
        (every,),
        None,
        f"Creators on every platform, over all their stored threads, not only those of the "
        f"{selection.by.value}s compared ({', '.join(groups)}); {WHOLE}",
    )


def creator_line(summary: CreatorSummary) -> CreatorLine:
    community, score = summary.community, summary.score
    return CreatorLine(
        name=summary.key,
        threads=community.threads,
        commenters=community.commenters,
        returning_commenters=community.returning_commenters,
        returning_share=community.returning_commenter_share,
        core_commenters=community.core_commenters,
        scored=score.n,
        score_median=score.median,
        score_ci_low=score.ci_low,
        score_ci_high=score.ci_high,
        returning_share_missing=summary.unavailable.get(RETURNING_SHARE),
        score_missing=summary.unavailable.get(DIALOGUE_SCORE),
    )


def creators_part(session: Session, selection: Selection) -> CreatorsPart | None:
    """The creators of the report's selection with at least MIN_CREATOR_THREADS threads, or
    None when there are none."""
    scope = creator_scope(selection)
    summaries = [
        summary
        for chosen in scope.selections
        for summary in creator_summaries(session, chosen)
        if scope.names is None or summary.key in scope.names
    ]
    if not summaries:
        return None
    return CreatorsPart(
        scope=scope.statement,
        min_threads=MIN_CREATOR_THREADS,
        returning_min_posts=RETURNING_MIN_POSTS,
        core_min_posts=CORE_MIN_POSTS,
        confidence=summaries[0].score.confidence,  # one setting for every creator
        creators=tuple(creator_line(summary) for summary in summaries),
    )
