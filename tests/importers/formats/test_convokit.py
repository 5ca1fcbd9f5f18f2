"""The ConvoKit utterances.jsonl importer, on small corpora written here."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from importers.base import ImportedThread, ImportOptions, InvalidInput
from importers.formats.convokit import FORMAT, NO_POST_LIMIT, NO_SPEAKER_LIMIT
from importers.payload import Payload
from importers.toolkit.drafts import TITLE_LENGTH
from nlp.thread import Platform, ReplyToMethod

REAL_CORPUS = Path("/work/shared/data/reddit/convokit-subreddit-cornell-sample/utterances.jsonl")


def utterance(
    uid: str, convo: str, reply_to: str | None, speaker: object = "s", **extra: Any
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": uid,
        "conversation_id": convo,
        "speaker": speaker,
        "reply-to": reply_to,
        "timestamp": 1700000000,
        "text": f"text of {uid}",
        "meta": {},
    }
    record.update(extra)
    return record


def jsonl(*records: Any) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def parse(body: bytes, options: ImportOptions | None = None) -> list[ImportedThread]:
    return FORMAT.parse(Payload(body), options or ImportOptions())


def refusal(body: bytes) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        parse(body)
    return caught.value


CORPUS = jsonl(
    utterance("p1", "p1", None, "poster", text="  What now?  ", meta={"subreddit": "x"}),
    utterance("a", "p1", "p1", "ann", timestamp=1700000100),
    utterance("p2", "p2", None, "other", text="Second post"),
    utterance("b", "p1", "a", "bob", timestamp=None),
    utterance("z", "p2", "p2", "[deleted]"),
    utterance("c", "p1", "b", "ann"),
)


def test_each_conversation_becomes_a_thread_in_order_of_first_appearance() -> None:
    first, second = parse(CORPUS)
    assert [first.thread.external_id, second.thread.external_id] == ["p1", "p2"]
    assert [c.id for c in first.thread.comments] == ["a", "b", "c"]
    assert [c.id for c in second.thread.comments] == ["z"]
    assert first.thread.source_format == "convokit"


def test_the_post_utterance_is_the_post_not_a_comment() -> None:
    thread = parse(CORPUS)[0].thread
    assert (thread.creator, thread.title) == ("poster", "What now?")
    assert thread.creator_handle == "poster"  # the post's speaker
    assert "p1" not in {c.id for c in thread.comments}


def test_replies_to_the_post_are_top_level() -> None:
    comments = parse(CORPUS)[0].thread.comments
    assert [c.reply_to for c in comments] == [None, "a", "b"]
    assert {c.reply_to_method for c in comments} == {ReplyToMethod.GIVEN}


def test_speakers_and_times() -> None:
    first, second = parse(CORPUS)
    a, b, _ = first.thread.comments
    assert (a.author, a.text) == ("ann", "text of a")
    assert a.created_at == datetime(2023, 11, 14, 22, 15, tzinfo=UTC)
    assert b.created_at is None
    deleted = second.thread.comments[0]
    assert deleted.author == "[deleted]"
    assert deleted.known_author is None


def test_report_counts_the_post_as_read_but_not_skipped() -> None:
    report = parse(CORPUS)[0].report
    assert (report.format, report.rows_read, report.comments_kept) == ("convokit", 4, 3)
    assert report.skipped == {}
    assert report.limits == ()


def test_platform_is_reddit_only_with_a_subreddit_unless_overridden() -> None:
    first, second = parse(CORPUS)
    assert (first.thread.platform, second.thread.platform) == (Platform.REDDIT, Platform.OTHER)
    overridden = parse(CORPUS, ImportOptions(platform="youtube"))
    assert {i.thread.platform for i in overridden} == {Platform.YOUTUBE}


def test_reddit_permalink_becomes_the_url() -> None:
    meta = {"subreddit": "x", "permalink": "/r/x/comments/p1/t/"}
    [imported] = parse(jsonl(utterance("p1", "p1", None, meta=meta)))
    assert imported.thread.url == "https://www.reddit.com/r/x/comments/p1/t/"


def test_reply_to_underscore_user_alias_and_numeric_ids() -> None:
    old_style = [
        {"id": 10, "conversation_id": 10, "user": "op", "reply_to": None, "text": "post"},
        {"id": 11, "conversation_id": 10, "user": "u", "reply_to": 10, "text": "hi"},
        {"id": 12, "conversation_id": 10, "user": 77, "reply_to": 11, "text": None},
    ]
    [imported] = parse(jsonl(*old_style))
    thread = imported.thread
    assert (thread.external_id, thread.creator) == ("10", "op")
    assert [(c.id, c.reply_to, c.author, c.text) for c in thread.comments] == [
        ("11", None, "u", "hi"),
        ("12", "11", "77", ""),
    ]


def test_long_post_text_is_truncated_into_the_title() -> None:
    [imported] = parse(jsonl(utterance("p", "p", None, text="w" * 1000)))
    assert imported.thread.title == "w" * TITLE_LENGTH


def test_a_conversation_without_its_post_is_kept_and_says_so() -> None:
    [imported] = parse(jsonl(utterance("a", "p9", "p9"), utterance("b", "p9", "a")))
    assert (imported.thread.creator, imported.thread.title) == (None, None)
    assert (imported.report.rows_read, imported.report.comments_kept) == (2, 2)
    assert "absent" in imported.report.limits[0]
    assert imported.thread.creator_handle is None
    assert imported.report.limits == (NO_POST_LIMIT,)


def test_the_speaker_is_the_handle_as_the_platform_reads_it() -> None:
    """A Reddit username ignores case; a speaker of a corpus on no known platform is kept as
    written; a [deleted] speaker names nobody, and the report says so."""
    on_reddit = utterance("p1", "p1", None, "Poster", meta={"subreddit": "x"})
    elsewhere = utterance("p2", "p2", None, "Poster")
    gone = utterance("p3", "p3", None, "[deleted]")
    reddit, other, deleted = parse(jsonl(on_reddit, elsewhere, gone))
    assert (reddit.thread.creator_handle, other.thread.creator_handle) == ("poster", "Poster")
    assert (deleted.thread.creator, deleted.thread.creator_handle) == ("[deleted]", None)
    assert deleted.report.limits == (NO_SPEAKER_LIMIT,)


def test_a_malformed_line_is_named() -> None:
    body = jsonl(utterance("p", "p", None)) + b"\n" + b'{"id": "a", \n'
    error = refusal(body)
    assert error.problems[0].loc == ("line", 3)
    assert "line 3" in error.detail


def test_records_missing_ids_are_named_by_line_and_field() -> None:
    missing_convo = utterance("a", "p", "p")
    del missing_convo["conversation_id"]
    body = jsonl(utterance("p", "p", None), missing_convo, {"conversation_id": "p"}, ["x"])
    error = refusal(body)
    assert [(p.loc, p.msg) for p in error.problems] == [
        (("line", 2, "conversation_id"), "line 2: conversation_id is missing"),
        (("line", 3, "id"), "line 3: id is missing"),
        (("line", 4), "line 4: an utterance must be a JSON object"),
    ]


def test_wrong_values_are_named() -> None:
    body = jsonl(
        utterance("p", "p", None),
        utterance("a", "p", "p", timestamp="last week"),
        utterance("b", "p", "p", text=5),
        utterance("c", "p", "p", speaker={"name": "x"}),
        utterance("", "p", "p"),
    )
    error = refusal(body)
    assert [p.loc for p in error.problems] == [
        ("line", 2, "timestamp"),
        ("line", 3, "text"),
        ("line", 4, "speaker"),
        ("line", 5, "id"),
    ]
    assert error.problems[0].msg.startswith("line 2: utterance 'a': timestamp is not")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (CORPUS, True),
        (jsonl({"id": "1", "conversation_id": "1", "user": "u"}), True),
        (jsonl({"id": "1", "conversation_id": "1"}), False),
        (jsonl({"id": "1", "speaker": "u", "root": "1"}), False),
        (json.dumps({"external_id": "x", "comments": []}).encode(), False),
        (b"not json\n", False),
        (b"\xff\xfe", False),
    ],
)
def test_detection_reads_the_first_record(body: bytes, expected: bool) -> None:
    assert FORMAT.detect(Payload(body)) is expected


@pytest.mark.skipif(not REAL_CORPUS.exists(), reason="shared data not mounted")
def test_a_real_convokit_corpus_imports() -> None:
    imported = parse(REAL_CORPUS.read_bytes())
    assert len(imported) == 50
    assert sum(i.report.comments_kept for i in imported) == 1469
    assert all(i.thread.platform is Platform.REDDIT for i in imported)
    assert all(i.thread.creator for i in imported)
