"""`parley analyze`: the summary table before the details, and progress on stderr only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli.analyze_output import summary_table
from app.cli.main import main
from app.cli.progress import LARGE_INPUT_BYTES, progress_wanted

VIDEO_A = "https://www.tiktok.com/@ann/video/7400000000000000001"
VIDEO_B = "https://www.tiktok.com/@bob/video/7400000000000000002"


def apify_row(video: str, cid: str, parent: str | None, uid: str, text: str) -> dict[str, Any]:
    return {
        "videoWebUrl": video,
        "cid": cid,
        "createTime": 1717243200 + int(cid[-2:]) * 60,
        "text": text,
        "diggCount": 1,
        "repliesToId": parent,
        "uid": uid,
        "uniqueId": f"user{uid}",
    }


def drawn_export(tmp_path: Path) -> Path:
    """Two videos in one Apify export: A with three comments and a repeated row, B with two
    comments and an error row (Apify could not scrape it again)."""
    rows = [
        apify_row(VIDEO_A, "7400000000000000101", None, "1", "is this real?"),
        apify_row(VIDEO_A, "7400000000000000102", "7400000000000000101", "2", "yes it is"),
        apify_row(VIDEO_A, "7400000000000000102", "7400000000000000101", "2", "yes it is"),
        apify_row(VIDEO_A, "7400000000000000103", "7400000000000000101", "1", "thanks"),
        apify_row(VIDEO_B, "7400000000000000201", None, "3", "nice"),
        apify_row(VIDEO_B, "7400000000000000202", None, "4", "great"),
        {"url": VIDEO_B, "input": VIDEO_B, "error": "rate limited"},
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(rows))
    return path


def result(format_name: str, comments: int, score: float | None, **skipped: int) -> dict[str, Any]:
    """The parts of one thread's `parley analyze` result that the summary reads."""
    return {
        "metrics": {"comments": comments, "dialogue_score": score},
        "import_report": {"format": format_name, "skipped": skipped},
    }


def test_summary_counts_threads_comments_formats_scores_and_skipped_rows() -> None:
    results = [
        result("canonical", 10, 10.0),
        result("canonical", 20, 40.0, duplicate=1),
        result("tiktok_apify", 5, 80.0, error_row=2),
        result("canonical", 1_200, 20.0),
        result("tiktok_apify", 3, None),
    ]
    # Scores 10, 20, 40, 80 (linear between ranks): Q1 at rank 0.75 = 10 + 0.75 * 10 = 17.5,
    # median at 1.5 = 30, Q3 at 2.25 = 40 + 0.25 * 40 = 50; the unscored thread is not a 0.
    assert summary_table(results).splitlines() == [
        "summary",
        "┌────────────────┬──────────────────────────────────────────────────────────┐",
        "│ threads        │ 5                                                        │",
        "│ comments       │ 1,238                                                    │",
        "│ formats        │ canonical 3, tiktok_apify 2                              │",
        "│ dialogue_score │ median 30.0, quartiles 17.5–50.0 (4 of 5 threads scored) │",
        "│ skipped rows   │ 3 (error_row 2, duplicate 1)                             │",
        "└────────────────┴──────────────────────────────────────────────────────────┘",
    ]


def test_summary_of_unscored_threads_says_so() -> None:
    table = summary_table([result("canonical", 1, None), result("canonical", 1, None)])
    assert "none of 2 threads scored" in table
    assert "│ skipped rows   │ 0" in table


def test_table_output_starts_with_the_summary_of_the_drawn_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(drawn_export(tmp_path)), "--no-text"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0] == "summary"
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip() for line in lines[2:7]}
    assert rows["threads"] == "2"
    assert rows["comments"] == "5"  # 3 + 2; the repeated row is not a comment
    assert rows["formats"] == "tiktok_apify 2"
    assert rows["skipped rows"] == (
        "2 (duplicate comment id (the first copy was kept) 1, error row 1)"
    )
    assert "of 2 threads scored" in rows["dialogue_score"]
    details = captured.out.index("tiktok/7400000000000000001")
    assert details > captured.out.index("skipped rows")  # the details come after the summary
    assert captured.err == ""  # not a terminal, not asked: no progress


def test_progress_when_asked_goes_to_stderr_never_into_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(drawn_export(tmp_path)), "--json", "--no-text", "--progress"]) == 0
    captured = capsys.readouterr()
    assert [r["external_id"] for r in json.loads(captured.out)] == [
        "7400000000000000001",
        "7400000000000000002",
    ]
    assert "measuring" in captured.err
    assert "2/2 threads" in captured.err
    assert "comments/s" in captured.err


def test_no_progress_turns_it_off(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(drawn_export(tmp_path)), "--no-text", "--no-progress"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("asked", "size", "terminal", "shown"),
    [
        (None, LARGE_INPUT_BYTES, True, True),
        (None, LARGE_INPUT_BYTES - 1, True, False),
        (None, LARGE_INPUT_BYTES, False, False),
        (True, 10, False, True),
        (False, LARGE_INPUT_BYTES, True, False),
    ],
)
def test_progress_is_shown_on_a_terminal_for_large_inputs_or_as_asked(
    asked: bool | None, size: int, terminal: bool, shown: bool
) -> None:
    assert progress_wanted(asked, size, terminal) is shown
