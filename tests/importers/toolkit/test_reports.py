"""importers.toolkit.reports: drafts into threads and honest reports."""

from __future__ import annotations

import pytest

from importers.base import ImportOptions, InvalidInput
from importers.toolkit.drafts import ThreadDraft, flattened_comment
from importers.toolkit.reports import finish_drafts
from nlp.thread import Platform


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
    first.skip("error row")
    first.missing_comments = 4
    one, two = finish_drafts([first, second], ImportOptions(), "demo", Platform.TIKTOK, ["src"])
    assert (one.thread.platform, one.thread.external_id, one.thread.source_format) == (
        Platform.TIKTOK,
        "p1",
        "demo",
    )
    # 3 rows read + 1 error row; 3 announced, 2 received
    assert (one.report.rows_read, one.report.skipped) == (4, {"error row": 1})
    assert (one.report.announced_replies, one.report.received_replies) == (3, 2)
    assert (one.report.missing_comments, one.report.limits) == (4, ("src", "a limit"))
    # nothing announced: nothing to compare with, unless the source lists every reply it has
    assert (two.report.announced_replies, two.report.received_replies) == (None, None)
    [listed] = finish_drafts(
        [_draft("p3", None)], ImportOptions(), "demo", Platform.TIKTOK, count_received=True
    )
    assert listed.report.received_replies == 2
    # a format that counts its replies its own way says so on the draft
    counted = _draft("p4", 3)
    counted.received_replies = 1
    [own] = finish_drafts([counted], ImportOptions(), "demo")
    assert (own.report.received_replies, own.thread.platform) == (1, Platform.OTHER)


def test_finish_drafts_applies_the_request_overrides() -> None:
    options = ImportOptions(platform="other", external_id="X")
    [only] = finish_drafts([_draft("p1", None)], options, "demo", Platform.TIKTOK)
    assert (only.thread.platform, only.thread.external_id) == (Platform.OTHER, "X")
    with pytest.raises(InvalidInput, match="holds 2 videos"):
        finish_drafts([_draft("p1", None), _draft("p2", None)], options, "demo", posts="videos")
    # Formats that name every thread themselves keep their names.
    kept = finish_drafts(
        [_draft("p1", None), _draft("p2", None)], options, "demo", rename_by_request=False
    )
    assert [t.thread.external_id for t in kept] == ["p1", "p2"]


def test_the_request_platform_wins_over_the_drafts_own() -> None:
    draft = _draft("p1", None)
    draft.platform = Platform.REDDIT
    [own] = finish_drafts([draft], ImportOptions(), "demo", Platform.TIKTOK)
    [requested] = finish_drafts([draft], ImportOptions(platform="youtube"), "demo")
    assert (own.thread.platform, requested.thread.platform) == (Platform.REDDIT, Platform.YOUTUBE)
