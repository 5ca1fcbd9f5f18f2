"""The Reddit API importer: listing pairs with nested replies, "more" stubs, morechildren bodies."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from importers.base import ImportedThread, ImportOptions, InvalidInput
from importers.formats.reddit_api import FORMAT
from importers.payload import Payload
from importers.registry import import_payload
from importers.toolkit.creators import UNIDENTIFIED, unidentified
from importers.toolkit.reddit import NO_POST
from nlp.thread import Platform, ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / "reddit_api"
CRAWL = FIXTURES / "listing_and_morechildren.json"
PAIR_ONLY = FIXTURES / "listing_pair_only.json"


def parse(body: bytes, options: ImportOptions | None = None) -> list[ImportedThread]:
    return FORMAT.parse(Payload(body), options or ImportOptions())


def crawl() -> list[Any]:
    document: list[Any] = json.loads(CRAWL.read_text())
    return document


def refusal(document: object) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        parse(json.dumps(document).encode())
    return caught.value


def test_the_crawl_is_one_thread_with_the_post_as_its_post() -> None:
    (imported,) = parse(CRAWL.read_bytes())
    thread = imported.thread
    assert (thread.platform, thread.external_id, thread.creator) == (
        Platform.REDDIT,
        "abc12",
        "op_user",
    )
    assert thread.title == "Is pineapple on pizza fine?"
    assert thread.url == "https://www.reddit.com/r/food/comments/abc12/is_pineapple_on_pizza_fine/"
    assert thread.source_format == "reddit_api"
    assert thread.creator_handle == "op_user"
    assert not any(limit.startswith(UNIDENTIFIED) for limit in imported.report.limits)


def test_a_deleted_post_author_is_no_creator_handle_and_the_report_says_so() -> None:
    document = crawl()
    document[0][0]["data"]["children"][0]["data"]["author"] = "[deleted]"
    (imported,) = parse(json.dumps(document).encode())
    assert imported.thread.creator_handle is None
    assert unidentified("the post's author was deleted") in imported.report.limits


def test_morechildren_without_their_listing_leave_the_creator_unidentified() -> None:
    morechildren_only = [response for response in crawl() if isinstance(response, dict)]
    (imported,) = parse(json.dumps(morechildren_only).encode())
    assert (imported.thread.creator, imported.thread.creator_handle) == (None, None)
    assert unidentified(NO_POST) in imported.report.limits


def test_nested_and_morechildren_comments_keep_their_real_parents() -> None:
    comments = parse(CRAWL.read_bytes())[0].thread.comments
    assert [(c.id, c.reply_to, c.author) for c in comments] == [
        ("c1", None, "alice"),
        ("c2", "c1", "bob"),
        ("c3", "c2", "alice"),
        ("c4", None, "[deleted]"),
        ("c5", None, "carol"),
        ("c7", "c5", "op_user"),
    ]
    assert {c.reply_to_method for c in comments} == {ReplyToMethod.GIVEN}
    assert {c.platform_reply_to for c in comments} == {None}
    assert comments[3].known_author is None
    assert comments[0].created_at == datetime(2023, 11, 14, 22, 15, tzinfo=UTC)
    # score is the like count; a negative score (-2) is left empty
    assert [c.like_count for c in comments] == [5, None, 2, 1, 3, 4]


def test_the_report_counts_duplicates_more_stubs_and_unfollowed_links() -> None:
    report = parse(CRAWL.read_bytes())[0].report
    assert (report.format, report.rows_read, report.comments_kept) == ("reddit_api", 7, 6)
    assert report.skipped == {"duplicate comment id": 1}
    # stub [c5, c6]: c6 never arrived; stub [c8]: never arrived
    assert report.missing_comments == 2
    assert report.announced_replies is None
    assert any("continue this thread" in limit and "t1_c3" in limit for limit in report.limits)
    assert any("num_comments=8" in limit for limit in report.limits)


def test_a_bare_listing_pair_counts_every_stub_id_as_missing() -> None:
    (imported,) = parse(PAIR_ONLY.read_bytes())
    assert [c.id for c in imported.thread.comments] == ["c1", "c2", "c3", "c4"]
    assert imported.report.missing_comments == 2  # c5, c6


def test_options_override_platform_and_external_id() -> None:
    options = ImportOptions(platform="other", external_id="mine")
    thread = parse(CRAWL.read_bytes(), options)[0].thread
    assert (thread.platform, thread.external_id) == (Platform.OTHER, "mine")


def test_the_registry_detects_both_fixtures() -> None:
    for path in (CRAWL, PAIR_ONLY):
        assert import_payload(Payload(path.read_bytes()))[0].report.format == "reddit_api"


def listing(*kinds: str) -> dict[str, Any]:
    return {"kind": "Listing", "data": {"children": [{"kind": k, "data": {}} for k in kinds]}}


@pytest.mark.parametrize(
    "document",
    [
        listing("t3", "t3"),  # a subreddit listing (one object, not a pair)
        [listing("t3"), listing("t3")],  # two post listings
        [listing("t1"), listing("t1")],  # no post listing first
        [{"kind": "t1", "data": {"id": "x", "parent_id": "t3_p", "link_id": "t3_p"}}],
        [{"json": {"errors": []}}],  # a morechildren answer without things
        [],
    ],
)
def test_near_misses_are_not_detected(document: object) -> None:
    assert not FORMAT.detect(Payload(json.dumps(document).encode()))


def test_a_comment_without_parent_id_is_refused_by_name() -> None:
    document = crawl()
    del document[0][1]["data"]["children"][0]["data"]["parent_id"]
    error = refusal(document)
    assert any(p.loc == ("body", 0, "comment", "c1") for p in error.problems)
    assert "comment 'c1' has no parent_id" in error.problems[0].msg


def test_an_unreadable_created_utc_is_refused_by_name() -> None:
    document = crawl()
    document[1]["json"]["data"]["things"][0]["data"]["created_utc"] = "yesterday"
    error = refusal(document)
    assert error.problems[0].loc == ("body", 1, "comment", "c5", "created_utc")
    assert "'c5'" in error.problems[0].msg


def test_replies_that_are_neither_empty_nor_a_listing_are_refused() -> None:
    document = crawl()
    document[0][1]["data"]["children"][1]["data"]["replies"] = 7
    error = refusal(document)
    assert error.problems[0].loc == ("body", 0, "comment", "c4", "replies")
