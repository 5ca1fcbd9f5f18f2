"""The FanChuan benchmark CSV importer: annotated rows plus parents rebuilt from reply rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.base import ImportedThread, ImportOptions, InvalidInput
from importers.formats.fanchuan import FORMAT
from importers.payload import Payload
from importers.registry import import_payload
from importers.toolkit.creators import UNIDENTIFIED
from importers.toolkit.identity import NO_ID
from nlp.thread import Platform, ReplyToMethod

SAMPLE = Path(__file__).parents[2] / "fixtures" / "formats" / "fanchuan" / "reddit_subset.csv"
HEADER = (
    "id,comment_id,parent_comment_id,user_id,parent_user_id,parent_content,content,support,parody"
)


def parse(
    body: bytes, options: ImportOptions | None = None, filename: str | None = "reddit_subset.csv"
) -> list[ImportedThread]:
    return FORMAT.parse(Payload(body, filename=filename), options or ImportOptions())


def test_the_file_is_one_thread_named_after_the_file() -> None:
    (imported,) = parse(SAMPLE.read_bytes())
    thread = imported.thread
    assert (thread.platform, thread.external_id, thread.creator) == (
        Platform.REDDIT,
        "reddit_subset",
        None,
    )
    assert thread.source_format == "fanchuan"
    # No row is the post, so nothing names its author: the report says so.
    assert thread.creator_handle is None
    assert any(limit.startswith(UNIDENTIFIED) for limit in imported.report.limits)


def test_rows_and_a_rebuilt_parent_placed_before_its_first_reply() -> None:
    comments = parse(SAMPLE.read_bytes())[0].thread.comments
    assert [(c.id, c.reply_to, c.author, c.text) for c in comments] == [
        ("k1a", None, "10", "Top comment, with a comma"),
        ("k2b", "k1a", "11", "Reply to the top comment"),
        ("k9z", None, "13", "An unannotated parent"),  # rebuilt: "13.0" read as pseudonym 13
        ("k3c", "k9z", "12", "Reply to a parent that is not a row"),
        ("k4d", "k9z", "10", "Second reply to it"),
    ]
    assert {c.created_at for c in comments} == {None}
    assert {c.reply_to_method for c in comments} == {ReplyToMethod.GIVEN}


def test_the_report_counts_rows_skips_and_rebuilt_parents_apart() -> None:
    report = parse(SAMPLE.read_bytes())[0].report
    assert (report.format, report.rows_read, report.comments_kept) == ("fanchuan", 6, 5)
    assert report.skipped == {"duplicate comment_id": 1, "row without comment_id": 1}
    assert any(limit.startswith("1 reconstructed parents") for limit in report.limits)
    assert any("file name 'reddit_subset'" in limit for limit in report.limits)


def test_platform_follows_the_request_then_the_id_shape() -> None:
    assert parse(SAMPLE.read_bytes(), ImportOptions(platform="tiktok"))[0].thread.platform == (
        Platform.TIKTOK
    )
    numeric = f"{HEADER}\n1,7350390883136029483,,5,,,hi,0,0\n".encode()
    assert parse(numeric)[0].thread.platform == Platform.TIKTOK
    unclear = f"{HEADER}\n1,42,,5,,,hi,0,0\n".encode()
    imported = parse(unclear)[0]
    assert imported.thread.platform == Platform.OTHER
    assert any("platform is 'other'" in limit for limit in imported.report.limits)


def test_external_id_comes_from_the_request_else_nothing() -> None:
    body = SAMPLE.read_bytes()
    assert parse(body, ImportOptions(external_id="post9"))[0].thread.external_id == "post9"
    assert parse(body, filename=None)[0].thread.external_id == NO_ID  # refused when stored


def test_the_registry_detects_semicolon_files_too() -> None:
    body = SAMPLE.read_text().replace(",", ";").encode()
    assert import_payload(Payload(body))[0].report.format == "fanchuan"


@pytest.mark.parametrize(
    "header",
    [
        "id,comment_id,parent_comment_id,user_id,content",  # no parent_content / parent_user_id
        "comment_id,parent_id,status_id,comment_message,comment_author",  # Facebook minimaxir
        '{"comment_id": "x", "parent_comment_id": "y", "user_id": 1}',
    ],
)
def test_near_misses_are_not_detected(header: str) -> None:
    assert not FORMAT.detect(Payload(f"{header}\n1,2,3,4,5\n".encode()))


def test_a_file_without_the_columns_is_refused_naming_them() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(b"id,comment_id,content\n1,a,hi\n")
    assert "parent_comment_id" in caught.value.detail
    assert ("header",) in {p.loc for p in caught.value.problems}
