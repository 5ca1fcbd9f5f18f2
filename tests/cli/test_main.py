"""The `parley` command: exit codes, migrate, and serve on a real port."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from app.cli.main import main
from app.settings import get_settings
from bench.serve import parley_serve
from tests.api.bodies import dialogue_thread


def test_analyze_bad_file_exits_non_zero_naming_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"platform": "youtube", "external_id": "v", "comments": [{"id": "a"}]}')
    assert main(["analyze", str(path)]) == 1
    assert "comments.0" in capsys.readouterr().err
    assert main(["analyze", str(tmp_path / "missing.json")]) == 2


def test_db_upgrade_creates_the_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "cli.db"
    monkeypatch.setenv("PARLEY_DATABASE_URL", f"sqlite:///{database}")
    get_settings.cache_clear()
    assert main(["db", "upgrade"]) == 0
    assert database.exists()


def test_serve_migrates_then_answers(tmp_path: Path) -> None:
    settings = {"database_url": f"sqlite:///{tmp_path / 'served.db'}"}
    with parley_serve(settings, cwd=tmp_path, seconds=30) as server:
        with urllib.request.urlopen(f"{server.base}/readyz", timeout=2) as ready:
            assert json.load(ready) == {"status": "ready"}
        request = urllib.request.Request(
            f"{server.base}/v1/threads",
            data=json.dumps(dialogue_thread()).encode(),
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 201


@pytest.mark.parametrize("resamples", ["99", "5001", "many"])
def test_report_refuses_resamples_the_api_refuses(
    resamples: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["report", "--resamples", resamples])
    assert exited.value.code == 2
    assert "--resamples" in capsys.readouterr().err
