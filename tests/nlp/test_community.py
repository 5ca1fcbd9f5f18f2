"""A creator's community over small drawn posts, counted by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.community import (
    NEEDS_TWO_POSTS,
    NO_COMMENTERS,
    NO_CREATOR_ID,
    NO_REPLIES,
    TOP_PAIRS,
    UNDATED,
    CreatorPost,
    MonthActivity,
    PostComment,
    RecurringPair,
    creator_community,
    month_label,
)

Row = tuple[str, str | None, str | None]  # (id, parent id, author)


def post(
    thread_id: int,
    drawn: str,
    *rows: Row,
    creator: str | None = None,
    month: str = "2024-01",
    score: float | None = None,
) -> CreatorPost:
    """Comments drawn as "a:ann b<a:bob" (bob's b answers a), then rows a drawing cannot spell."""
    parsed: list[Row] = []
    for item in drawn.split():
        ids, author = item.split(":")
        cid, _, parent = ids.partition("<")
        parsed.append((cid, parent or None, author))
    comments = tuple(PostComment(*r) for r in [*parsed, *rows])
    return CreatorPost(thread_id, creator, month, score, comments)


# post 1 (creator op, 2024-01, score 0.5)   post 3 (creator unknown, undated, score 0.2)
# ├── a1 ann                                ├── a3 ann
# │   ├── b1 bob                            │   └── b3 op
# │   │   └── c1 ann                        └── c3 eve
# │   └── d1 op                                 └── d3 fay
# ├── e1 cat
# └── f1 [deleted]
#     └── g1 dan     answers an unknown author: a reply, no pair
#
# post 2 (creator unknown, 2024-01, score 0.9)
# ├── a2 bob
# │   └── b2 ann
# │       └── c2 ann    ann answers herself: a reply, no pair
# ├── d2 op             a creator id (from post 1) though post 2 does not say so
# │   └── e2 cat        answers the creator: a reply, no pair
# └── f2 ann -> zz      parent zz is not in post 2: a comment, not a reply
COMMUNITY = creator_community(
    [
        post(
            1,
            "a1:ann b1<a1:bob c1<b1:ann d1<a1:op e1:cat f1:[deleted] g1<f1:dan",
            creator="op",
            score=0.5,
        ),
        post(3, "a3:ann b3<a3:op c3:eve d3<c3:fay", month=UNDATED, score=0.2),
        post(2, "a2:bob b2<a2:ann c2<b2:ann d2:op e2<d2:cat f2<zz:ann", score=0.9),
    ]
)


def test_commenters_returning_and_core() -> None:
    # ann under posts 1, 2, 3; bob and cat under 1 and 2; dan, eve and fay under one each;
    # op is the creator and [deleted] unknown, so neither is a commenter
    c = COMMUNITY
    assert (c.threads, c.comments, c.commenters) == (3, 17, 6)
    assert c.returning_commenters == 3  # ann, bob, cat
    assert c.returning_commenter_share == pytest.approx(3 / 6)
    assert c.core_commenters == 1  # ann
    assert c.unavailable == {}


def test_creator_comments_and_pooled_reply_share() -> None:
    # replies: b1 c1 d1 g1 (post 1), b3 d3 (post 3), b2 c2 e2 (post 2); f2's parent is missing
    # by op: d1, d2 and b3, of which d1 and b3 are replies
    c = COMMUNITY
    assert (c.creator_comments, c.replies, c.creator_replies) == (3, 9, 2)
    assert c.creator_reply_share == pytest.approx(2 / 9)


def test_pairs_count_once_per_post_and_recur_across_posts() -> None:
    # {ann, bob}: b1 bob->ann and c1 ann->bob under post 1, b2 ann->bob under post 2:
    # 2 posts, 3 replies. {eve, fay}: d3 under post 3 only. Nobody pairs with op, [deleted]
    # or themselves (c2 is a reply, counted above, but ann answering ann is no pair).
    c = COMMUNITY
    assert (c.interacting_pairs, c.recurring_pairs) == (2, 1)
    assert c.top_recurring_pairs == (RecurringPair("ann", "bob", posts=2, replies=3),)


def test_months_pool_their_posts_and_undated_comes_last() -> None:
    # 2024-01 = posts 1 and 2: 13 comments; ann bob cat dan; replies b1 c1 d1 g1 b2 c2 e2,
    # one (d1) by op. undated = post 3: 4 comments; ann eve fay; replies b3 (op) and d3.
    assert COMMUNITY.scores == (0.5, 0.2, 0.9)  # thread order as given
    assert COMMUNITY.months == (
        MonthActivity("2024-01", 2, 13, 4, 1 / 7, (0.5, 0.9), replies=7, creator_replies=1),
        MonthActivity(UNDATED, 1, 4, 3, 1 / 2, (0.2,), replies=2, creator_replies=1),
    )


def test_months_sort_by_month_with_a_reason_where_a_share_is_missing() -> None:
    # post 1 (op, 2024-02, 0.4)  post 2 (undated)  post 3 (2023-12, 0.1)  post 4 (2024-02, 0.6)
    # └── a ann                  └── c ann          └── e bob              └── f ann
    #     └── b op                                                             └── g cat
    #                                                                              └── h op
    c = creator_community(
        [
            post(1, "a:ann b<a:op", creator="op", month="2024-02", score=0.4),
            post(2, "c:ann", month=UNDATED),
            post(3, "e:bob", month="2023-12", score=0.1),
            post(4, "f:ann g<f:cat h<g:op", month="2024-02", score=0.6),
        ]
    )
    # February: 5 comments by ann (twice), cat and op; replies b, g, h of which b and h by op
    no_replies = {"creator_reply_share": NO_REPLIES}
    assert c.months == (
        MonthActivity("2023-12", 1, 1, 1, None, (0.1,), unavailable=no_replies),
        MonthActivity("2024-02", 2, 5, 2, 2 / 3, (0.4, 0.6), replies=3, creator_replies=2),
        MonthActivity(UNDATED, 1, 1, 1, None, (), unavailable=no_replies),
    )


def test_creator_known_only_from_another_post_is_excluded() -> None:
    # post 1 (creator op)    post 2 (creator unknown: op wrote c, but post 2 does not say so)
    # └── a ann              ├── c op
    #     └── b op           └── d bob
    #                            └── e ann
    first = post(1, "a:ann b<a:op", creator="op")
    second = post(2, "c:op d:bob e<d:ann")
    c = creator_community([first, second])
    assert (c.commenters, c.returning_commenters, c.creator_comments) == (2, 1, 2)
    # replies b (op) and e: post 2's reply counts with no creator reply
    assert (c.replies, c.creator_replies, c.creator_reply_share) == (2, 1, 0.5)
    assert c.interacting_pairs == 1
    # without post 1 nobody says op is the creator: op is a commenter like any other
    alone = creator_community([second])
    assert (alone.commenters, alone.creator_comments, alone.creator_reply_share) == (3, 0, None)
    assert alone.unavailable["creator_reply_share"] == NO_CREATOR_ID


def test_unknown_authors_are_never_commenters_nor_pair_members() -> None:
    # post 1 (creator op)                    post 2 (creator unknown)
    # ├── x (none)                           └── e ann
    # │   └── b ann      answers an unknown      ├── f ""            answers ann, unknown
    # └── c [deleted]                            └── g " [removed] "  a marker with spaces
    #     └── d bob
    c = creator_community(
        [
            post(1, "b<x:ann c:[deleted] d<c:bob", ("x", None, None), creator="op"),
            post(2, "e:ann", ("f", "e", ""), ("g", "e", " [removed] ")),
        ]
    )
    assert (c.comments, c.commenters, c.returning_commenters) == (7, 2, 1)
    assert (c.replies, c.creator_replies, c.creator_reply_share) == (4, 0, 0.0)
    assert c.interacting_pairs == 0


def test_replies_to_missing_parents_count_nothing() -> None:
    # post 1 (creator op)       post 2
    # ├── a ann                 └── d ann -> gone (missing)
    # ├── b bob -> x (missing)
    # └── c op  -> y (missing)
    c = creator_community([post(1, "a:ann b<x:bob c<y:op", creator="op"), post(2, "d<gone:ann")])
    # the comments and their authors count; as replies and pairs they count nothing
    assert (c.comments, c.commenters, c.returning_commenters, c.creator_comments) == (4, 2, 1, 1)
    assert (c.replies, c.creator_replies, c.interacting_pairs) == (0, 0, 0)
    assert c.creator_reply_share is None
    assert c.unavailable == {"creator_reply_share": NO_REPLIES}


def test_creator_reply_share_is_pooled_over_posts() -> None:
    # post 1 (op)      post 2          post 3
    # └── a ann        └── c bob       ├── e cat
    #     └── b op         └── d cat   │   └── f dan
    #                                  │       └── g op
    #                                  └── h eve
    #                                      └── i fay
    # per post 1/1, 0/1, 1/3 (mean 0.44); pooled 2 of 5 replies = 0.4
    c = creator_community(
        [
            post(1, "a:ann b<a:op", creator="op"),
            post(2, "c:bob d<c:cat"),
            post(3, "e:cat f<e:dan g<f:op h:eve i<h:fay"),
        ]
    )
    assert (c.replies, c.creator_replies, c.creator_reply_share) == (5, 2, 0.4)


RETURNING, CREATOR_SHARE = "returning_commenter_share", "creator_reply_share"


@pytest.mark.parametrize(
    ("posts", "reasons"),
    [
        ([], {RETURNING: NEEDS_TWO_POSTS, CREATOR_SHARE: NO_CREATOR_ID}),
        # one post (op): a ann <- b op
        ([post(1, "a:ann b<a:op", creator="op")], {RETURNING: NEEDS_TWO_POSTS}),
        # two posts where only op writes: a op <- b op, and c op
        ([post(1, "a:op b<a:op", creator="op"), post(2, "c:op")], {RETURNING: NO_COMMENTERS}),
        # two posts, no creator id: a ann <- b bob, and c bob
        ([post(1, "a:ann b<a:bob"), post(2, "c:bob")], {CREATOR_SHARE: NO_CREATOR_ID}),
        # two posts (op), no reply: a ann, and b ann
        ([post(1, "a:ann", creator="op"), post(2, "b:ann")], {CREATOR_SHARE: NO_REPLIES}),
    ],
)
def test_missing_values_say_why(posts: list[CreatorPost], reasons: dict[str, str]) -> None:
    c = creator_community(posts)
    assert c.unavailable == reasons
    assert (c.returning_commenter_share is None) == (RETURNING in reasons)
    assert (c.creator_reply_share is None) == (CREATOR_SHARE in reasons)


def test_top_pairs_by_posts_then_replies_then_ids() -> None:
    # post 1                  post 2                  post 3
    # ├── a ann               ├── a ann               └── a ann
    # │   └── b bob           │   └── b bob               └── b bob
    # ├── c cat               ├── c dan
    # │   └── d dan           │   └── d cat
    # │       └── e cat       │       └── e dan
    # ├── f zed               ├── f amy
    # │   └── g amy           │   └── g zed
    # │       └── h zed       │       └── h amy
    # ├── i abe               └── i fay
    # │   └── j fay               └── j abe
    # └── k gus
    #     └── l hal           {gus, hal} interacts under one post only: not recurring
    c = creator_community(
        [
            post(1, "a:ann b<a:bob c:cat d<c:dan e<d:cat f:zed g<f:amy h<g:zed i:abe j<i:fay"),
            post(2, "a:ann b<a:bob c:dan d<c:cat e<d:dan f:amy g<f:zed h<g:amy i:fay j<i:abe"),
            post(3, "a:ann b<a:bob k:gus l<k:hal"),
        ]
    )
    assert (c.interacting_pairs, c.recurring_pairs) == (5, 4)
    assert c.top_recurring_pairs == (
        RecurringPair("ann", "bob", posts=3, replies=3),
        RecurringPair("amy", "zed", posts=2, replies=4),
        RecurringPair("cat", "dan", posts=2, replies=4),
        RecurringPair("abe", "fay", posts=2, replies=2),  # first by ids, last by replies
    )


def test_top_pairs_stop_at_the_cap() -> None:
    # two posts, each: p00 <- q00, p01 <- q01, ..., p24 <- q24: 25 pairs recurring alike
    # (2 posts, 2 replies), so the ids order them and the first TOP_PAIRS are kept
    drawn = " ".join(f"p{i}:p{i:02} q{i}<p{i}:q{i:02}" for i in range(25))
    c = creator_community([post(1, drawn), post(2, drawn)])
    assert (c.interacting_pairs, c.recurring_pairs, TOP_PAIRS) == (25, 25, 20)
    expected = tuple(RecurringPair(f"p{i:02}", f"q{i:02}", 2, 2) for i in range(20))
    assert c.top_recurring_pairs == expected


def test_month_label_is_the_utc_month() -> None:
    assert month_label(datetime(2024, 3, 31, 23, 59, tzinfo=UTC)) == "2024-03"
    plus_two = timezone(timedelta(hours=2))  # 00:30 on 1 March at UTC+2: February in UTC
    assert month_label(datetime(2024, 3, 1, 0, 30, tzinfo=plus_two)) == "2024-02"
    assert month_label(datetime(2024, 3, 1)) == "2024-03"  # naive: taken as UTC
    assert month_label(None) == UNDATED


AUTHORS = st.sampled_from(["ann", "bob", "cat", "op", "", "[deleted]", None])
# (parent index, author): -1 is the post; an index past the last comment is a missing parent
COMMENTS = st.lists(st.tuples(st.integers(-1, 8), AUTHORS), max_size=8).map(
    lambda rows: tuple(
        PostComment(f"c{i}", f"c{p}" if p >= 0 else None, a) for i, (p, a) in enumerate(rows)
    )
)
MONTHS = st.sampled_from(["2024-01", "2024-02", UNDATED])
POST = st.builds(
    CreatorPost, st.integers(), st.sampled_from(["op", None]), MONTHS, st.none(), COMMENTS
)


@given(st.lists(POST, max_size=5))
def test_counts_stay_consistent(posts: list[CreatorPost]) -> None:
    c = creator_community(posts)
    # four known authors, op among them: at most 4 commenters and 6 pairs
    assert c.core_commenters <= c.returning_commenters <= c.commenters <= 4
    assert c.creator_replies <= c.replies <= c.comments
    assert c.recurring_pairs <= c.interacting_pairs <= 6
    for share in (c.returning_commenter_share, c.creator_reply_share):
        assert share is None or 0 <= share <= 1
    assert sum(m.threads for m in c.months) == c.threads
    assert sum(m.comments for m in c.months) == c.comments
    assert sum(m.replies for m in c.months) == c.replies
