"""@mention reply-target reconstruction on a flattened (TikTok/YouTube-style) thread."""

from __future__ import annotations

from datetime import UTC, datetime

from importers.retarget import count_retargeted, mentioned, retarget_mentions
from nlp.thread import Comment, Platform, ReplyToMethod, Thread


def at(minute: int) -> datetime:
    return datetime(2024, 3, 1, 12, minute, tzinfo=UTC)


def reply(
    comment_id: str, author: str, text: str, minute: int, method: ReplyToMethod | None = None
) -> Comment:
    """A reply the platform filed under top-level comment "t"."""
    return Comment(
        id=comment_id,
        reply_to="t",
        author=f"id-{author}",
        author_name=author,
        text=text,
        created_at=at(minute),
        platform_reply_to="t",
        reply_to_method=method or ReplyToMethod.PLATFORM_PARENT,
    )


def flattened_thread() -> Thread:
    """What the platform shows (everything under t):      What was meant:
    t   ann  "great video"                                 t ann
    ├── r1  bob  "@ann agreed"                             ├── r1 bob        (mention of t's author)
    ├── r2  cat  "@bob no way"                             │   └── r2 cat    (re-targeted to r1)
    ├── r3  bob  "@cat yes way"                            │       └── r3 bob  (re-targeted to r2)
    ├── r4  dan  "@nobody hello"                           ├── r4 dan        (unknown handle: kept)
    └── r5  eve  "@BOB explicit"  (explicit field → r1)    └── r5 → r1       (explicit: untouched)
    """
    top = Comment(
        id="t",
        reply_to=None,
        author="id-ann",
        author_name="ann",
        text="great video",
        created_at=at(0),
    )
    return Thread(
        platform=Platform.TIKTOK,
        external_id="v",
        comments=(
            top,
            reply("r1", "bob", "@ann agreed", 1),
            reply("r2", "cat", "@bob no way", 2),
            reply("r3", "bob", "@cat yes way", 3),
            reply("r4", "dan", "@nobody hello", 4),
            Comment(
                id="r5",
                reply_to="r1",
                author="id-eve",
                author_name="eve",
                text="@BOB explicit",
                created_at=at(5),
                platform_reply_to="t",
                reply_to_method=ReplyToMethod.EXPLICIT_FIELD,
            ),
        ),
    )


def test_mentions_are_retargeted_to_the_latest_earlier_comment_by_that_handle() -> None:
    result = {c.id: c for c in retarget_mentions(flattened_thread()).comments}
    assert (result["r1"].reply_to, result["r1"].reply_to_method) == (
        "t",
        ReplyToMethod.PLATFORM_PARENT,  # mentioning the top-level author changes nothing
    )
    assert (result["r2"].reply_to, result["r2"].reply_to_method) == ("r1", ReplyToMethod.MENTION)
    assert (result["r3"].reply_to, result["r3"].reply_to_method) == ("r2", ReplyToMethod.MENTION)
    assert result["r4"].reply_to == "t"
    assert (result["r5"].reply_to, result["r5"].reply_to_method) == (
        "r1",
        ReplyToMethod.EXPLICIT_FIELD,
    )
    assert all(c.platform_reply_to == "t" for c in result.values() if c.id != "t")


def test_count_retargeted_counts_moved_replies_by_method() -> None:
    assert count_retargeted(retarget_mentions(flattened_thread())) == {
        "explicit_field": 1,  # r5
        "mention": 2,  # r2, r3
    }


def test_a_later_comment_by_the_handle_is_not_a_target() -> None:
    """r1 "@cat" comes before cat's only comment r2, so it stays with the platform parent."""
    thread = Thread(
        platform=Platform.YOUTUBE,
        external_id="v",
        comments=(
            Comment(
                id="t",
                reply_to=None,
                author="id-ann",
                author_name="ann",
                text="x",
                created_at=at(0),
            ),
            reply("r1", "bob", "@cat hi", 1),
            reply("r2", "cat", "hello", 2),
        ),
    )
    assert retarget_mentions(thread).comments[1].reply_to == "t"


def test_mentions_match_the_longest_known_name_at_a_word_boundary() -> None:
    known = {"ann": "c1", "ann lee": "c2", "zoë ⭐️": "c3", "some.user_1": "c4"}
    assert mentioned("  @Some.User_1 thanks", known) == "c4"
    assert mentioned("@Ann Lee you are right", known) == "c2"  # longest name wins
    assert mentioned("@ann, right", known) == "c1"
    assert mentioned("@Anna hi", known) is None  # "ann" ends inside a word
    assert mentioned("＠Zoë ⭐️ thanks", known) == "c3"  # display name with a space and emoji
    assert mentioned("thanks @ann", known) is None  # only a leading mention answers someone


def top(comment_id: str, author: str, minute: int) -> Comment:
    return Comment(
        id=comment_id,
        reply_to=None,
        author=f"id-{author}",
        author_name=author,
        text="a top-level comment",
        created_at=at(minute),
    )


def under(root: str, comment_id: str, author: str, text: str, minute: int) -> Comment:
    """A reply the platform filed under top-level comment `root`."""
    return Comment(
        id=comment_id,
        reply_to=root,
        author=f"id-{author}",
        author_name=author,
        text=text,
        created_at=at(minute),
        platform_reply_to=root,
        reply_to_method=ReplyToMethod.PLATFORM_PARENT,
    )


def test_a_thread_where_no_reply_opens_with_a_mention_comes_back_as_it_was() -> None:
    thread = Thread(
        platform=Platform.TIKTOK,
        external_id="v",
        comments=(top("t", "ann", 0), under("t", "r1", "bob", "thanks @ann", 1)),
    )
    assert retarget_mentions(thread) is thread


def test_only_threads_with_a_mention_are_read_and_each_keeps_its_own_handles() -> None:
    """t1: ann, bob; t2: cat, then dan answering "@bob" (bob is in t1 only) and "@cat"."""
    thread = Thread(
        platform=Platform.TIKTOK,
        external_id="v",
        comments=(
            top("t1", "ann", 0),
            under("t1", "a", "bob", "me too", 1),
            top("t2", "cat", 2),
            under("t2", "b", "eve", "hey", 3),
            under("t2", "c", "dan", "@bob hi", 4),
            under("t2", "d", "dan", " \t@eve yes", 5),  # blanks before the mention
        ),
    )
    result = retarget_mentions(thread).comments
    assert [(c.id, c.reply_to, c.reply_to_method) for c in result] == [
        ("t1", None, ReplyToMethod.GIVEN),
        ("a", "t1", ReplyToMethod.PLATFORM_PARENT),
        ("t2", None, ReplyToMethod.GIVEN),
        ("b", "t2", ReplyToMethod.PLATFORM_PARENT),
        ("c", "t2", ReplyToMethod.PLATFORM_PARENT),  # bob commented under t1, not here
        ("d", "b", ReplyToMethod.MENTION),
    ]
    assert result[:5] == thread.comments[:5]
