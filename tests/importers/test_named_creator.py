"""The request's creator_handle: the account owning every post of an upload, for exports that
cannot name it (or name it wrong), normalised as each thread's platform keeps handles."""

from __future__ import annotations

import json
from typing import Any

import pytest

from importers.base import ImportedThread, ImportOptions, InvalidInput
from importers.payload import Payload
from importers.registry import import_payload
from importers.toolkit.creators import (
    NAMED_BY_OVERRIDING_REQUEST,
    NAMED_BY_REQUEST,
    UNIDENTIFIED,
    requested_handle_problem,
)
from importers.toolkit.identity import creator_override
from importers.toolkit.values import MAX_KEY_LENGTH
from nlp.thread import Platform

CHANNEL = "UCq0Owner000000000000001"


def imported(body: object, name: str, creator: str | None = None) -> list[ImportedThread]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return import_payload(Payload(data, filename=name), None, ImportOptions(creator_handle=creator))


def unidentified_notes(item: ImportedThread) -> list[str]:
    return [line for line in item.report.limits if line.startswith(UNIDENTIFIED)]


def scrapped_video() -> dict[str, Any]:
    """tiktok-comment-scrapper: a fan's comment answered by the account, whose share link names
    no owner.

        1 fan ── 2 Some.Brand
    """

    def entry(ident: str, user: str, said: str, replies: list[Any]) -> dict[str, Any]:
        return {
            "comment_id": ident,
            "username": user,
            "nickname": user.title(),
            "comment": said,
            "create_time": "2024-09-01T08:00:00",
            "total_reply": len(replies),
            "replies": replies,
        }

    answer = entry("2", "Some.Brand", "thank you!", [])
    return {
        "caption": "new drop",
        "video_url": "https://t.tiktok.com/i18n/share/video/7499/",
        "comments": [entry("1", "fan", "love it", [answer])],
    }


def test_a_named_tiktok_account_is_lower_case_and_its_commenter_the_creator() -> None:
    [plain] = imported(scrapped_video(), "7499.json")
    assert (plain.thread.creator_handle, plain.thread.creator) == (None, None)
    assert len(unidentified_notes(plain)) == 1

    [named] = imported(scrapped_video(), "7499.json", creator=" @Some.Brand")
    assert (named.thread.creator_handle, named.thread.creator) == ("some.brand", "Some.Brand")
    assert unidentified_notes(named) == []
    assert named.report.limits[-1] == NAMED_BY_REQUEST
    assert named.thread.comments == plain.thread.comments


def downloaded_comments() -> bytes:
    """youtube-comment-downloader lines: the channel owner answers a viewer.

    c1 @viewer ── c1.r1 @owner (channel UCq0Owner…)
    """

    def line(cid: str, channel: str, author: str) -> str:
        record = {
            "cid": cid,
            "text": "hello",
            "time": "1 day ago",
            "author": author,
            "channel": channel,
            "votes": "2",
            "time_parsed": 1717236000.0,
        }
        return json.dumps(record) + "\n"

    return (
        line("c1", "UCq0Viewer00000000000002", "@viewer") + line("c1.r1", CHANNEL, "@owner")
    ).encode()


@pytest.mark.parametrize(
    ("named", "handle", "creator"),
    [
        (CHANNEL, CHANNEL, CHANNEL),  # the channel id is the commenter's id
        ("@owner", "owner", CHANNEL),  # the @handle is the commenter's name
        ("@Owner", "Owner", None),  # YouTube keeps case: not the commenter "@owner"
    ],
)
def test_a_named_youtube_account_keeps_its_case(
    named: str, handle: str, creator: str | None
) -> None:
    [item] = imported(downloaded_comments(), "vid00000001.json", creator=named)
    assert item.thread.platform is Platform.YOUTUBE
    assert (item.thread.creator_handle, item.thread.creator) == (handle, creator)
    assert unidentified_notes(item) == []


def test_the_brand_of_a_brand_replies_csv_keeps_its_answers_as_the_creators() -> None:
    """The export's own placeholder author of the brand's answers stays the creator."""
    header = "id,media_id,username,text,timestamp,respondido,resposta_texto,resposta_timestamp\n"
    row = "17900001,18200001,pet_lover,is it in stock?,2025-12-03 22:34:40,true,yes!,\n"
    [plain] = imported((header + row).encode(), "brand.csv")
    [named] = imported((header + row).encode(), "brand.csv", creator="@Some.Brand")
    assert plain.thread.creator_handle is None
    assert unidentified_notes(plain)
    assert named.thread.platform is Platform.INSTAGRAM
    assert (named.thread.creator_handle, named.thread.creator) == ("some.brand", "account_owner")
    assert unidentified_notes(named) == []


