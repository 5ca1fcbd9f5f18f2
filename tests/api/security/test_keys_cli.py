"""`parley keys create|list|revoke` on the settings' database, and the key working (then not)
against a service on the same database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.cli.main import main
from app.main import create_app
from app.settings import get_settings
from tests.api.problems import assert_problem
from tests.api.security.conftest import MASTER_KEY, bearer, secure_settings


@pytest.fixture
def cli_database(
    clean_engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    monkeypatch.setenv("PARLEY_DATABASE_URL", database_url)
    monkeypatch.setenv("PARLEY_MASTER_KEY", MASTER_KEY)
    monkeypatch.setenv("PARLEY_PSEUDONYMISE_AUTHORS", "false")
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


def test_create_use_list_revoke(cli_database: str, capsys: pytest.CaptureFixture[str]) -> None:
    command = ["keys", "create", "--name", "nightly report", "--scope", "aggregates:read"]
    assert main([*command, "--scope", "comments:read", "--expires-in-days", "30"]) == 0
    made = capsys.readouterr()
    token = made.out.strip()
    assert token.startswith("pk_")
    assert "\n" not in token  # the key alone on stdout: KEY=$(parley keys create …)
    key_id = token.split("_")[1]
    assert f"API key {key_id} (nightly report): aggregates:read, comments:read" in made.err
    assert "shown this once" in made.err

    with TestClient(create_app(secure_settings(cli_database))) as service:
        assert service.get("/v1/threads", headers=bearer(token)).status_code == 200
        assert_problem(service.delete("/v1/threads/1", headers=bearer(token)), 403)

        assert main(["keys", "list"]) == 0
        listing = capsys.readouterr().out
        (row,) = [line for line in listing.splitlines() if line.startswith(key_id)]
        assert row.split()[1] == "active"
        assert "aggregates:read,comments:read" in row
        assert row.endswith("nightly report")
        assert token.split("_", 2)[2] not in listing

        assert main(["keys", "revoke", key_id]) == 0
        assert capsys.readouterr().out.strip() == f"revoked {key_id}"
        problem = assert_problem(service.get("/v1/threads", headers=bearer(token)), 401)
        assert problem["detail"] == "the API key was revoked"

    assert main(["keys", "list"]) == 0
    assert "revoked" in capsys.readouterr().out


def test_unknown_key_and_bad_requests_are_messages(
    cli_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "revoke", "0123456789abcdef"]) == 1
    assert "no API key with id 0123456789abcdef" in capsys.readouterr().err
    assert (
        main(
            ["keys", "create", "--name", "x", "--scope", "threads:write", "--expires-in-days", "0"]
        )
        == 2
    )
    assert "expires_in_days" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["keys", "create", "--name", "x", "--scope", "keys:manage"])
    assert exited.value.code == 2
    assert main(["keys", "list"]) == 0
    assert capsys.readouterr().out.count("\n") == 1  # the header only: nothing was made


def test_a_database_without_the_table_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PARLEY_DATABASE_URL", f"sqlite:///{tmp_path}/empty.db")
    get_settings.cache_clear()
    try:
        assert main(["keys", "list"]) == 1
    finally:
        get_settings.cache_clear()
    assert "`parley db upgrade` creates its tables" in capsys.readouterr().err
