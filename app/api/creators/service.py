"""Creators and their communities: each creator's posts measured together (nlp.community) with
the distribution of their Dialogue Scores (stats.quantiles).

Shared by /v1/creators and the report (which reads creators through `creator_summaries` only).
A result is a function of the stored threads, so it is kept under the data version in the
aggregates' cache (app/api/compare/cache.py) when the caller hands one in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.orm import Session

from app.api.compare.cache import ResultCache, cached
from app.api.compare.limits import DEFAULT_RESAMPLES
from db.creators import StoredPost, creator_posts, creators_posts
from db.grouping import creator_group
from nlp.community import CreatorCommunity, CreatorPost, PostComment, creator_community
from stats.quantiles import Distribution, distribution

T = TypeVar("T")
CONFIDENCE = 0.95
SEED = 0  # the intervals are reproducible: seeded with the creator's key, "platform/handle"
NO_SCORES = "no thread of this creator has a Dialogue Score"


class CreatorNotFound(LookupError):
    def __init__(self, platform: str, handle: str) -> None:
        super().__init__(f"no stored thread has creator {handle!r} on {platform}")


@dataclass(frozen=True, slots=True)
class CreatorSelection:
    """Which creators: on a platform, counting only threads with a tag, with a minimum of
    (selected) threads."""

    platform: str | None = None
    tag: str | None = None
    min_threads: int = 1


@dataclass(frozen=True, slots=True)
class CreatorSummary:
    platform: str
    handle: str
    community: CreatorCommunity
    score: Distribution  # the Dialogue Score over the creator's threads

    @property
    def key(self) -> str:
        """The creator as one label, "platform/handle" (also the seed key of its interval)."""
        return creator_group(self.platform, self.handle)

    @property
    def unavailable(self) -> Mapping[str, str]:
        """Why a value is None: the community's reasons, and the score's."""
        missing = dict(self.community.unavailable)
        if self.score.median is None:
            missing["dialogue_score"] = NO_SCORES
        return missing


@dataclass(frozen=True, slots=True)
class ThreadLine:
    """One of a creator's threads, as the detail lists it."""

    thread_id: int
    external_id: str
    month: str
    comments: int
    score: float | None


@dataclass(frozen=True, slots=True)
class CreatorDetail:
    summary: CreatorSummary
    threads: tuple[ThreadLine, ...]  # in thread id order


def creator_summaries(
    session: Session, selection: CreatorSelection, cache: ResultCache | None = None
) -> list[CreatorSummary]:
    """Every creator with at least `min_threads` threads on the selection's platform (all when
    None) carrying its tag (any when None), by platform then handle; each creator's comments
    are read and measured once, a batch of creators at a time."""

    def compute() -> tuple[CreatorSummary, ...]:
        found = creators_posts(session, selection.platform, selection.tag, selection.min_threads)
        summaries = (summarise(platform, handle, posts) for platform, handle, posts in found)
        return tuple(sorted(summaries, key=lambda summary: (summary.platform, summary.handle)))

    return list(_maybe_cached(cache, session, ("creator summaries", selection), compute))


def creator_detail(
    session: Session, platform: str, handle: str, cache: ResultCache | None = None
) -> CreatorDetail:
    """One creator (its handle already normalised) with its threads; CreatorNotFound when no
    stored thread has it."""

    def compute() -> CreatorDetail:
        posts = creator_posts(session, platform, handle)
        if not posts:
            raise CreatorNotFound(platform, handle)
        lines = (
            ThreadLine(p.thread_id, p.external_id, p.month, len(p.comments), p.score) for p in posts
        )
        return CreatorDetail(summarise(platform, handle, posts), tuple(lines))

    return _maybe_cached(cache, session, ("creator", platform, handle), compute)


def summarise(platform: str, handle: str, posts: list[StoredPost]) -> CreatorSummary:
    community = creator_community([_community_post(post) for post in posts])
    scores = distribution(
        community.scores,
        resamples=DEFAULT_RESAMPLES,
        seed=SEED,
        confidence=CONFIDENCE,
        key=creator_group(platform, handle),
    )
    return CreatorSummary(platform, handle, community, scores)


def _community_post(post: StoredPost) -> CreatorPost:
    comments = tuple(PostComment(c.comment_id, c.parent_id, c.author) for c in post.comments)
    return CreatorPost(post.thread_id, post.creator, post.month, post.score, comments)


def _maybe_cached(
    cache: ResultCache | None, session: Session, key: tuple[object, ...], compute: Callable[[], T]
) -> T:
    return compute() if cache is None else cached(cache, session, key, compute)
