from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from importers.base import InvalidInput
from importers.formats.facebook_facepager_csv import (
    FORMAT,
    NO_AUTHOR_LIMIT,
    NO_PAGE,
    SOURCE_LIMITS,
)
from importers.payload import Payload
from importers.registry import all_formats, import_payload
from nlp.thread import Platform, ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / FORMAT.name
HEADER = "id;parent_id;level;object_id;object_type;query_status;query_type;created_time;message"


def fixture() -> Payload:
    name = "facepager_export.csv"
    return Payload((FIXTURES / name).read_bytes(), filename=name)


def test_walks_the_node_tree_and_counts_bookkeeping_rows() -> None:
    seeded, posted = import_payload(fixture(), FORMAT.name)
    thread, report = seeded.thread, seeded.report
    assert (thread.platform, thread.external_id, thread.creator) == (
        Platform.FACEBOOK,
        "111_222",
        None,
    )
    parent = ReplyToMethod.PLATFORM_PARENT
    assert [
        (c.id, c.reply_to, c.platform_reply_to, c.reply_to_method, c.author)
        for c in thread.comments
    ] == [
        ("222_401", None, None, ReplyToMethod.GIVEN, "Ana Lima"),
        ("222_402", None, None, ReplyToMethod.GIVEN, None),
        ("222_403", "222_401", "222_401", parent, "Riverside Cycling"),
        ("222_404", "222_401", "222_401", parent, "Carl Diaz"),
    ]
    assert thread.comments[0].created_at == datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert [c.like_count for c in thread.comments] == [3, 0, 1, 0]
    assert (report.rows_read, report.comments_kept) == (7, 4)
    assert report.skipped == {
        "object_type empty": 1,
        "object_type offcut": 1,
        "query_status error (400)": 1,
    }
    assert (report.announced_replies, report.received_replies) == (2, 2)
    assert report.limits == (*SOURCE_LIMITS, NO_AUTHOR_LIMIT)

    post = posted.thread  # a fetched post (data node of a /posts query) under a page seed
    assert (post.external_id, post.title, post.creator) == (
        "111_555",
        "Spring ride announced",
        "Riverside Cycling",
    )
    assert [(c.id, c.reply_to) for c in post.comments] == [("555_601", None)]


def test_the_page_of_each_posts_object_id_is_its_creator_handle() -> None:
    seeded, posted = import_payload(fixture(), FORMAT.name)
    # 111_222 (a seed naming the post) and 111_555 (a post fetched under the Page seed 111)
    assert [seeded.thread.creator_handle, posted.thread.creator_handle] == ["111", "111"]
    assert NO_PAGE not in seeded.report.limits


def test_a_post_whose_object_id_names_no_page_is_unidentified() -> None:
    body = (
        f"{HEADER}\n1;;0;ride-2024;seed;;;;\n"
        "2;1;1;1_9;data;fetched (200);Facebook:<Object ID>/comments;2024-05-01T12:00:00+0000;hi\n"
    ).encode()
    [imported] = import_payload(Payload(body), FORMAT.name)
    assert (imported.thread.external_id, imported.thread.creator_handle) == ("ride-2024", None)
    assert NO_PAGE in imported.report.limits


def test_detected_as_exactly_this_format() -> None:
    assert [f.name for f in all_formats() if f.detect(fixture())] == [FORMAT.name]


@pytest.mark.parametrize(
    "header",
    [
        # a Facepager export of another platform: no created_time / message columns
        "id;parent_id;level;object_id;object_type;query_status;query_type;text;publishedAt",
        "id;parent_id;level;object_id;created_time;message",  # no node bookkeeping
    ],
)
def test_near_misses_are_not_detected(header: str) -> None:
    assert not FORMAT.detect(Payload(f"{header}\n1;2;3;4;5;6\n".encode()))


def test_unreadable_time_names_the_row() -> None:
    body = (
        f"{HEADER}\n1;;0;7_1;seed;;;;\n"
        "2;1;1;1_9;data;fetched (200);Facebook:<Object ID>/comments;noon;hi\n"
    ).encode()
    with pytest.raises(InvalidInput) as caught:
        import_payload(Payload(body), FORMAT.name)
    [problem] = caught.value.problems
    assert problem.loc == ("row", 2, "created_time")
    assert "comment '1_9'" in problem.msg
