"""The top of the report: the size control in force and the lead ranking under each minimum."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from report import Ranking, ReportData, SizeControlNote, metric_section, render_report
from report.glance import size_control_part

WHEN = datetime(2024, 5, 1, 10, 30, tzinfo=UTC)
NOTE = SizeControlNote(
    "Only threads with at least 5 comments <b>.",
    "Tiny threads decide means.",
    "dialogue_score",
    (
        Ranking("at least 1 comment", False, (("tiktok", 22.6, 281), ("reddit", 9.5, 1589))),
        Ranking("at least 5 comments", True, (("reddit", 32.4, 290), ("tiktok", 24.0, 230))),
        Ranking("at least 10 comments", False, ()),
    ),
)


def page(note: SizeControlNote | None) -> str:
    section = metric_section("dialogue_score", {"reddit": [30.0, 35.0], "tiktok": [20.0, 28.0]})
    return render_report(ReportData("Platforms", "reddit vs tiktok", WHEN, (section,), (), note))


def test_the_control_is_stated_above_the_contents_and_the_rankings() -> None:
    shown = page(NOTE)
    statement = shown.index("Size control: Only threads with at least 5 comments &lt;b&gt;.")
    assert statement < shown.index("<nav") < shown.index('id="at-a-glance"')
    assert "Tiny threads decide means." in shown
    assert "Groups, highest mean first (under the size control above)" in shown


def test_the_lead_ranking_is_shown_under_each_minimum_with_the_one_in_force_marked() -> None:
    part = size_control_part(NOTE)
    assert "Groups by mean dialogue_score, highest first (threads)" in part
    assert (
        "<tr><td>Threads with at least 1 comment</td>"
        "<td>tiktok 22.6 (281) › reddit 9.5 (1589)</td></tr>"
    ) in part
    assert (
        '<tr class="in-force"><td>Threads with at least 5 comments (in force)</td>'
        "<td>reddit 32.4 (290) › tiktok 24.0 (230)</td></tr>"
    ) in part
    assert "<td>Threads with at least 10 comments</td><td>no threads</td>" in part


def test_without_rankings_only_the_statement_and_without_a_note_nothing() -> None:
    alone = re.sub(r">\s+<", "><", size_control_part(SizeControlNote("First-10 window.")))
    assert (
        alone.strip()
        == '<section id="size-control"><p><b>Size control: First-10 window.</b></p></section>'
    )
    assert 'id="size-control"' not in page(None)
    assert "under the size control" not in page(None)
