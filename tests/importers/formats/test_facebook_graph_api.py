from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from importers.base import InvalidInput
from importers.formats.facebook_graph_api import FORMAT, NO_AUTHOR_LIMIT, NO_PAGE, SOURCE_LIMITS
from importers.payload import Payload
from importers.registry import all_formats, import_payload
from nlp.thread import Platform, ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / FORMAT.name
GIVEN, PARENT = ReplyToMethod.GIVEN, ReplyToMethod.PLATFORM_PARENT


def fixture() -> Payload:
    name = "post_comments_pages.json"
    return Payload((FIXTURES / name).read_bytes(), filename=name)


def as_payload(document: Any) -> Payload:
    return Payload(json.dumps(document).encode())


def test_parses_nested_stream_and_id_less_comments() -> None:
    [imported] = import_payload(fixture(), FORMAT.name)
    thread, report = imported.thread, imported.report
    assert (thread.platform, thread.external_id, thread.creator, thread.url) == (
        Platform.FACEBOOK,
        "111_222",
        "111",  # the Page named by the permalinks owns the post
        "https://www.facebook.com/111/posts/222/",
    )
    assert thread.creator_handle == "111"
    assert [
        (c.id, c.reply_to, c.platform_reply_to, c.reply_to_method, c.author, c.author_name)
        for c in thread.comments
    ] == [
        ("222_301", None, None, GIVEN, "5001", "Ana Lima"),
        ("222_302", "222_301", "222_301", PARENT, "111", "Riverside Cycling"),
        ("222_303", None, None, GIVEN, None, None),  # id rebuilt from permalink_url
        ("222_304", "222_303", "222_303", PARENT, None, None),  # …and its parent too
        ("unnumbered-1-2", None, None, GIVEN, None, None),  # no id, no permalink
        ("222_305", "222_399", "222_399", PARENT, "5002", "Bo Chen"),  # parent not in the file
    ]
    assert thread.comments[0].created_at == datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert [c.like_count for c in thread.comments] == [4, 1, 0, 2, 0, 0]
    assert (report.rows_read, report.comments_kept) == (7, 6)
    assert report.skipped == {"duplicate comment id": 1}
    assert (report.announced_replies, report.received_replies) == (3, 3)
    assert report.limits[: len(SOURCE_LIMITS) + 1] == (*SOURCE_LIMITS, NO_AUTHOR_LIMIT)
    assert "unnumbered-<position>" in report.limits[-1]


def test_replies_page_of_a_known_comment_attaches_to_it() -> None:
    pages = [
        {
            "data": [
                {
                    "id": "9_1",
                    "message": "top",
                    "created_time": "2024-01-01T00:00:00+0000",
                    "comment_count": 1,
                }
            ]
        },
        {
            "data": [
                {
                    "id": "9_2",
                    "message": "reply",
                    "created_time": "2024-01-01T00:01:00+0000",
                    "comment_count": 0,
                }
            ],
            "paging": {"next": "https://graph.facebook.com/v19.0/9_1/comments?after=x"},
        },
    ]
    [imported] = import_payload(as_payload(pages), FORMAT.name)
    assert [(c.id, c.reply_to) for c in imported.thread.comments] == [("9_1", None), ("9_2", "9_1")]
    # comment ids name the post (9), never its Page: nothing here names who owns it
    assert (imported.thread.creator, imported.thread.creator_handle) == (None, None)
    assert NO_PAGE in imported.report.limits


def test_a_listings_page_id_wins_over_a_permalinks_vanity_name() -> None:
    page = {
        "data": [
            {
                "message": "See you Saturday",
                "created_time": "2024-05-01T13:00:00+0000",
                "comment_count": 0,
                "permalink_url": "https://www.facebook.com/RiversideCycling/posts/222/?comment_id=7",
            },
            {
                "id": "222_8",
                "message": "Thanks all",
                "created_time": "2024-05-01T14:00:00+0000",
                "from": {"id": "111", "name": "Riverside Cycling"},
                "comment_count": 0,
            },
        ],
        "paging": {"next": "https://graph.facebook.com/v19.0/111_222/comments?after=x"},
    }
    [imported] = import_payload(as_payload(page), FORMAT.name)
    thread = imported.thread
    # the Page's own comment is written by its id, so the id is the one that matches it
    assert (thread.external_id, thread.creator, thread.creator_handle) == ("111_222", "111", "111")
    assert thread.url == "https://www.facebook.com/RiversideCycling/posts/222/"
    assert NO_PAGE not in imported.report.limits


def test_detected_as_exactly_this_format() -> None:
    assert [f.name for f in all_formats() if f.detect(fixture())] == [FORMAT.name]


@pytest.mark.parametrize(
    "document",
    [
        # a /posts listing: created_time and message, but none of the comment fields
        {"data": [{"id": "1_2", "message": "post", "created_time": "2024-01-01T00:00:00+0000"}]},
        {"data": [{"id": "1", "text": "ig", "timestamp": "2024-01-01T00:00:00+0000"}]},
        {"comments": [{"created_time": "2024-01-01T00:00:00+0000", "comment_count": 0}]},
    ],
)
def test_near_misses_are_not_detected(document: Any) -> None:
    assert not FORMAT.detect(as_payload(document))


def test_broken_comment_names_page_and_comment() -> None:
    page = {
        "data": [
            {
                "id": "9_1",
                "message": 42,
                "created_time": "2024-01-01T00:00:00+0000",
                "like_count": 0,
            },
            {"id": "9_2", "message": "x", "created_time": "soon", "like_count": 0},
        ]
    }
    with pytest.raises(InvalidInput) as caught:
        import_payload(as_payload(page), FORMAT.name)
    assert [p.loc for p in caught.value.problems] == [
        ("data", 0, "message"),
        ("data", 1, "created_time"),
    ]
    assert "comment '9_2'" in caught.value.problems[1].msg
