from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from importers.base import ImportedThread, ImportOptions, InvalidInput
from importers.formats.youtube_innertube import FORMAT, NO_OWNER
from importers.payload import Payload
from importers.registry import all_formats, import_payload
from nlp.thread import Platform, ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / FORMAT.name
VIDEO = "aBcDeFgHiJk"
OWNER = "UCtideOwner0000000000001"
MOON = "UCmoonWatcher00000000002"
T1, T2, T3 = (
    "UgzTideTop1aaaaaaaaaa4AaABAg",
    "UgxTideTop2bbbbbbbbbb4AaABAg",
    "UgyTideTop3cccccccccc4AaABAg",
)
R1, R2 = f"{T2}.9zTide0001a", f"{T2}.9zTide0002b"
ABSENT_PARENT = "UgwNotOnThisPage000004AaABAg"
R3 = f"{ABSENT_PARENT}.9zTide0003c"
BASE_LIMITS = (
    "YouTube lists every reply under its top-level comment: who answered whom is recovered only "
    "from a reply's leading @handle",
    "a /next response is one page (about 20 threads, or 10 replies of one thread): upload all of "
    "a video's responses as one JSON array to import more of it",
    "times are relative ('4 years ago'): comments have no timestamp, so the analysis uses page "
    "order",
    "like and reply counts are rounded as the page shows them ('9.8k')",
)


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _import(document: Any, options: ImportOptions | None = None) -> ImportedThread:
    payload = Payload(json.dumps(document).encode())
    [imported] = import_payload(payload, options=options)
    return imported


def test_a_whole_watch_session_becomes_one_thread() -> None:
    imported = _import(_load("watch_session.json"))
    thread, report = imported.thread, imported.report
    assert (thread.platform, thread.external_id) == (Platform.YOUTUBE, VIDEO)
    assert thread.url == f"https://www.youtube.com/watch?v={VIDEO}"
    assert (thread.title, thread.creator) == ("How Tides Really Work", OWNER)
    assert thread.creator_handle == OWNER  # the channel id, its case kept
    assert thread.source_format == "youtube_innertube"
    given, parent, mention = (
        ReplyToMethod.GIVEN,
        ReplyToMethod.PLATFORM_PARENT,
        ReplyToMethod.MENTION,
    )
    rows = [
        (c.id, c.reply_to, c.platform_reply_to, c.reply_to_method, c.author, c.author_name)
        for c in thread.comments
    ]
    assert rows == [
        (T1, None, None, given, OWNER, "@tidechannel"),
        (T2, None, None, given, MOON, "@moonwatcher"),
        (T3, None, None, given, None, None),
        (R1, T2, T2, parent, OWNER, "@tidechannel"),
        (R2, R1, T2, mention, MOON, "@moonwatcher"),
        (R3, ABSENT_PARENT, ABSENT_PARENT, parent, "UCseaFarer0000000000003", "@seafarer"),
    ]
    # "" is how the page shows zero likes; "9.8k" and "1.2K" are rounded by YouTube.
    assert [c.like_count for c in thread.comments] == [9800, 37, 0, 1200, 4, 0]
    assert thread.comments[3].text == "Yes: one bulge faces the moon, one points away from it"
    assert all(c.created_at is None for c in thread.comments)
    assert (report.rows_read, report.comments_kept, report.skipped) == (6, 6, {})
    assert (report.announced_replies, report.received_replies) == (5, 3)
    assert report.retargeted == {"mention": 1}
    assert report.limits == (
        *BASE_LIMITS,
        "1 replies belong to a top-level comment that is not in the upload: a page holds only "
        "part of a thread",
    )


def test_a_single_comment_page_names_its_video_through_timestamp_links() -> None:
    imported = _import(_load("comments_page.json"))
    thread, report = imported.thread, imported.report
    assert (thread.external_id, thread.title) == (VIDEO, None)
    assert thread.creator == OWNER  # the comment marked isCreator
    assert thread.creator_handle == OWNER
    assert [c.id for c in thread.comments] == [T1, T2, T3]
    assert (report.announced_replies, report.received_replies) == (5, 0)
    assert report.limits == BASE_LIMITS


def test_a_newpipe_recorded_reply_page_keeps_orphans() -> None:
    imported = _import(
        _load("newpipe_replies_mock.json"),
        ImportOptions(external_id="override", platform="other"),
    )
    thread, report = imported.thread, imported.report
    assert (thread.platform, thread.external_id, thread.url) == (Platform.OTHER, "override", None)
    assert [(c.id, c.reply_to) for c in thread.comments] == [
        (R1, T2),
        (R2, R1),
        (R3, ABSENT_PARENT),
    ]
    assert report.retargeted == {"mention": 1}
    assert (report.announced_replies, report.received_replies) == (0, 3)
    assert report.limits[-1].startswith("3 replies belong to a top-level comment")


