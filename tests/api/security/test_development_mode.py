"""Without a master key: open (as before issue 12), said at start-up, loopback only unless told."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

import app.cli.main as cli
from app.main import create_app
from app.settings import Settings, get_settings
from tests.api.security.conftest import MASTER_KEY, secure_settings


def test_every_operation_is_open_and_key_management_absent(client: TestClient) -> None:
    stored = client.post(
        "/v1/threads", json={"platform": "reddit", "external_id": "p", "comments": []}
    )
    assert stored.status_code in (201, 422)
    assert client.get("/v1/threads").status_code == 200
    assert client.get("/v1/threads", headers={"Authorization": "Bearer junk"}).status_code == 200
    assert client.get("/v1/platforms").status_code == 200
    assert client.get("/v1/keys").status_code == 404
    assert "/v1/keys" not in client.get("/openapi.json").json()["paths"]


def test_start_up_warns_of_development_mode(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="app.security"):
        create_app(Settings(database_url="sqlite://", preload_text_pipelines=False))
    assert "no master key: open development mode" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="app.security"):
        create_app(secure_settings("sqlite://"))
    assert "development mode" not in caplog.text


@pytest.fixture
def serve_calls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[dict[str, Any]]]:
    """`parley serve` with uvicorn.run recorded instead of run: the arguments it would listen on."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *_args, **options: calls.append(options))
    monkeypatch.setenv("PARLEY_DATABASE_URL", f"sqlite:///{tmp_path / 'parley.db'}")
    monkeypatch.delenv("PARLEY_MASTER_KEY", raising=False)
    monkeypatch.delenv("PARLEY_ALLOW_OPEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env file of the checkout
    get_settings.cache_clear()
    yield calls
    get_settings.cache_clear()


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "parley.example.org"])
def test_serve_refuses_a_network_address_without_a_master_key(
    serve_calls: list[dict[str, Any]], host: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["serve", "--host", host]) == 2
    assert serve_calls == []
    message = capsys.readouterr().err
    assert f"refusing to listen on {host} without a master key" in message
    assert "--allow-open" in message
    assert not (Path.cwd() / "parley.db").exists()  # refused before migrating anything


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
def test_serve_listens_on_loopback_without_a_master_key(
    serve_calls: list[dict[str, Any]], host: str
) -> None:
    assert cli.main(["serve", "--host", host]) == 0
    assert [call["host"] for call in serve_calls] == [host]


def test_serve_listens_openly_when_told(
    serve_calls: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli.main(["serve", "--host", "0.0.0.0", "--allow-open"]) == 0
    monkeypatch.setenv("PARLEY_ALLOW_OPEN", "true")
    get_settings.cache_clear()
    assert cli.main(["serve", "--host", "0.0.0.0"]) == 0
    assert [call["host"] for call in serve_calls] == ["0.0.0.0", "0.0.0.0"]


def test_serve_listens_anywhere_with_a_master_key(
    serve_calls: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARLEY_MASTER_KEY", MASTER_KEY)
    monkeypatch.setenv("PARLEY_PSEUDONYMISE_AUTHORS", "false")
    get_settings.cache_clear()
    assert cli.main(["serve", "--host", "0.0.0.0"]) == 0
    assert [call["host"] for call in serve_calls] == ["0.0.0.0"]
