"""The `parley` command: exit codes, migrate, and serve on a real port."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from app.cli.main import main
from app.settings import get_settings
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_serve_migrates_then_answers(tmp_path: Path) -> None:
    port = free_port()
    env = os.environ | {
        "PARLEY_DATABASE_URL": f"sqlite:///{tmp_path / 'served.db'}",
        "PARLEY_TEXT_LANGUAGES": '["en", "es"]',
        "PARLEY_PRELOAD_TEXT_PIPELINES": "false",
    }
    parley = Path(sys.executable).with_name("parley")
    server = subprocess.Popen(
        [str(parley), "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        body = json.dumps(dialogue_thread()).encode()
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                    assert json.load(r) == {"status": "ready"}
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "server did not start in 30 s"
                time.sleep(0.2)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/v1/threads",
            data=body,
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 201
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("resamples", ["99", "5001", "many"])
def test_report_refuses_resamples_the_api_refuses(
    resamples: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["report", "--resamples", resamples])
    assert exited.value.code == 2
    assert "--resamples" in capsys.readouterr().err
