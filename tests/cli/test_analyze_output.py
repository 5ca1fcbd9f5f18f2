"""`parley analyze`: the measurements of a file, as JSON or as a table."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.api.schemas import AnalyzedThreadOut, MetricsOut
from app.api.threads.schemas import ThreadOut
from app.cli.main import main
from tests.api.bodies import debate, dialogue_thread


def write_thread(tmp_path: Path) -> Path:
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(dialogue_thread()))
    return path


def test_analyze_json_prints_metrics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(write_thread(tmp_path)), "--json"]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert result["external_id"] == "v1"
    # A YouTube creator's author id is its channel id, the account it is grouped by.
    assert (result["creator"], result["creator_handle"]) == ("cr", "cr")
    assert result["metrics"]["structural_virality"] == 2.0  # see dialogue_thread(): 20 / 10
    assert result["import_report"]["format"] == "canonical"


def test_analyze_table_names_metrics_and_null_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    thread = dialogue_thread()
    del thread["creator"]
    path = tmp_path / "t.json"
    path.write_text(json.dumps(thread))
    assert main(["analyze", str(path)]) == 0
    table = capsys.readouterr().out
    assert "youtube/v1" in table
    assert "reply_share" in table
    assert "0.5000" in table
    assert "creator_reply_share" in table
    assert "null (" in table


def test_analyze_shows_score_components_and_top_exchanges(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "debate.json"
    path.write_text(json.dumps(debate()))
    assert main(["analyze", str(path), "--exchanges", "1"]) == 0
    table = capsys.readouterr().out
    assert "dialogue_score" in table
    assert "answered_question_share" in table
    assert "exchanges: 2 found" in table
    assert "4 turns, ann ↔ bob" in table
    assert "3 turns" not in table


def test_analyze_without_text_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(write_thread(tmp_path)), "--json", "--no-text"]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert result["metrics"]["question_share"] is None
    assert result["metrics"]["unavailable"]["question_share"] == "the text step was not run"
    reasons = {c["name"]: c["value"] for c in result["metrics"]["score_components"]}
    assert reasons["uptake_reply_share"] is None  # left out, not scored as 0


def test_analyze_json_is_the_apis_thread_without_what_storing_adds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(write_thread(tmp_path)), "--json", "--no-text"]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    printed = AnalyzedThreadOut.model_validate(result)
    stored_only = {"id", "stored_at"}
    analyze_only = {"exchanges_found", "top_exchanges"}
    assert set(result) == set(ThreadOut.model_fields) - stored_only | analyze_only
    assert set(result["metrics"]) == set(MetricsOut.model_fields)
    # see dialogue_thread(): a ← b ← c is the one exchange, ann ↔ bob; d is unanswered.
    assert result["metrics"]["reply_share"] == 0.5
    assert printed.first_comment_at == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert printed.exchanges_found == 1
    assert printed.top_exchanges[0].authors == ["ann", "bob"]
    assert [w.size for w in printed.windows] == []  # 4 comments: no window of 10
