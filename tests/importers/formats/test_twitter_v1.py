"""The X/Twitter API v1.1 importer: conversations rebuilt from in_reply_to_status_id_str."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from importers.base import ImportedThread, ImportOptions, InvalidInput
from importers.formats.twitter_v1 import FORMAT
from importers.payload import Payload
from importers.registry import import_payload
from importers.toolkit.creators import UNIDENTIFIED, unidentified
from nlp.thread import Platform, ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / "twitter_v1"
CONVERSATION = FIXTURES / "conversation.json"
LINES = FIXTURES / "search_lines.jsonl"


def parse(body: bytes, options: ImportOptions | None = None) -> list[ImportedThread]:
    return FORMAT.parse(Payload(body), options or ImportOptions())


def tweets() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(CONVERSATION.read_text())
    return loaded


def test_the_root_tweet_is_the_post() -> None:
    (imported,) = parse(CONVERSATION.read_bytes())
    thread = imported.thread
    assert (thread.platform, thread.external_id, thread.creator, thread.creator_handle) == (
        Platform.TWITTER,
        "1000",
        "100",
        "newsdesk",
    )
    assert thread.title == "Breaking: the bridge is closed."
    assert thread.url == "https://x.com/newsdesk/status/1000"
    assert not any(limit.startswith(UNIDENTIFIED) for limit in imported.report.limits)


def test_the_creator_handle_is_the_screen_name_in_lower_case() -> None:
    document = tweets()
    document[0]["user"]["screen_name"] = "NewsDesk"
    (imported,) = parse(json.dumps(document).encode())
    assert (imported.thread.creator, imported.thread.creator_handle) == ("100", "newsdesk")


def test_a_post_author_known_only_by_user_id_has_no_handle_and_the_report_says_why() -> None:
    document = tweets()
    del document[0]["user"]["screen_name"]
    (imported,) = parse(json.dumps(document).encode())
    assert (imported.thread.creator, imported.thread.creator_handle) == ("100", None)
    assert (
        unidentified("the upload gives no username for the post's author, only their user id")
        in imported.report.limits
    )


def test_replies_keep_their_parents_handles_and_times() -> None:
    comments = parse(CONVERSATION.read_bytes())[0].thread.comments
    assert [(c.id, c.reply_to, c.author, c.author_name) for c in comments] == [
        ("1001", None, "200", "ann_k"),
        ("1002", "1001", "100", "newsdesk"),
        ("1003", "1099", "300", "bo"),  # answers a tweet not in the upload: an orphan
    ]
    assert comments[1].text == "@ann_k Since 9am, per the police. Updates to follow."  # full_text
    assert comments[0].created_at == datetime(2015, 1, 7, 11, 10, tzinfo=UTC)
    assert [c.like_count for c in comments] == [2, 5, 0]
    assert {c.reply_to_method for c in comments} == {ReplyToMethod.GIVEN}


def test_the_report_counts_the_retweet_and_the_orphan() -> None:
    report = parse(CONVERSATION.read_bytes())[0].report
    assert (report.format, report.rows_read, report.comments_kept) == ("twitter_v1", 3, 3)
    assert report.skipped == {"retweet (not part of a conversation)": 1}
    assert any(limit.startswith("1 replies answer a tweet") for limit in report.limits)


def test_json_lines_are_read_too() -> None:
    (imported,) = import_payload(Payload(LINES.read_bytes()))
    assert imported.report.format == "twitter_v1"
    assert [c.id for c in imported.thread.comments] == ["1001", "1002"]


def test_several_roots_make_several_threads_and_orphans_gather_under_their_parent() -> None:
    second_root = dict(tweets()[0], id_str="5000", id=5000, text="Another story")
    reply = dict(tweets()[1], id_str="5001", in_reply_to_status_id_str="5000")
    body = json.dumps([*tweets(), second_root, reply]).encode()
    first, second, gathered = parse(body)
    assert [first.thread.external_id, second.thread.external_id] == ["1000", "1099"]
    assert gathered.thread.external_id == "5000"
    assert [(c.id, c.reply_to) for c in second.thread.comments] == [("1003", None)]
    # the absent post's author is named by the reply that answers it
    assert (second.thread.creator, second.thread.creator_handle, second.thread.title) == (
        "300",
        "bo",
        None,
    )


def test_an_absent_post_whose_replies_do_not_name_its_author_is_unidentified() -> None:
    second_root = dict(tweets()[0], id_str="5000", id=5000, text="Another story")
    orphan = {
        k: v
        for k, v in tweets()[3].items()
        if not k.startswith("in_reply_to_user") and k != "in_reply_to_screen_name"
    }
    _, absent, _ = parse(json.dumps([*tweets()[:3], orphan, second_root]).encode())
    assert (absent.thread.external_id, absent.thread.creator_handle) == ("1099", None)
    assert (
        unidentified("the post tweet is not in the upload and no reply to it names its author")
        in absent.report.limits
    )


def test_a_search_response_and_a_tweet_without_null_fields_are_read() -> None:
    stripped = {k: v for k, v in tweets()[0].items() if v is not None}
    body = json.dumps({"statuses": [stripped], "search_metadata": {}}).encode()
    assert FORMAT.detect(Payload(body))
    assert parse(body)[0].thread.external_id == "1000"


@pytest.mark.parametrize(
    "document",
    [
        [{"id": "1", "text": "v2 tweet", "author_id": "2", "conversation_id": "1"}],
        {"data": [{"id": "1", "text": "v2", "author_id": "2"}]},
        [{"id_str": "1", "text": "no user", "created_at": "Wed Jan 07 11:07:51 +0000 2015"}],
        [{"id_str": "1", "user": {"id_str": "2"}, "created_at": "x"}],  # no text
    ],
)
def test_near_misses_are_not_detected(document: object) -> None:
    assert not FORMAT.detect(Payload(json.dumps(document).encode()))


def test_a_broken_tweet_is_refused_by_position_and_id() -> None:
    document = tweets()
    document[2]["created_at"] = "tomorrow"
    document[1] = {"id_str": "1001", "text": "no user"}
    with pytest.raises(InvalidInput) as caught:
        parse(json.dumps(document).encode())
    problems = caught.value.problems
    assert [p.loc for p in problems] == [("item", 1), ("item", 2, "created_at")]
    assert "tweet '1002'" in problems[1].msg
