"""`parley analyze` starts without the server's modules, which only `parley serve` and
`parley rescore` need, and still reads its --columns option. `parley` itself starts without the
other commands' libraries (web framework, database, job queue, HTTP client): their handlers
import them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.api.report.service import REPORT_METRICS
from app.cli.main import main
from tests.api.bodies import dialogue_thread

SERVER_ONLY = ("uvicorn", "app.limits.server", "app.api.threads.rescore")
# Libraries only other commands than `parley analyze` use.
OTHER_COMMANDS_LIBRARIES = (
    "fastapi",
    "starlette",
    "sqlalchemy",
    "alembic",
    "dramatiq",
    "redis",
    "pika",
    "httpx",
    "uvicorn",
)


def test_analyze_runs_without_importing_the_server(tmp_path: Path) -> None:
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(dialogue_thread()))
    # A fresh interpreter: this one imported the server's modules for other tests.
    script = f"""
import sys
from app.cli.main import main
assert main(["analyze", {str(path)!r}, "--no-text", "--json"]) == 0
print([name for name in {SERVER_ONLY!r} if name in sys.modules])
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


def test_the_command_starts_without_the_other_commands_libraries() -> None:
    script = f"""
import sys
import app.cli.main
print(sorted(m for m in sys.modules if m.split(".")[0] in {set(OTHER_COMMANDS_LIBRARIES)!r}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_report_measures_the_report_metrics_unless_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, ...]] = []

    def build_report(_session: Any, _selection: Any, metrics: tuple[str, ...], *_: Any) -> str:
        asked.append(metrics)
        return "<html></html>"

    monkeypatch.setattr("app.api.report.service.build_report", build_report)
    monkeypatch.setenv("PARLEY_DATABASE_URL", f"sqlite:///{tmp_path / 'parley.db'}")
    out = str(tmp_path / "report.html")
    assert main(["report", "--out", out]) == 0
    assert main(["report", "--out", out, "--metrics", "reply_share,dialogue_score"]) == 0
    assert asked == [REPORT_METRICS, ("reply_share", "dialogue_score")]


def test_analyze_reports_malformed_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(dialogue_thread()))
    assert main(["analyze", str(path), "--columns", "id"]) == 1
    assert "columns: 'id' is not of the form role:column" in capsys.readouterr().err
