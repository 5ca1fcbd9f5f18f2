from __future__ import annotations

import json
from pathlib import Path

import pytest

from importers.base import InvalidInput
from importers.formats.instagram_apify_posts import FORMAT, SOURCE_LIMITS
from importers.payload import Payload
from importers.registry import all_formats, import_payload
from importers.toolkit.creators import UNIDENTIFIED, unidentified
from nlp.thread import Platform, ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / FORMAT.name


def fixture() -> Payload:
    return Payload((FIXTURES / "posts.json").read_bytes(), filename="posts.json")


def test_each_post_is_a_thread_with_its_latest_comments() -> None:
    first, second = import_payload(fixture(), FORMAT.name)
    thread, report = first.thread, first.report
    assert (thread.platform, thread.external_id, thread.creator, thread.title, thread.url) == (
        Platform.INSTAGRAM,
        "DPOST00001",
        "4000",
        "New season, new car.",
        "https://www.instagram.com/p/DPOST00001/",
    )
    top = "18100000000000001"
    assert [
        (c.id, c.reply_to, c.reply_to_method, c.author, c.author_name) for c in thread.comments
    ] == [
        (top, None, ReplyToMethod.GIVEN, "4002", "fan_two"),
        ("18100000000000011", top, ReplyToMethod.PLATFORM_PARENT, "4000", "teamracing"),
        ("18100000000000002", None, ReplyToMethod.GIVEN, "fan_one", "fan_one"),
    ]
    # the owner's reply is listed first among latestComments too: it keeps its parent
    assert (report.rows_read, report.comments_kept) == (5, 3)
    assert report.skipped == {"error record": 1, "reply also listed as a top-level comment": 1}
    assert (report.announced_replies, report.received_replies) == (2, 1)
    assert report.limits == (
        *SOURCE_LIMITS,
        "latestComments holds 3 of the post's 40 comments: a sample of the latest, "
        "not the whole conversation",
    )
    empty = second.thread
    assert (empty.external_id, empty.title, empty.comments) == ("DPOST00002", None, ())


def test_the_owner_is_the_creator_handle_and_ownerid_the_creator() -> None:
    first, second = import_payload(fixture(), FORMAT.name)
    # the second post has no comments at all: ownerId still names its owner's author id
    for imported in (first, second):
        assert (imported.thread.creator, imported.thread.creator_handle) == ("4000", "teamracing")
        assert not any(limit.startswith(UNIDENTIFIED) for limit in imported.report.limits)


def owner_replies(**owner: str) -> Payload:
    """A post by `owner` (ownerUsername, ownerId, url as given) where the owner answers a fan."""
    reply = {"id": "2", "text": "@fan thanks", "ownerUsername": "teamracing", "owner": {"id": "40"}}
    comment = {"id": "1", "text": "Fast!", "ownerUsername": "fan", "replies": [reply]}
    post = {"shortCode": "P1", "latestComments": [comment], **owner}
    return Payload(json.dumps([post]).encode())


def test_without_ownerid_the_owners_comment_names_their_author_id() -> None:
    [imported] = import_payload(owner_replies(ownerUsername="TeamRacing"), FORMAT.name)
    assert (imported.thread.creator, imported.thread.creator_handle) == ("40", "teamracing")


def test_a_post_url_naming_the_owner_stands_in_for_ownerusername() -> None:
    url = "https://www.instagram.com/TeamRacing/p/P1/"
    [imported] = import_payload(owner_replies(ownerUsername="", url=url), FORMAT.name)
    assert (imported.thread.creator, imported.thread.creator_handle) == ("40", "teamracing")


def test_a_post_without_its_owner_is_unidentified_in_its_report() -> None:
    [imported] = import_payload(owner_replies(url="https://www.instagram.com/p/P1/"), FORMAT.name)
    assert (imported.thread.creator, imported.thread.creator_handle) == (None, None)
    assert unidentified("the post record has no ownerUsername") in imported.report.limits


def test_detected_as_exactly_this_format() -> None:
    assert [f.name for f in all_formats() if f.detect(fixture())] == [FORMAT.name]


@pytest.mark.parametrize(
    "record",
    [
        {"shortCode": "P", "ownerUsername": "a", "caption": "no comments key"},
        {"id": "1", "text": "x", "ownerUsername": "a", "postUrl": "u"},  # a comment record
    ],
)
def test_near_misses_are_not_detected(record: dict[str, object]) -> None:
    assert not FORMAT.detect(Payload(json.dumps([record]).encode()))


def test_broken_post_names_the_item() -> None:
    posts = [{"shortCode": "P", "ownerUsername": "a", "latestComments": "not a list"}]
    with pytest.raises(InvalidInput) as caught:
        import_payload(Payload(json.dumps(posts).encode()), FORMAT.name)
    [problem] = caught.value.problems
    assert problem.loc == ("item", 0, "latestComments")
