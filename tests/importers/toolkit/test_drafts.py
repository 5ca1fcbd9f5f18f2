"""importers.toolkit.drafts: the one thread draft and the comments it collects."""

from __future__ import annotations

from collections import Counter

from importers.base import ImportOptions
from importers.toolkit.drafts import (
    Drafts,
    FirstCopies,
    ThreadDraft,
    charge_to_first,
    flattened_comment,
    short_title,
)
from nlp.thread import ReplyToMethod


def test_flattened_comments_keep_the_platform_parent() -> None:
    # c1              top-level: no parent
    # ├── r1          filed under c1 by the platform
    # └── r2          filed under c1, but the platform says it answers r1
    top = flattened_comment("c1", None, author="ann", text="hi")
    reply = flattened_comment("r1", "c1", author="bob", text="@ann yes")
    answer = flattened_comment("r2", "c1", author="ann", text="no", answered_reply="r1")
    assert [
        (c.id, c.reply_to, c.platform_reply_to, c.reply_to_method) for c in (top, reply, answer)
    ] == [
        ("c1", None, None, ReplyToMethod.GIVEN),
        ("r1", "c1", "c1", ReplyToMethod.PLATFORM_PARENT),
        ("r2", "r1", "c1", ReplyToMethod.EXPLICIT_FIELD),
    ]


def test_first_copies_count_repeats_under_their_reason() -> None:
    first_copies = FirstCopies("duplicate cid")
    skipped: Counter[str] = Counter()
    kept = [first_copies.keep(cid, skipped) for cid in ("a", "b", "a", "a")]
    assert kept == [True, True, False, False]
    assert skipped == {"duplicate cid": 2}
    assert "b" in first_copies


def test_short_title() -> None:
    assert short_title("  " + "x" * 400) == "x" * 300
    assert (short_title("   "), short_title(None)) == (None, None)


def test_a_draft_keeps_first_copies_and_adds_up_announced_replies() -> None:
    # c1 (announces 2)
    # └── r1          r1 again is a repeat; r9 answers a comment the draft does not hold
    draft = ThreadDraft("p1", first_copies=FirstCopies("duplicate cid"))
    assert draft.add(flattened_comment("c1", None, author="a", text=""), announced_replies=2)
    assert draft.add(flattened_comment("r1", "c1", author="b", text=""))
    assert not draft.add(flattened_comment("r1", "c1", author="b", text=""))
    draft.add(flattened_comment("r9", "gone", author="c", text=""))
    draft.skip("error row")
    assert [c.id for c in draft.comments] == ["c1", "r1", "r9"]
    assert (draft.announced_replies, draft.orphan_replies()) == (2, 1)
    assert (draft.rows_read, draft.skipped) == (1, {"duplicate cid": 1, "error row": 1})
    # Without first_copies the format deduplicates itself (or keeps repeats, as canonical does).
    plain = ThreadDraft("p2")
    assert plain.add(flattened_comment("c1", None, author="a", text=""))
    assert plain.add(flattened_comment("c1", None, author="a", text=""))
    assert plain.announced_replies is None


def test_drafts_by_post_are_made_once_and_say_a_guessed_id() -> None:
    # The file name stands in for a post the input does not name.
    drafts = Drafts(ImportOptions(), "uploads/upload.csv")
    first = drafts.draft_for(None, url="https://example.com/v", title="t")
    again = drafts.draft_for("", url="ignored once made")
    named = drafts.draft_for("v2", creator="owner")
    assert first is again
    assert list(drafts) == ["upload", "v2"]
    assert (first.url, first.title, named.creator) == ("https://example.com/v", "t", "owner")
    assert first.limits == [
        "the input does not name its post: external_id is the file name 'upload'"
    ]
    assert named.limits == []


def test_rows_skipped_before_any_post_is_named_count_on_the_first() -> None:
    first, second = ThreadDraft("p1", rows_read=3), ThreadDraft("p2")
    charge_to_first([first, second], Counter({"error row": 2}))
    assert (first.rows_read, first.skipped, second.skipped) == (5, {"error row": 2}, {})
    charge_to_first([], Counter({"error row": 2}))  # no thread to charge: nothing happens


def test_the_request_names_every_post_of_the_upload() -> None:
    drafts = Drafts(ImportOptions(external_id="X"), None)
    assert drafts.draft_for("p1") is drafts.draft_for("p2")
    assert list(drafts) == ["X"]
