"""The Pushshift NDJSON importer: one thread per link_id, submissions as posts when present."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from importers.base import ImportedThread, ImportOptions, InvalidInput
from importers.formats.pushshift import FORMAT, NO_SUBMISSION
from importers.payload import Payload
from importers.registry import import_payload
from importers.toolkit.creators import UNIDENTIFIED, unidentified
from nlp.thread import Platform, ReplyToMethod

SAMPLE = Path(__file__).parents[2] / "fixtures" / "formats" / "pushshift" / "RC_sample.ndjson"


def parse(body: bytes, options: ImportOptions | None = None) -> list[ImportedThread]:
    return FORMAT.parse(Payload(body), options or ImportOptions())


def lines() -> list[dict[str, object]]:
    return [json.loads(line) for line in SAMPLE.read_text().splitlines()]


def ndjson(records: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def test_each_link_id_is_a_thread_without_its_prefix() -> None:
    first, second = parse(SAMPLE.read_bytes())
    assert [first.thread.external_id, second.thread.external_id] == ["p1", "p2"]
    assert {first.thread.platform, second.thread.platform} == {Platform.REDDIT}


def test_a_submission_line_gives_its_thread_creator_title_and_url() -> None:
    first, second = parse(SAMPLE.read_bytes())
    assert (first.thread.creator, first.thread.title) == ("poster", "A new site")
    assert first.thread.url == "https://www.reddit.com/r/reddit.com/comments/p1/a_new_site/"
    assert (second.thread.creator, second.thread.title) == (None, None)
    assert any("no submission (RS_) record" in limit for limit in second.report.limits)


def test_the_submissions_author_is_the_creator_handle_in_lower_case() -> None:
    records = lines()
    records[2]["author"] = "Poster"
    first, _ = parse(ndjson(records))
    assert (first.thread.creator, first.thread.creator_handle) == ("Poster", "poster")
    assert not any(limit.startswith(UNIDENTIFIED) for limit in first.report.limits)


def test_a_comment_only_dump_leaves_the_creator_unidentified_in_the_report() -> None:
    _, second = parse(SAMPLE.read_bytes())  # p2 has no submission line
    assert second.thread.creator_handle is None
    assert unidentified(NO_SUBMISSION) in second.report.limits


@pytest.mark.parametrize(
    ("author", "reason"),
    [
        ("[deleted]", "the post's author was deleted"),
        ("[removed]", "the post's author was removed"),
        (None, "the post names no author"),
    ],
)
def test_a_submission_without_a_known_author_is_unidentified(
    author: str | None, reason: str
) -> None:
    records = lines()
    records[2]["author"] = author
    first, _ = parse(ndjson(records))
    assert first.thread.creator_handle is None
    assert unidentified(reason) in first.report.limits


def test_comments_parents_authors_and_times() -> None:
    comments = parse(SAMPLE.read_bytes())[0].thread.comments
    assert [(c.id, c.reply_to, c.author) for c in comments] == [
        ("a1", None, "u1"),
        ("a2", "a1", "u2"),
        ("a3", "zz9", "[deleted]"),  # its parent is outside the file: kept as an orphan
    ]
    assert comments[0].created_at == datetime(2005, 12, 12, 5, 26, 28, tzinfo=UTC)
    # created_utc written as a string in old months
    assert comments[1].created_at == datetime(2005, 12, 12, 5, 28, 20, tzinfo=UTC)
    assert [c.like_count for c in comments] == [3, 1, 0]
    assert {c.reply_to_method for c in comments} == {ReplyToMethod.GIVEN}


def test_reports_count_duplicates_and_parents_not_in_file() -> None:
    first, second = parse(SAMPLE.read_bytes())
    assert (first.report.rows_read, first.report.comments_kept) == (4, 3)
    assert first.report.skipped == {"duplicate comment id": 1}
    assert any(limit.startswith("1 replies answer a comment") for limit in first.report.limits)
    assert any("num_comments=4" in limit for limit in first.report.limits)
    assert (second.report.rows_read, second.report.comments_kept, second.report.skipped) == (
        1,
        1,
        {},
    )
    assert second.thread.comments[0].like_count is None  # score -1


def test_external_id_override_needs_a_single_thread() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(SAMPLE.read_bytes(), ImportOptions(external_id="x"))
    assert caught.value.problems[0].loc == ("query", "external_id")
    single = ndjson(lines()[:2])
    assert parse(single, ImportOptions(external_id="x"))[0].thread.external_id == "x"


def test_the_registry_detects_the_sample_and_a_submissions_first_file() -> None:
    assert import_payload(Payload(SAMPLE.read_bytes()))[0].report.format == "pushshift"
    submission_first = ndjson([lines()[2], *lines()[:2]])
    assert import_payload(Payload(submission_first))[0].thread.creator == "poster"


@pytest.mark.parametrize(
    "record",
    [
        {"id": "a", "parent_id": "t3_p", "link_id": "t3_p", "body": "no subreddit"},
        {"id": "a", "conversation_id": "a", "speaker": "s", "text": "ConvoKit"},
        {"cid": "1", "text": "t", "author": "x", "votes": "1"},
    ],
)
def test_near_misses_are_not_detected(record: dict[str, object]) -> None:
    assert not FORMAT.detect(Payload(ndjson([record])))


def test_a_json_array_of_comments_is_not_detected() -> None:
    assert not FORMAT.detect(Payload(json.dumps(lines()).encode()))


def test_a_line_that_is_neither_comment_nor_submission_is_refused_by_line() -> None:
    records = lines()
    records.insert(1, {"id": "x", "subreddit": "a"})
    with pytest.raises(InvalidInput) as caught:
        parse(ndjson(records))
    assert caught.value.problems[0].loc == ("line", 2)
    assert caught.value.problems[0].msg.startswith("line 2:")


def test_a_comment_without_link_id_or_with_a_bad_time_is_refused() -> None:
    records = lines()
    del records[0]["link_id"]
    records[1]["created_utc"] = "soon"
    with pytest.raises(InvalidInput) as caught:
        parse(ndjson(records))
    problems = caught.value.problems
    assert [p.loc for p in problems] == [("line", 1), ("line", 2, "created_utc")]
    assert problems[0].msg == "line 1: comment 'a1' has no link_id"


def test_malformed_json_names_its_line() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(SAMPLE.read_bytes() + b"{not json\n")
    assert caught.value.problems[0].loc == ("line", 7)
