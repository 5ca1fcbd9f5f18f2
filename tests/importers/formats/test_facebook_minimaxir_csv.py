from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from importers.base import InvalidInput
from importers.formats.facebook_minimaxir_csv import (
    FORMAT,
    NAME_AUTHOR_LIMIT,
    NO_AUTHOR_LIMIT,
    NO_PAGE,
    SOURCE_LIMITS,
)
from importers.payload import Payload
from importers.registry import all_formats, import_payload
from nlp.thread import Platform, ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / FORMAT.name
HEADER = "comment_id,status_id,parent_id,comment_message,comment_author,comment_published"


def fixture() -> Payload:
    name = "nytimes_facebook_comments.csv"
    return Payload((FIXTURES / name).read_bytes(), filename=name)


def test_threads_by_status_with_times_shifted_back_to_utc() -> None:
    first, second = import_payload(fixture(), FORMAT.name)
    thread, report = first.thread, first.report
    assert (thread.platform, thread.external_id, thread.creator, thread.url) == (
        Platform.FACEBOOK,
        "77_900",
        "77",
        "https://www.facebook.com/77/posts/900",
    )
    assert thread.creator_handle == "77"  # the Page id of status_id 77_900
    parent = ReplyToMethod.PLATFORM_PARENT
    assert [
        (c.id, c.reply_to, c.platform_reply_to, c.reply_to_method, c.author, c.like_count)
        for c in thread.comments
    ] == [
        ("900_901", None, None, ReplyToMethod.GIVEN, None, 10),  # "undiscoverable"
        ("900_902", "900_901", "900_901", parent, None, 3),
        ("900_903", "900_901", "900_901", parent, "Jane Roe", 0),
    ]
    # written as 2018-01-31 19:05:11 "EST" (UTC-5)
    assert thread.comments[0].created_at == datetime(2018, 2, 1, 0, 5, 11, tzinfo=UTC)
    assert thread.comments[1].text == 'Agreed, "good" is an understatement.\nReally thorough.'
    assert (report.rows_read, report.comments_kept) == (5, 3)
    assert report.skipped == {"duplicate comment id": 1, "no comment id": 1}
    assert report.limits == (*SOURCE_LIMITS, NO_AUTHOR_LIMIT, NAME_AUTHOR_LIMIT)
    assert (second.thread.external_id, [c.id for c in second.thread.comments]) == (
        "77_950",
        ["950_951"],
    )


def test_a_status_id_naming_no_page_leaves_the_creator_unidentified() -> None:
    body = f"{HEADER}\n900_1,900,,hi,undiscoverable,2018-01-31 19:05:11\n".encode()
    [imported] = import_payload(Payload(body), FORMAT.name)
    assert (imported.thread.creator, imported.thread.creator_handle) == (None, None)
    assert NO_PAGE in imported.report.limits


def test_detected_as_exactly_this_format() -> None:
    assert [f.name for f in all_formats() if f.detect(fixture())] == [FORMAT.name]


@pytest.mark.parametrize(
    "header",
    [
        # the scraper's statuses file
        "status_id,status_message,link_name,status_type,status_link,status_published",
        "comment_id,parent_id,comment_message,comment_published",  # no status_id
    ],
)
def test_near_misses_are_not_detected(header: str) -> None:
    assert not FORMAT.detect(Payload(f"{header}\n1,2,3,4,5,6\n".encode()))


def test_unreadable_time_names_the_row() -> None:
    body = f"{HEADER}\n1_2,7_1,,hi,undiscoverable,someday\n".encode()
    with pytest.raises(InvalidInput) as caught:
        import_payload(Payload(body), FORMAT.name)
    [problem] = caught.value.problems
    assert problem.loc == ("row", 1, "comment_published")
    assert "comment '1_2'" in problem.msg