def test_a_page_without_any_video_link_falls_back_to_the_file_name() -> None:
    page = _load("comments_page.json")
    page["frameworkUpdates"]["entityBatchUpdate"]["mutations"] = [
        m for m in page["frameworkUpdates"]["entityBatchUpdate"]["mutations"]
        if "commentEntityPayload" in m["payload"]
    ]  # fmt: skip
    payload = Payload(json.dumps(page).encode(), filename="dl/Zz9Yy8Xx7Ww.json")
    [imported] = import_payload(payload)
    assert imported.thread.external_id == "Zz9Yy8Xx7Ww"
    assert imported.report.limits[-1] == (
        "the input does not name its video: external_id 'Zz9Yy8Xx7Ww' is the file name"
    )


def test_a_page_without_watch_page_or_creator_comment_says_its_creator_is_unidentified() -> None:
    page = _load("comments_page.json")
    for mutation in page["frameworkUpdates"]["entityBatchUpdate"]["mutations"]:
        author = mutation["payload"].get("commentEntityPayload", {}).get("author")
        if author is not None:
            author["isCreator"] = False
    imported = _import(page)
    assert (imported.thread.creator, imported.thread.creator_handle) == (None, None)
    assert imported.report.limits == (*BASE_LIMITS, NO_OWNER)


@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda p: p.name)
def test_every_fixture_is_detected_as_this_format_only(path: Path) -> None:
    payload = Payload(path.read_bytes(), filename=path.name)
    assert [f.name for f in all_formats() if f.detect(payload)] == [FORMAT.name]


def _watch_page_only() -> Any:
    return _load("watch_session.json")[0]


def _without_context() -> Any:
    page = _load("comments_page.json")
    del page["responseContext"]
    return page


def _newpipe_with_broken_body() -> Any:
    mock = _load("newpipe_replies_mock.json")
    mock["response"]["responseBody"] = "<html>consent page</html>"
    return mock


DATA_API_THREADS = {
    "kind": "youtube#commentThreadListResponse",
    "items": [{"kind": "youtube#commentThread", "id": T1, "snippet": {"videoId": VIDEO}}],
}


@pytest.mark.parametrize(
    "document",
    [
        _watch_page_only(),
        _without_context(),
        [_load("comments_page.json"), {"kind": "youtube#comment"}],
        _newpipe_with_broken_body(),
        DATA_API_THREADS,
        [],
    ],
    ids=["watch-page-only", "no-responseContext", "foreign-page", "broken-body", "data-api", "[]"],
)
def test_near_misses_are_not_detected(document: Any) -> None:
    assert not FORMAT.detect(Payload(json.dumps(document).encode()))


def _first_comment(page: Any) -> Any:
    return page["frameworkUpdates"]["entityBatchUpdate"]["mutations"][0]["payload"][
        "commentEntityPayload"
    ]


def _refused(document: Any) -> InvalidInput:
    with pytest.raises(InvalidInput) as raised:
        import_payload(Payload(json.dumps(document).encode()), format_name=FORMAT.name)
    return raised.value


def test_a_comment_without_id_is_named() -> None:
    page = _load("comments_page.json")
    del _first_comment(page)["properties"]["commentId"]
    [problem] = _refused(page).problems
    assert problem.loc == ("mutation", 0, "properties", "commentId")
    assert problem.msg == "mutation 0: properties.commentId is missing"


def test_a_reply_level_contradicting_the_id_is_named() -> None:
    page = _load("comments_page.json")
    _first_comment(page)["properties"]["replyLevel"] = 1
    [problem] = _refused(page).problems
    assert problem.loc == ("mutation", 0, "properties", "replyLevel")
    assert f"comment {T1!r}" in problem.msg


def test_a_foreign_page_in_an_array_is_named() -> None:
    [problem] = _refused([_load("comments_page.json"), {"kind": "x"}]).problems
    assert problem.loc == ("page", 1)
    assert problem.msg == "page 1 is not a YouTube /next response"


def test_pages_of_several_videos_are_refused() -> None:
    other = copy.deepcopy(_load("comments_page.json"))
    for mutation in other["frameworkUpdates"]["entityBatchUpdate"]["mutations"]:
        surface = mutation["payload"].get("commentSurfaceEntityPayload")
        if surface:
            surface["publishedTimeCommand"]["innertubeCommand"]["watchEndpoint"]["videoId"] = (
                "Other000001"
            )
    error = _refused([_load("comments_page.json"), other])
    assert "several videos (Other000001, aBcDeFgHiJk)" in error.detail


def test_a_watch_page_alone_has_no_comments() -> None:
    error = _refused(_watch_page_only())
    assert "no comments" in error.detail
