from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from importers.base import InvalidInput
from importers.formats.instagram_brand_replies_csv import (
    ACCOUNT_OWNER,
    FORMAT,
    NO_OWNER,
    SOURCE_LIMITS,
)
from importers.payload import Payload
from importers.registry import all_formats, import_payload
from nlp.thread import Platform, ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / FORMAT.name
HEADER = "id,media_id,username,text,timestamp,respondido,resposta_texto,resposta_timestamp"


def fixture() -> Payload:
    name = "instagram_comments.csv"
    return Payload((FIXTURES / name).read_bytes(), filename=name)


def test_brand_answers_become_replies_by_the_account_owner() -> None:
    first, second = import_payload(fixture(), FORMAT.name)
    thread, report = first.thread, first.report
    assert (thread.platform, thread.external_id, thread.creator, thread.url) == (
        Platform.INSTAGRAM,
        "18200000000000001",
        ACCOUNT_OWNER,
        "https://www.instagram.com/p/DFIX00001/",
    )
    assert thread.title == "Free shipping until Thursday! 🐉"
    asked, praised = "17900000000000101", "17900000000000102"
    assert [
        (c.id, c.reply_to, c.platform_reply_to, c.reply_to_method, c.author, c.created_at)
        for c in thread.comments
    ] == [
        (
            asked,
            None,
            None,
            ReplyToMethod.GIVEN,
            "pet_lover",
            datetime(2025, 12, 3, 22, 34, 40, tzinfo=UTC),
        ),
        (
            asked + ":reply",
            asked,
            asked,
            ReplyToMethod.PLATFORM_PARENT,
            ACCOUNT_OWNER,
            datetime(2025, 12, 3, 23, 0, tzinfo=UTC),
        ),
        (
            praised,
            None,
            None,
            ReplyToMethod.GIVEN,
            "dog.mom",
            datetime(2025, 12, 4, 9, 0, tzinfo=UTC),
        ),
        (praised + ":reply", praised, praised, ReplyToMethod.PLATFORM_PARENT, ACCOUNT_OWNER, None),
        (
            "17900000000000103",
            None,
            None,
            ReplyToMethod.GIVEN,
            "pet_lover",
            datetime(2025, 12, 4, 10, 0, tzinfo=UTC),
        ),
    ]
    assert thread.comments[2].text == 'My dog said "yum"\nand asked for more'
    assert (report.rows_read, report.comments_kept, report.skipped) == (4, 5, {"no comment id": 1})
    assert (report.announced_replies, report.received_replies) == (2, 2)
    # the plain instagram.com/p/<code>/ permalink does not name the brand
    assert thread.creator_handle is None
    assert report.limits == (
        *SOURCE_LIMITS,
        "some answers have no resposta_timestamp: their order is the file order",
        NO_OWNER,
    )
    assert (second.thread.external_id, len(second.thread.comments)) == ("18200000000000002", 1)
    assert (second.report.announced_replies, second.report.received_replies) == (0, 0)


def test_a_permalink_naming_the_brand_makes_it_the_creator_and_the_author_of_its_answers() -> None:
    permalink = "https://www.instagram.com/Dragon_Food/p/DFIX9/"
    body = (
        f"{HEADER},media_permalink\n"
        f"1,9,pet_lover,Ships to Recife?,2025-12-03 22:34:40+00,t,Yes!,,{permalink}\n"
        f"2,9,dragon_food,Free shipping today,2025-12-03 23:10:00+00,f,,,{permalink}\n"
    ).encode()
    [imported] = import_payload(Payload(body), FORMAT.name)
    thread = imported.thread
    assert (thread.creator_handle, thread.creator) == ("dragon_food", "dragon_food")
    # the brand's answer and the brand's own comment are one author
    assert [(c.id, c.author) for c in thread.comments] == [
        ("1", "pet_lover"),
        ("1:reply", "dragon_food"),
        ("2", "dragon_food"),
    ]
    assert NO_OWNER not in imported.report.limits


def test_detected_as_exactly_this_format() -> None:
    assert [f.name for f in all_formats() if f.detect(fixture())] == [FORMAT.name]


@pytest.mark.parametrize(
    "header",
    [
        "id,media_id,username,text,timestamp",  # no brand-answer columns
        "comment_id,status_id,parent_id,comment_message,comment_published",
    ],
)
def test_near_misses_are_not_detected(header: str) -> None:
    assert not FORMAT.detect(Payload(f"{header}\n1,2,3,4,5\n".encode()))


def test_unreadable_time_names_the_row() -> None:
    body = f"{HEADER}\n1,9,ana,hi,2025-12-03 22:34:40+00,t,thanks,soon\n".encode()
    with pytest.raises(InvalidInput) as caught:
        import_payload(Payload(body), FORMAT.name)
    [problem] = caught.value.problems
    assert problem.loc == ("row", 1, "resposta_timestamp")
    assert "comment '1'" in problem.msg
