"""The X API v2 importer: pages of tweets grouped by conversation_id."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from importers.base import ImportedThread, ImportOptions, InvalidInput
from importers.formats.twitter_v2 import FORMAT
from importers.payload import Payload
from importers.registry import import_payload
from importers.toolkit.creators import UNIDENTIFIED, unidentified
from nlp.thread import Platform, ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / "twitter_v2"
PAGES = FIXTURES / "search_pages.json"
LINES = FIXTURES / "twarc2_lines.jsonl"


def parse(body: bytes, options: ImportOptions | None = None) -> list[ImportedThread]:
    return FORMAT.parse(Payload(body), options or ImportOptions())


def pages() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(PAGES.read_text())
    return loaded


def test_one_thread_per_conversation_with_the_expanded_post() -> None:
    library, pool = parse(PAGES.read_bytes())
    assert (library.thread.external_id, library.thread.creator) == ("2000", "20")
    assert library.thread.title == "The library is closed today."
    assert library.thread.platform == Platform.TWITTER
    assert library.thread.url == "https://x.com/city_hall/status/2000"
    # the post of the second conversation is missing: its author comes from the reply
    assert (pool.thread.external_id, pool.thread.creator, pool.thread.title) == ("3000", "20", None)


def test_the_creator_handle_is_the_root_authors_username_from_includes_users() -> None:
    document = pages()
    document[0]["includes"]["users"][0]["username"] = "City_Hall"  # user 20
    library, pool = parse(json.dumps(document).encode())
    assert library.thread.creator_handle == "city_hall"
    # the pool's post is absent: the reply's in_reply_to_user_id names user 20, whose username
    # an earlier page's includes.users gives
    assert pool.thread.creator_handle == "city_hall"
    for imported in (library, pool):
        assert not any(limit.startswith(UNIDENTIFIED) for limit in imported.report.limits)


def test_without_includes_users_a_user_id_is_not_taken_for_a_handle() -> None:
    document = pages()
    del document[0]["includes"]["users"]
    library, pool = parse(json.dumps(document).encode())
    no_username = unidentified(
        "the upload gives no username for the post's author, only their user id"
    )
    for imported in (library, pool):
        assert (imported.thread.creator, imported.thread.creator_handle) == ("20", None)
        assert no_username in imported.report.limits


def test_replies_keep_parents_usernames_times_and_likes() -> None:
    library, pool = parse(PAGES.read_bytes())
    assert [(c.id, c.reply_to, c.author, c.author_name) for c in library.thread.comments] == [
        ("2001", None, "21", "mia_r"),
        ("2002", "2001", "20", "city_hall"),
    ]
    assert library.thread.comments[0].created_at == datetime(2024, 5, 1, 10, 5, tzinfo=UTC)
    assert [c.like_count for c in library.thread.comments] == [3, 1]
    assert [(c.id, c.reply_to, c.author_name) for c in pool.thread.comments] == [
        ("3001", None, "sam_t")
    ]
    assert {c.reply_to_method for c in library.thread.comments} == {ReplyToMethod.GIVEN}


def test_reports_compare_announced_and_received_replies() -> None:
    library, pool = parse(PAGES.read_bytes())
    report = library.report
    assert (report.format, report.rows_read, report.comments_kept) == ("twitter_v2", 2, 2)
    assert (report.announced_replies, report.received_replies) == (4, 2)  # 3 + 1 announced
    assert report.skipped == {"retweet (not part of a conversation)": 1}
    assert any("reported 1 errors" in limit for limit in pool.report.limits)
    assert any("post tweet 3000 is not in the upload" in limit for limit in pool.report.limits)


def test_twarc2_json_lines_and_a_single_page_are_read() -> None:
    (imported,) = import_payload(Payload(LINES.read_bytes()))
    assert imported.report.format == "twitter_v2"
    single = json.dumps(pages()[0]).encode()
    assert [t.thread.external_id for t in import_payload(Payload(single))] == ["2000"]


def test_options_override_platform() -> None:
    body = json.dumps(pages()[1]).encode()
    assert parse(body, ImportOptions(platform="other"))[0].thread.platform == Platform.OTHER


@pytest.mark.parametrize(
    "document",
    [
        {"data": [{"id": "1", "text": "an Instagram comment", "timestamp": "2024"}]},
        {"data": [{"id": "1", "message": "a Facebook comment", "created_time": "2024"}]},
        [{"id": "1", "text": "t", "author_id": "2"}],  # tweets without the page wrapper
        {"data": []},
    ],
)
def test_near_misses_are_not_detected(document: object) -> None:
    assert not FORMAT.detect(Payload(json.dumps(document).encode()))


def test_a_tweet_without_conversation_id_is_refused_by_place() -> None:
    document = pages()
    del document[0]["data"][1]["conversation_id"]
    with pytest.raises(InvalidInput) as caught:
        parse(json.dumps(document).encode())
    problem = caught.value.problems[0]
    assert problem.loc == ("page", 0, "data", 1, "conversation_id")
    assert "'2002'" in problem.msg
    assert "tweet.fields=conversation_id" in problem.msg


def test_an_unreadable_created_at_is_refused_by_place() -> None:
    document = pages()
    document[1]["data"][0]["created_at"] = "later"
    with pytest.raises(InvalidInput) as caught:
        parse(json.dumps(document).encode())
    assert caught.value.problems[0].loc == ("page", 1, "data", 0, "created_at")
