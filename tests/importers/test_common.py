"""The importers' shared toolkit: importers.common, common_values and common_threads."""

from __future__ import annotations

from collections import Counter

import pytest

from importers.base import ImportedThread, ImportOptions, ImportReport, InvalidInput
from importers.common import (
    MAX_PROBLEMS,
    IdSource,
    Problems,
    apply_external_id,
    external_id_for,
    file_stem,
    platform_override,
    raise_problems,
)
from importers.common_threads import ThreadDraft, charge_to_first, finish_drafts, short_title
from importers.common_values import (
    FirstCopies,
    as_count,
    as_id,
    display_count,
    flattened_comment,
    nonempty_text,
)
from nlp.thread import Platform, ReplyToMethod, Thread


def test_problems_are_listed_together_and_capped() -> None:
    problems = Problems("demo")
    for row in range(MAX_PROBLEMS + 2):
        problems.add(("row", row), f"row {row}: broken")
    with pytest.raises(InvalidInput) as caught:
        problems.raise_if_any()
    assert caught.value.detail == f"the demo input has {MAX_PROBLEMS + 2} problems (first 50 shown)"
    assert len(caught.value.problems) == MAX_PROBLEMS
    assert caught.value.problems[-1].loc == ("row", MAX_PROBLEMS - 1)


def test_one_problem_is_named_in_the_singular_and_none_raises_nothing() -> None:
    raise_problems("demo", [])
    problems = Problems("demo")
    assert problems.time("2024-05-01T12:00:00Z", ("row", 1, "time"), "row 1") is not None
    assert problems.time("yesterday", ("row", 2, "time"), "row 2") is None
    with pytest.raises(InvalidInput, match=r"^the demo input has 1 problem$") as caught:
        problems.raise_if_any()
    [problem] = caught.value.problems
    assert problem.loc == ("row", 2, "time")
    assert problem.msg == "row 2: not a readable time (unix seconds or ISO-8601): 'yesterday'"


def test_platform_override() -> None:
    assert platform_override(ImportOptions()) is None
    assert platform_override(ImportOptions(platform="reddit")) is Platform.REDDIT
    with pytest.raises(InvalidInput) as caught:
        platform_override(ImportOptions(platform="myspace"))
    assert caught.value.problems[0].loc == ("query", "platform")


@pytest.mark.parametrize(
    ("filename", "stem"),
    [
        ("uploads/dQw4w9WgXcQ.json.gz", "dQw4w9WgXcQ"),
        ("C:\\exports\\post_42.csv", "post_42"),
        ("comments", "comments"),
        (".json", None),
        (None, None),
    ],
)
def test_file_stem_is_the_base_name_up_to_its_first_dot(
    filename: str | None, stem: str | None
) -> None:
    assert file_stem(filename) == stem


def test_external_id_prefers_the_request_then_the_input_then_the_file_name() -> None:
    request = external_id_for(ImportOptions(external_id="R"), "IN", "f.csv")
    found = external_id_for(ImportOptions(), "IN", "f.csv")
    named = external_id_for(ImportOptions(), None, "dir/f.csv")
    nothing = external_id_for(ImportOptions(), "", None)
    assert [(i.value, i.source) for i in (request, found, named, nothing)] == [
        ("R", IdSource.REQUEST),
        ("IN", IdSource.INPUT),
        ("f", IdSource.FILE_NAME),
        ("unknown", IdSource.NOWHERE),
    ]
    # Only a guessed id is a limit worth reporting.
    assert (request.limit(), found.limit()) == (None, None)
    assert (
        named.limit("video")
        == "the input does not name its video: external_id is the file name 'f'"
    )
    assert nothing.limit() == (
        "the input does not name its post and came without a file name: external_id is "
        "'unknown' (pass external_id to set it)"
    )


def _imported(external_id: str) -> ImportedThread:
    thread = Thread(platform=Platform.OTHER, external_id=external_id, comments=())
    return ImportedThread(thread, ImportReport(format="demo", rows_read=0, comments_kept=0))


def test_the_request_external_id_renames_a_single_thread_only() -> None:
    assert apply_external_id([_imported("a")], ImportOptions()) == [_imported("a")]
    [renamed] = apply_external_id([_imported("a")], ImportOptions(external_id="X"))
    assert renamed.thread.external_id == "X"
    with pytest.raises(InvalidInput, match=r"holds 2 videos \(a, b\)") as caught:
        apply_external_id(
            [_imported("a"), _imported("b")], ImportOptions(external_id="X"), "videos"
        )
    assert caught.value.problems[0].loc == ("query", "external_id")


@pytest.mark.parametrize(
    ("value", "as_an_id"),
    [(42, "42"), (" abc ", "abc"), ("  ", None), (True, None), (None, None), (1.5, None)],
)
def test_as_id(value: object, as_an_id: str | None) -> None:
    assert as_id(value) == as_an_id


