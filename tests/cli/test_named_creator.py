"""`--creator HANDLE` on `parley import` and `parley analyze`: the account owning every post of
an export that cannot name it; and the --columns help naming every mapped_columns key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.cli.imports import COLUMNS_HELP, CREATOR_HELP
from app.cli.main import main
from db.engine import make_engine, make_session_factory
from db.models import ThreadRow
from importers.formats.mapped_columns import OPTIONAL_KEYS, REQUIRED_KEYS
from importers.toolkit.creators import NAMED_BY_REQUEST, UNIDENTIFIED
from tests.cli.import_runs import write


def scrapped_video(folder: Path) -> Path:
    """A tiktok-comment-scrapper file whose share link names no owner:

    post
    └── 1 fan
        └── 2 Some.Brand   (the one reply, the account's)
    """

    def entry(ident: str, user: str, replies: list[Any]) -> dict[str, Any]:
        return {
            "comment_id": ident,
            "username": user,
            "nickname": user,
            "comment": "hello",
            "create_time": "2024-09-01T08:00:00",
            "total_reply": len(replies),
            "replies": replies,
        }

    video = {
        "caption": "new drop",
        "video_url": "https://t.tiktok.com/i18n/share/video/7499/",
        "comments": [entry("1", "fan", [entry("2", "Some.Brand", [])])],
    }
    return write(folder / "7499.json", video)


def test_import_stores_the_named_account(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = f"sqlite:///{tmp_path / 'parley.db'}"
    path = scrapped_video(tmp_path)
    command = ["import", str(path), "--database-url", database, "--json"]
    assert main([*command, "--creator", "@Some.Brand"]) == 0
    job = json.loads(capsys.readouterr().out)["job"]
    assert job["options"]["creator_handle"] == "@Some.Brand"
    engine = make_engine(database)
    try:
        with make_session_factory(engine)() as session:
            [row] = session.scalars(select(ThreadRow)).unique()
            assert (row.creator_handle, row.creator) == ("some.brand", "Some.Brand")
    finally:
        engine.dispose()


def test_import_refuses_a_creator_naming_no_account(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = f"sqlite:///{tmp_path / 'parley.db'}"
    command = ["import", str(scrapped_video(tmp_path)), "--database-url", database]
    assert main([*command, "--creator", " @ "]) == 2
    assert "creator_handle ' @ ' names no account" in capsys.readouterr().err


def test_analyze_measures_the_named_creators_replies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(scrapped_video(tmp_path))
    assert main(["analyze", path, "--json", "--no-text"]) == 0
    [plain] = json.loads(capsys.readouterr().out)
    assert main(["analyze", path, "--json", "--no-text", "--creator", "@Some.Brand"]) == 0
    [named] = json.loads(capsys.readouterr().out)
    assert plain["metrics"]["creator_reply_share"] is None  # the creator is unknown
    assert named["metrics"]["creator_reply_share"] == 1.0  # reply 2 is the account's
    assert any(line.startswith(UNIDENTIFIED) for line in plain["import_report"]["limits"])
    assert named["import_report"]["limits"][-1] == NAMED_BY_REQUEST


@pytest.mark.parametrize("command", ["import", "analyze"])
def test_the_columns_help_names_every_mapped_columns_key(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert f"--columns COLUMNS {COLUMNS_HELP}" in shown
    for key in REQUIRED_KEYS + OPTIONAL_KEYS:
        assert f"{key}:…" in COLUMNS_HELP, key
    assert f"--creator HANDLE {CREATOR_HELP}" in shown
