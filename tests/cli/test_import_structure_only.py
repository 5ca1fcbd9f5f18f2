"""`parley import --no-text`: the job stores its threads structure only, locally and through a
server, as `parley analyze --no-text` measures them; without the flag the text step runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from app.cli.main import main
from app.jobs.options import STRUCTURE_ONLY
from app.mapping.to_storage import NO_TEXT_STEP
from app.settings import get_settings
from bench.serve import LiveServer, serve_on_sqlite
from db.engine import make_engine, make_session_factory
from db.models import ThreadRow
from metrics import Group, names
from tests.api.bodies import dialogue_thread
from tests.cli.import_runs import write

TEXT_METRICS = names(group=Group.TEXT)
REPLY_SHARE = "reply_share"


def stored_threads(database: str) -> dict[str, dict[str, Any]]:
    """External id → the stored reply_share, text metrics, their reasons and import limits."""
    engine = make_engine(database)
    try:
        with make_session_factory(engine)() as session:
            return {
                row.external_id: {
                    "reply_share": getattr(row.metrics, REPLY_SHARE),
                    "text": {name: getattr(row.metrics, name) for name in TEXT_METRICS},
                    "unavailable": {
                        name: row.metrics.unavailable.get(name) for name in TEXT_METRICS
                    },
                    "limits": row.import_report["limits"],
                }
                for row in session.scalars(select(ThreadRow)).unique()
            }
    finally:
        engine.dispose()


def test_no_text_imports_structure_only_and_the_default_runs_the_text_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """post
    ├── a  ann            top-level
    │   └── b  bob        reply to a
    │       └── c  ann    reply to b
    └── d  dan            top-level
    4 comments, 2 top-level: reply_share = (4 - 2) / 4 = 0.5, with text or without.
    """
    database = f"sqlite:///{tmp_path / 'parley.db'}"
    without_file = write(tmp_path / "v2.json", dialogue_thread("v2"))
    with_file = write(tmp_path / "v1.json", dialogue_thread("v1"))
    assert (
        main(["import", str(without_file), "--database-url", database, "--json", "--no-text"]) == 0
    )
    without_job = json.loads(capsys.readouterr().out)["job"]
    assert main(["import", str(with_file), "--database-url", database, "--json"]) == 0
    with_job = json.loads(capsys.readouterr().out)["job"]
    assert (without_job["status"], with_job["status"]) == ("succeeded", "succeeded")
    assert (without_job["options"]["text"], with_job["options"]["text"]) == (False, True)

    threads = stored_threads(database)
    without, with_text = threads["v2"], threads["v1"]
    assert without["reply_share"] == with_text["reply_share"] == 0.5
    assert without["text"] == dict.fromkeys(TEXT_METRICS)
    assert without["unavailable"] == dict.fromkeys(TEXT_METRICS, NO_TEXT_STEP)
    assert with_text["text"]["mean_tokens"] is not None
    assert STRUCTURE_ONLY in without["limits"]
    assert STRUCTURE_ONLY not in with_text["limits"]


def test_rescore_measures_a_structure_only_thread_with_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The dialogue thread (4 comments, 2 top-level) imported without text, then rescored."""
    database = f"sqlite:///{tmp_path / 'parley.db'}"
    export = write(tmp_path / "v1.json", dialogue_thread("v1"))
    assert main(["import", str(export), "--database-url", database, "--no-text"]) == 0
    assert stored_threads(database)["v1"]["text"]["mean_tokens"] is None
    assert STRUCTURE_ONLY in stored_threads(database)["v1"]["limits"]
    capsys.readouterr()
    monkeypatch.setenv("PARLEY_DATABASE_URL", database)
    get_settings.cache_clear()
    assert main(["rescore"]) == 0
    assert capsys.readouterr().out.startswith("rescored 1, skipped 0")
    rescored = stored_threads(database)["v1"]
    assert rescored["reply_share"] == 0.5
    assert rescored["text"]["mean_tokens"] is not None
    assert rescored["unavailable"]["mean_tokens"] is None
    assert STRUCTURE_ONLY not in rescored["limits"]  # measured with text now


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve_on_sqlite(tmp_path_factory.mktemp("server")) as live:
        yield live


def test_no_text_is_sent_to_the_server_as_the_text_option(
    server: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = write(tmp_path / "r1.json", dialogue_thread("remote-v1"))
    assert main(["import", str(export), "--server", server.base, "--json", "--no-text"]) == 0
    job = json.loads(capsys.readouterr().out)["job"]
    assert (job["status"], job["options"]["text"]) == ("succeeded", False)
    [thread] = httpx.get(f"{server.base}/v1/threads").json()["items"]
    assert thread["external_id"] == "remote-v1"
    assert thread["metrics"]["reply_share"] == 0.5
    assert thread["metrics"]["mean_tokens"] is None
    assert STRUCTURE_ONLY in thread["import_report"]["limits"]