def pushshift_lines() -> bytes:
    """Two posts: p1 with its submission (by "poster"), p2 comments only.

    p1: a1 u1 ── a2 Some_Mod        p2: b1 u3
    """
    records = [
        {"id": "a1", "parent_id": "t3_p1", "link_id": "t3_p1", "author": "u1", "body": "hi"},
        {"id": "a2", "parent_id": "t1_a1", "link_id": "t3_p1", "author": "Some_Mod", "body": "o"},
        {"id": "p1", "name": "t3_p1", "author": "poster", "title": "T", "selftext": ""},
        {"id": "b1", "parent_id": "t3_p2", "link_id": "t3_p2", "author": "u3", "body": "yo"},
    ]
    shared = {"subreddit": "pics", "created_utc": 1134365188}
    return "".join(json.dumps({**r, **shared}) + "\n" for r in records).encode()


def test_every_thread_of_an_upload_gets_the_named_account_and_an_input_naming_another_says_so() -> (
    None
):
    p1, p2 = imported(pushshift_lines(), "RC_dump.ndjson", creator="@Some_Mod")
    assert [t.thread.creator_handle for t in (p1, p2)] == ["some_mod", "some_mod"]
    # The submission's author "poster" was the input's creator: the named account's own
    # comment (a2) makes Some_Mod the creator of p1; p2 has no comment of theirs.
    assert (p1.thread.creator, p2.thread.creator) == ("Some_Mod", None)
    assert p1.report.limits[-1] == NAMED_BY_OVERRIDING_REQUEST
    assert p2.report.limits[-1] == NAMED_BY_REQUEST
    assert unidentified_notes(p2) == []


def test_naming_the_account_the_input_names_keeps_the_inputs_creator() -> None:
    thread = {
        "platform": "tiktok",
        "external_id": "v1",
        "creator": "uid-9",
        "creator_handle": "pot.pia",
        "comments": [{"id": "c1", "reply_to": None, "author": "uid-1", "text": "hi"}],
    }
    [item] = imported(thread, "v1.json", creator="@Pot.Pia")
    assert (item.thread.creator_handle, item.thread.creator) == ("pot.pia", "uid-9")
    assert item.report.limits[-1] == NAMED_BY_REQUEST


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("", "names no account"),
        ("  @ ", "names no account"),
        ("[deleted]", "names no account"),
        ("a" * (MAX_KEY_LENGTH + 1), f"is {MAX_KEY_LENGTH + 1} characters long"),
        # Lower case on TikTok makes each ß "ss": too long there, though not on YouTube.
        ("ß" * 300, "is 600 characters long"),
        ("bad\x00name", "NUL"),
    ],
)
def test_a_value_that_cannot_be_a_handle_is_refused_naming_the_parameter(
    value: str, why: str
) -> None:
    problem = requested_handle_problem(value)
    assert problem is not None
    assert why in problem
    with pytest.raises(InvalidInput) as caught:
        imported(scrapped_video(), "7499.json", creator=value)
    assert [(p.loc, p.msg) for p in caught.value.problems] == [
        (("query", "creator_handle"), problem)
    ]


def test_the_longest_handle_is_accepted() -> None:
    longest = "@" + "a" * MAX_KEY_LENGTH
    assert creator_override(ImportOptions(creator_handle=longest)) == longest
    assert creator_override(ImportOptions()) is None


def test_a_creator_handle_too_long_for_its_index_is_refused_from_an_input_too() -> None:
    csv = f"id,parent,author,text,time,owner\nc1,,ann,hi,2024-05-01T10:00:00Z,{'b' * 501}\n"
    mapping = {"id": "id", "parent": "parent", "author": "author", "text": "text"}
    options = ImportOptions(column_map={**mapping, "time": "time", "creator": "owner"})
    with pytest.raises(InvalidInput) as caught:
        import_payload(Payload(csv.encode(), filename="p1.csv"), "mapped_columns", options)
    assert [p.loc for p in caught.value.problems] == [("creator_handle",)]
    assert "creator_handle is 501 characters long" in caught.value.problems[0].msg
