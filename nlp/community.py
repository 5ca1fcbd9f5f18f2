"""A creator's community across their posts: do commenters come back, does the creator answer,
do the same people talk to each other again?

The unit is a creator (one account on one platform) and their stored posts. Everything is
counted from each post's comments as stored (id, parent, author), one pass per post, with
plain dicts (a creator may have millions of comments). The definitions:

- creator ids: the known `creator` values over all the creator's posts, so a post where the
  creator stayed silent (its own `creator` unknown) still recognises their comments;
- commenter: a known comment author who is not a creator id;
- reply: a comment whose parent is another comment of the same post (a parent missing from the
  post is no reply: whom it answered is unknown);
- interacting pair: two distinct commenters one of whom replied directly to the other.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from nlp.thread import UNKNOWN_AUTHOR_MARKERS

RETURNING_MIN_POSTS = 2  # a returning commenter wrote under at least this many posts
CORE_MIN_POSTS = 3  # a core commenter wrote under at least this many posts
RECURRING_MIN_POSTS = 2  # a recurring pair interacts under at least this many posts
TOP_PAIRS = 20  # recurring pairs kept for the detail view
UNDATED = "undated"  # the month of a post without a first comment time

NEEDS_TWO_POSTS = "needs at least two stored posts"
NO_COMMENTERS = "no commenters"
NO_CREATOR_ID = "creator's author id unknown: they never commented"
NO_REPLIES = "no replies"


@dataclass(frozen=True, slots=True)
class PostComment:
    id: str
    parent_id: str | None  # the stored tree's parent (comments.parent_id); None = on the post
    author: str | None


@dataclass(frozen=True, slots=True)
class CreatorPost:
    thread_id: int
    creator: str | None  # threads.creator of this thread
    month: str  # "YYYY-MM" or UNDATED
    score: float | None  # thread_metrics.dialogue_score
    comments: tuple[PostComment, ...]


@dataclass(frozen=True, slots=True)
class RecurringPair:
    first: str  # first < second
    second: str
    posts: int  # posts where they interact
    replies: int  # direct replies between them, both directions, all posts


@dataclass(frozen=True, slots=True)
class MonthActivity:
    month: str
    threads: int
    comments: int
    commenters: int
    creator_reply_share: float | None
    scores: tuple[float, ...]  # the month's non-null scores, in thread order
    replies: int = 0
    creator_replies: int = 0
    unavailable: Mapping[str, str] = field(default_factory=dict)  # why a None above is None


@dataclass(frozen=True, slots=True)
class CreatorCommunity:
    threads: int
    comments: int
    commenters: int
    returning_commenters: int
    returning_commenter_share: float | None
    core_commenters: int
    creator_comments: int
    replies: int
    creator_replies: int
    creator_reply_share: float | None
    interacting_pairs: int
    recurring_pairs: int
    top_recurring_pairs: tuple[RecurringPair, ...]  # at most TOP_PAIRS
    scores: tuple[float, ...]  # non-null scores in thread order
    months: tuple[MonthActivity, ...]  # sorted by month, UNDATED last
    unavailable: Mapping[str, str]  # field name -> reason, for each None above


def known_author(author: str | None) -> str | None:
    """The author id, or None when unknown (the same rule as nlp.thread.Comment.known_author)."""
    if author is None or author.strip() in UNKNOWN_AUTHOR_MARKERS:
        return None
    return author


def creator_ids(posts: Iterable[CreatorPost]) -> frozenset[str]:
    """The creator's author ids: every known `creator` over the posts."""
    return frozenset(c for post in posts if (c := known_author(post.creator)) is not None)


def month_label(moment: datetime | None) -> str:
    """The UTC month "YYYY-MM" of a moment (naive moments are taken as UTC), UNDATED for None."""
    if moment is None:
        return UNDATED
    utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return f"{utc.year:04d}-{utc.month:02d}"


@dataclass(frozen=True, slots=True)
class _PostTally:
    comments: int
    creator_comments: int
    replies: int
    creator_replies: int
    commenters: frozenset[str]
    pair_replies: Counter[tuple[str, str]]  # (first, second), first < second -> replies


def _tally_post(post: CreatorPost, creators: frozenset[str]) -> _PostTally:
    authors = [known_author(c.author) for c in post.comments]
    author_of = {c.id: author for c, author in zip(post.comments, authors, strict=True)}
    replies = creator_replies = 0
    pair_replies: Counter[tuple[str, str]] = Counter()
    for c, author in zip(post.comments, authors, strict=True):
        if c.parent_id is None or c.parent_id not in author_of:
            continue
        replies += 1
        if author in creators:
            creator_replies += 1
            continue
        target = author_of[c.parent_id]
        # A pair is two distinct commenters: the creator, unknown authors and oneself are not.
        if author is None or target is None or target == author or target in creators:
            continue
        pair_replies[(author, target) if author < target else (target, author)] += 1
    return _PostTally(
        comments=len(authors),
        creator_comments=sum(author in creators for author in authors),
        replies=replies,
        creator_replies=creator_replies,
        commenters=frozenset(a for a in authors if a is not None and a not in creators),
        pair_replies=pair_replies,
    )


