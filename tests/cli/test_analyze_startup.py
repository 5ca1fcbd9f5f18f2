"""`parley analyze` starts without the server's modules, which only `parley serve` and
`parley rescore` need, and still reads its --columns option."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import main
from tests.api.bodies import dialogue_thread

SERVER_ONLY = ("uvicorn", "app.limits.server", "app.api.threads.rescore")


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


def test_analyze_reports_malformed_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(dialogue_thread()))
    assert main(["analyze", str(path), "--columns", "id"]) == 1
    assert "columns: 'id' is not of the form role:column" in capsys.readouterr().err