def test_nonempty_text_keeps_the_string_as_it_is() -> None:
    assert [nonempty_text(v) for v in (" hi ", " ", 3, None)] == [" hi ", None, None, None]


@pytest.mark.parametrize(
    ("value", "count"),
    [(7, 7), (0, 0), ("12", 12), (" 3 ", 3), (-1, None), ("1.2K", None), (True, None), ("", None)],
)
def test_as_count_reads_non_negative_whole_numbers(value: object, count: int | None) -> None:
    assert as_count(value) == count


@pytest.mark.parametrize(
    ("value", "count"),
    [
        ("", 0),  # pages leave a zero count empty
        ("7", 7),
        ("1,234", 1234),
        ("1.234", 1234),  # a separator below 1,000 can only group thousands
        ("1.2K", 1200),  # 1.2 × 1,000
        ("9,8k", 9800),  # decimal comma: 9.8 × 1,000
        ("3M", 3_000_000),
        (12, 12),
        (-3, None),
        ("12 likes", None),
    ],
)
def test_display_count_reads_what_the_page_shows(value: object, count: int | None) -> None:
    assert display_count(value) == count


def test_flattened_comments_keep_the_platform_parent() -> None:
    # c1              top-level: no parent
    # ├── r1          filed under c1 by the platform
    # └── r2          filed under c1, but the platform says it answers r1
    top = flattened_comment("c1", None, author="ann", text="hi")
    reply = flattened_comment("r1", "c1", author="bob", text="@ann yes")
    answer = flattened_comment("r2", "c1", author="ann", text="no", answered_reply="r1")
    assert [
        (c.id, c.reply_to, c.platform_reply_to, c.reply_to_method) for c in (top, reply, answer)
    ] == [
        ("c1", None, None, ReplyToMethod.GIVEN),
        ("r1", "c1", "c1", ReplyToMethod.PLATFORM_PARENT),
        ("r2", "r1", "c1", ReplyToMethod.EXPLICIT_FIELD),
    ]


def test_first_copies_count_repeats_under_their_reason() -> None:
    first_copies = FirstCopies("duplicate cid")
    skipped: Counter[str] = Counter()
    kept = [first_copies.keep(cid, skipped) for cid in ("a", "b", "a", "a")]
    assert kept == [True, True, False, False]
    assert skipped == {"duplicate cid": 2}
    assert "b" in first_copies


def test_short_title() -> None:
    assert short_title("  " + "x" * 400) == "x" * 300
    assert (short_title("   "), short_title(None)) == (None, None)


def _draft(external_id: str, announced: int | None) -> ThreadDraft:
    # c1
    # ├── r1
    # └── r2        2 replies received
    draft = ThreadDraft(external_id, rows_read=3)
    draft.comments += [
        flattened_comment("c1", None, author="a", text=""),
        flattened_comment("r1", "c1", author="b", text=""),
        flattened_comment("r2", "c1", author="c", text=""),
    ]
    draft.announce(announced)
    draft.limit("a limit")
    draft.limit("a limit")  # said once
    return draft


def test_finish_drafts_builds_threads_and_honest_reports() -> None:
    first, second = _draft("p1", 3), _draft("p2", None)
    charge_to_first([first, second], Counter({"error row": 2}))
    one, two = finish_drafts([first, second], Platform.TIKTOK, "demo", ImportOptions(), ["src"])
    assert (one.thread.platform, one.thread.external_id, one.thread.source_format) == (
        Platform.TIKTOK,
        "p1",
        "demo",
    )
    # 3 rows read + 2 error rows charged to the first thread; 3 announced, 2 received
    assert (one.report.rows_read, one.report.skipped) == (5, {"error row": 2})
    assert (one.report.announced_replies, one.report.received_replies) == (3, 2)
    assert one.report.limits == ("src", "a limit")
    # nothing announced: nothing to compare with, unless the source lists every reply it has
    assert (two.report.announced_replies, two.report.received_replies) == (None, None)
    [listed] = finish_drafts(
        [_draft("p3", None)],
        Platform.TIKTOK,
        "demo",
        ImportOptions(),
        (),
        received_without_announcement=True,
    )
    assert listed.report.received_replies == 2


def test_finish_drafts_applies_the_request_overrides() -> None:
    options = ImportOptions(platform="other", external_id="X")
    [only] = finish_drafts([_draft("p1", None)], Platform.TIKTOK, "demo", options)
    assert (only.thread.platform, only.thread.external_id) == (Platform.OTHER, "X")
    with pytest.raises(InvalidInput):
        finish_drafts([_draft("p1", None), _draft("p2", None)], Platform.TIKTOK, "demo", options)