def _reply_share(
    creators: frozenset[str], replies: int, creator_replies: int
) -> tuple[float | None, str | None]:
    """Pooled creator_reply_share, or None and the reason."""
    if not creators:
        return None, NO_CREATOR_ID
    if not replies:
        return None, NO_REPLIES
    return creator_replies / replies, None


def _scores(posts: Iterable[CreatorPost]) -> tuple[float, ...]:
    return tuple(post.score for post in posts if post.score is not None)


def _month(
    month: str, items: Sequence[tuple[CreatorPost, _PostTally]], creators: frozenset[str]
) -> MonthActivity:
    replies = sum(t.replies for _, t in items)
    creator_replies = sum(t.creator_replies for _, t in items)
    share, reason = _reply_share(creators, replies, creator_replies)
    return MonthActivity(
        month=month,
        threads=len(items),
        comments=sum(t.comments for _, t in items),
        commenters=len(set[str]().union(*(t.commenters for _, t in items))),
        creator_reply_share=share,
        scores=_scores(post for post, _ in items),
        replies=replies,
        creator_replies=creator_replies,
        unavailable={} if reason is None else {"creator_reply_share": reason},
    )


def _months(
    posts: Sequence[CreatorPost], tallies: Sequence[_PostTally], creators: frozenset[str]
) -> tuple[MonthActivity, ...]:
    by_month: defaultdict[str, list[tuple[CreatorPost, _PostTally]]] = defaultdict(list)
    for post, tally in zip(posts, tallies, strict=True):
        by_month[post.month].append((post, tally))
    # "YYYY-MM" labels sort as text in time order, and UNDATED after all of them
    return tuple(_month(month, by_month[month], creators) for month in sorted(by_month))


def _pairs(tallies: Sequence[_PostTally]) -> tuple[int, list[RecurringPair]]:
    """How many pairs interact, and the recurring ones: most posts first, then most replies,
    then by ids."""
    posts: Counter[tuple[str, str]] = Counter()
    for tally in tallies:
        posts.update(tally.pair_replies.keys())
    # Most pairs meet once; their replies are not needed, so only recurring ones are summed.
    recurring = {pair for pair, n in posts.items() if n >= RECURRING_MIN_POSTS}
    replies: Counter[tuple[str, str]] = Counter()
    for tally in tallies:
        for pair in tally.pair_replies.keys() & recurring:
            replies[pair] += tally.pair_replies[pair]
    pairs = [RecurringPair(a, b, posts[a, b], replies[a, b]) for a, b in recurring]
    pairs.sort(key=lambda p: (-p.posts, -p.replies, p.first, p.second))
    return len(posts), pairs


def creator_community(posts: Sequence[CreatorPost]) -> CreatorCommunity:
    """The community statistics of one creator's posts (given in thread order)."""
    creators = creator_ids(posts)
    tallies = [_tally_post(post, creators) for post in posts]
    posts_of: Counter[str] = Counter()
    for tally in tallies:
        posts_of.update(tally.commenters)
    commenters = len(posts_of)
    returning = sum(n >= RETURNING_MIN_POSTS for n in posts_of.values())
    unavailable: dict[str, str] = {}
    if len(posts) < RETURNING_MIN_POSTS:
        unavailable["returning_commenter_share"] = NEEDS_TWO_POSTS
    elif not commenters:
        unavailable["returning_commenter_share"] = NO_COMMENTERS
    replies = sum(t.replies for t in tallies)
    creator_replies = sum(t.creator_replies for t in tallies)
    share, reason = _reply_share(creators, replies, creator_replies)
    if reason is not None:
        unavailable["creator_reply_share"] = reason
    interacting, recurring = _pairs(tallies)
    return CreatorCommunity(
        threads=len(posts),
        comments=sum(t.comments for t in tallies),
        commenters=commenters,
        returning_commenters=returning,
        returning_commenter_share=(
            None if "returning_commenter_share" in unavailable else returning / commenters
        ),
        core_commenters=sum(n >= CORE_MIN_POSTS for n in posts_of.values()),
        creator_comments=sum(t.creator_comments for t in tallies),
        replies=replies,
        creator_replies=creator_replies,
        creator_reply_share=share,
        interacting_pairs=interacting,
        recurring_pairs=len(recurring),
        top_recurring_pairs=tuple(recurring[:TOP_PAIRS]),
        scores=_scores(posts),
        months=_months(posts, tallies, creators),
        unavailable=unavailable,
    )
