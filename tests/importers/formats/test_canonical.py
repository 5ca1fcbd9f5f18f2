"""The canonical JSON importer: valid input, every kind of refusal, and the documented schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from importers.base import ImportedThread, ImportOptions, InvalidInput
from importers.formats.canonical import FORMAT, NO_HANDLE, CanonicalThread
from importers.payload import Payload
from importers.toolkit.problems import MAX_PROBLEMS
from nlp.thread import Platform, ReplyToMethod


def thread_doc(**overrides: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "platform": "youtube",
        "external_id": "vid1",
        "url": "https://example.org/v/vid1",
        "title": "A post",
        "creator": "owner",
        "collected_at": "2024-05-02T00:00:00Z",
        "tags": ["pilot"],
        "comments": [
            {
                "id": "c1",
                "reply_to": None,
                "author": "ana",
                "text": "first!",
                "created_at": "2024-05-01T10:00:00Z",
            },
            {
                "id": "c2",
                "reply_to": "c1",
                "author": "owner",
                "author_name": "The Owner",
                "text": "thanks",
                "created_at": 1714558500,
                "like_count": 4,
            },
            {"id": "c3", "reply_to": "c2", "author": None, "text": "hm"},
        ],
    }
    doc.update(overrides)
    return doc


def parse(document: Any, options: ImportOptions | None = None) -> list[ImportedThread]:
    return FORMAT.parse(Payload(json.dumps(document).encode()), options or ImportOptions())


def refusal(document: Any) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        parse(document)
    return caught.value


def test_a_thread_object_becomes_one_thread_in_input_order() -> None:
    [imported] = parse(thread_doc())
    thread = imported.thread
    assert thread.platform is Platform.YOUTUBE
    assert (thread.external_id, thread.title, thread.creator) == ("vid1", "A post", "owner")
    assert thread.creator_handle == "owner"  # a YouTube creator's id is their channel: the handle
    assert thread.url == "https://example.org/v/vid1"
    assert thread.collected_at == datetime(2024, 5, 2, tzinfo=UTC)
    assert thread.tags == ("pilot",)
    assert thread.source_format == "canonical"
    assert [c.id for c in thread.comments] == ["c1", "c2", "c3"]
    assert [c.reply_to for c in thread.comments] == [None, "c1", "c2"]
    assert {c.reply_to_method for c in thread.comments} == {ReplyToMethod.GIVEN}
    second = thread.comments[1]
    assert (second.author_name, second.like_count) == ("The Owner", 4)
    assert imported.report.format == "canonical"
    assert (imported.report.rows_read, imported.report.comments_kept) == (3, 3)
    assert imported.report.skipped == {}
    assert imported.report.limits == ()


def test_times_are_utc_from_iso_or_unix_seconds_and_may_be_absent() -> None:
    comments = parse(thread_doc())[0].thread.comments
    assert comments[0].created_at == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert comments[1].created_at == datetime(2024, 5, 1, 10, 15, tzinfo=UTC)
    assert comments[2].created_at is None


def test_numeric_ids_become_strings() -> None:
    doc = thread_doc(
        external_id=7001,
        creator=42,
        comments=[
            {"id": 1, "reply_to": None, "author": 42, "text": "a"},
            {"id": 2, "reply_to": 1, "author": 43, "text": "b"},
        ],
    )
    thread = parse(doc)[0].thread
    assert (thread.external_id, thread.creator) == ("7001", "42")
    assert [(c.id, c.reply_to, c.author) for c in thread.comments] == [
        ("1", None, "42"),
        ("2", "1", "43"),
    ]


def test_an_array_holds_many_threads() -> None:
    imported = parse([thread_doc(), thread_doc(external_id="vid2", platform="tiktok")])
    assert [i.thread.external_id for i in imported] == ["vid1", "vid2"]
    assert imported[1].thread.platform is Platform.TIKTOK


def test_a_thread_without_comments_is_allowed() -> None:
    [imported] = parse(thread_doc(comments=[]))
    assert imported.thread.comments == ()
    assert imported.report.rows_read == 0


def test_a_bad_time_names_the_comment_and_the_field() -> None:
    doc = thread_doc()
    doc["comments"][2] = {
        "id": "c7",
        "reply_to": None,
        "author": "x",
        "text": "t",
        "created_at": "soon",
    }
    error = refusal(doc)
    [problem] = error.problems
    assert problem.loc == ("comments", 2, "created_at")
    assert problem.msg.startswith(
        "comment 'c7': created_at is not an ISO-8601 time or unix seconds"
    )


def test_array_problems_are_prefixed_with_the_thread_index() -> None:
    bad = thread_doc()
    bad["comments"][0]["created_at"] = "soon"
    error = refusal([thread_doc(), bad])
    assert [p.loc for p in error.problems] == [(1, "comments", 0, "created_at")]
    assert error.problems[0].msg.startswith("thread 1: comment 'c1': created_at")


def test_missing_required_fields_are_named() -> None:
    doc = thread_doc()
    del doc["platform"]
    doc["comments"][1] = {"id": "c2", "author": "b"}  # no reply_to, no text
    error = refusal(doc)
    found = {p.loc: p.msg for p in error.problems}
    assert found[("platform",)] == "platform is missing"
    assert found[("comments", 1, "reply_to")] == "comment 'c2': reply_to is missing"
    assert found[("comments", 1, "text")] == "comment 'c2': text is missing"


def test_a_comment_without_id_is_named_by_position() -> None:
    doc = thread_doc(comments=[{"reply_to": None, "author": "a", "text": "t"}])
    [problem] = refusal(doc).problems
    assert (problem.loc, problem.msg) == (("comments", 0, "id"), "comments[0]: id is missing")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("text", 12, "comment 'c1': text must be a string, not a number"),
        ("like_count", "many", "comment 'c1': like_count must be an integer, not 'many'"),
        ("author", ["a"], "comment 'c1': author must be a string, not a list"),
        ("id", True, "comments[0]: id must be a string, not a boolean"),
    ],
)
def test_wrong_types_are_named(field: str, value: object, expected: str) -> None:
    doc = thread_doc()
    doc["comments"][0][field] = value
    [problem] = refusal(doc).problems
    assert problem.loc == ("comments", 0, field)
    assert problem.msg == expected


def test_thread_level_errors() -> None:
    error = refusal(thread_doc(platform="myspace", tags="x", comments={"id": "c1"}))
    found = {p.loc: p.msg for p in error.problems}
    assert found[("platform",)].startswith("platform must be one of tiktok, youtube")
    assert found[("tags",)] == "tags must be a list, not 'x'"
    assert found[("comments",)] == "comments must be a list, not an object"


def test_a_comment_that_is_not_an_object() -> None:
    [problem] = refusal(thread_doc(comments=["hello"])).problems
    assert problem.msg == "comments[0]: the comment must be an object, not 'hello'"


def test_problems_are_capped() -> None:
    comments = [{"id": f"c{i}", "reply_to": None, "author": "a"} for i in range(MAX_PROBLEMS + 5)]
    error = refusal(thread_doc(comments=comments))
    assert len(error.problems) == MAX_PROBLEMS
    assert f"{MAX_PROBLEMS + 5} problems" in error.detail


def test_unknown_fields_are_ignored_but_reported() -> None:
    doc = thread_doc(views=10)
    doc["comments"][0]["parent_id"] = "c0"
    [imported] = parse(doc)
    assert imported.thread.comments[0].reply_to is None
    assert imported.report.limits == (
        "ignored unknown thread fields: views",
        "ignored unknown comment fields: parent_id",
    )


def test_malformed_json_names_line_and_column() -> None:
    with pytest.raises(InvalidInput) as caught:
        FORMAT.parse(Payload(b'{"platform": "youtube",\n  "external_id": }'), ImportOptions())
    [problem] = caught.value.problems
    assert problem.loc == ("body", "line", 2)
    assert "line 2, column 18" in caught.value.detail


def test_the_platform_option_overrides_the_body() -> None:
    [imported] = parse(thread_doc(), ImportOptions(platform="reddit"))
    assert imported.thread.platform is Platform.REDDIT
    with pytest.raises(InvalidInput) as caught:
        parse(thread_doc(), ImportOptions(platform="myspace"))
    assert caught.value.problems[0].loc == ("query", "platform")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (json.dumps(thread_doc()).encode(), True),
        (json.dumps([thread_doc()], indent=2).encode(), True),
        (json.dumps({"external_id": "x"}).encode(), False),
        (json.dumps([]).encode(), False),
        (b'{"id": "1", "conversation_id": "1", "speaker": "a"}\n', False),
        (b"id,reply_to\n1,\n", False),
        (b"\xff\xfe not text", False),
        (b'{"external_id": "x", "comments": [', False),
    ],
)
def test_detection_looks_at_structure(body: bytes, expected: bool) -> None:
    assert FORMAT.detect(Payload(body)) is expected


def test_a_sent_creator_handle_is_normalised_for_the_platform_and_names_the_creator() -> None:
    """On TikTok a handle ignores case and "@"; the commenter named by it is the creator."""
    comments = [
        {"id": "1", "reply_to": None, "author": "uid-7", "author_name": "clay.cleo", "text": "a"},
        {"id": "2", "reply_to": "1", "author": "uid-8", "text": "b"},
    ]
    doc = thread_doc(platform="tiktok", creator=None, creator_handle="@Clay.Cleo")
    [imported] = parse({**doc, "comments": comments})
    assert (imported.thread.creator_handle, imported.thread.creator) == ("clay.cleo", "uid-7")
    assert NO_HANDLE not in imported.report.limits
    # A YouTube channel id keeps its case; a sent creator is kept as sent.
    [youtube] = parse(thread_doc(creator_handle="UCMixedCase"))
    assert (youtube.thread.creator_handle, youtube.thread.creator) == ("UCMixedCase", "owner")


def test_without_creator_handle_the_url_or_creator_gives_it() -> None:
    tiktok = thread_doc(platform="tiktok", url="https://www.tiktok.com/@Pot.Pia/video/71")
    [from_url] = parse(tiktok)
    assert from_url.thread.creator_handle == "pot.pia"
    # The platform option decides how the handle is read: Reddit usernames ignore case.
    [reddit] = parse(thread_doc(creator="Owner"), ImportOptions(platform="reddit"))
    assert reddit.thread.creator_handle == "owner"


def test_a_thread_naming_no_creator_says_its_creator_is_unidentified() -> None:
    [imported] = parse(thread_doc(creator=None))
    assert (imported.thread.creator, imported.thread.creator_handle) == (None, None)
    assert imported.report.limits == (NO_HANDLE,)
    # On X the handle is the username: a user id alone, whose owner never commented, is none.
    [twitter] = parse(thread_doc(platform="twitter", creator="12345"))
    assert twitter.thread.creator_handle is None
    assert twitter.report.limits == (NO_HANDLE,)


def test_the_models_document_the_request_body() -> None:
    schema = CanonicalThread.model_json_schema()
    comment = schema["$defs"]["CanonicalComment"]
    assert set(comment["required"]) == {"id", "reply_to", "author", "text"}
    assert set(schema["required"]) == {"platform", "external_id", "comments"}
    assert comment["properties"]["created_at"]["description"]
    assert "@handle" in schema["properties"]["creator_handle"]["description"]
    assert comment["properties"]["id"]["examples"]
    assert {"type": "integer"} in comment["properties"]["id"]["anyOf"]
