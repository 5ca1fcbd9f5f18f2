"""`parley rescore` end to end on a SQLite file: selection, progress, summary, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from app.api.threads.ingest import ingest_upload
from app.api.threads.params import ImportRequest
from app.cli.main import main
from app.mapping.to_storage import metric_columns
from app.settings import get_settings
from app.text_pipeline import text_analyzer
from db.engine import make_engine, make_session_factory
from db.models import MetricsRow, ThreadRow
from importers.base import ImportOptions
from importers.payload import Payload
from importers.registry import import_payload
from nlp.analyze import analyze_thread
from nlp.pipeline import TextAnalyzer
from nlp.thread import Thread
from tests.api.bodies import debate, dialogue_thread, flat_thread


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """A migrated SQLite file named by PARLEY_DATABASE_URL, holding three uploaded threads
    (reddit "debate", youtube "v1", tiktok "flat"), then made outdated."""
    monkeypatch.setenv("PARLEY_DATABASE_URL", f"sqlite:///{tmp_path / 'parley.db'}")
    get_settings.cache_clear()
    assert main(["db", "upgrade"]) == 0
    engine = make_engine(get_settings().database_url)
    payload = Payload(json.dumps([debate(), dialogue_thread(), flat_thread("flat", 3)]).encode())
    with make_session_factory(engine)() as session, session.begin():
        ingest_upload(session, payload, ImportRequest(None, ImportOptions(), ()), analyzer())
    with engine.begin() as connection:
        connection.execute(text("UPDATE thread_metrics SET score_version = 1, dialogue_score = 0"))
    return engine


def analyzer() -> TextAnalyzer:
    return text_analyzer(get_settings())


def stored(engine: Engine) -> dict[str, tuple[int, dict[str, Any]]]:
    """External id → (thread id, metric columns) as stored."""
    sessions: sessionmaker[Session] = make_session_factory(engine)
    with sessions() as session:
        rows = session.scalars(select(ThreadRow)).unique()
        columns = [c.name for c in MetricsRow.__table__.columns if c.name != "thread_id"]
        return {
            row.external_id: (row.id, {name: getattr(row.metrics, name) for name in columns})
            for row in rows
        }


def fresh(external_id: str) -> dict[str, Any]:
    body = {"debate": debate(), "v1": dialogue_thread(), "flat": flat_thread("flat", 3)}
    payload = Payload(json.dumps(body[external_id]).encode())
    (item,) = import_payload(payload, None, ImportOptions())
    analysis = analyze_thread(item.thread, analyzer())
    return metric_columns(analysis.metrics, analysis.text, analysis.score, analysis.presence)


def test_rescore_measures_every_stored_thread_again(
    database: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rescore", "--batch", "2"]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == ["2/3 threads", "3/3 threads"]
    assert out.startswith("rescored 3, skipped 0 (current versions: metric ")
    assert out.rstrip().endswith("failed 0")
    for external_id, (_, columns) in stored(database).items():
        assert columns == fresh(external_id)


def test_only_outdated_and_platform_select_threads(
    database: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rescore", "--platform", "reddit"]) == 0
    assert capsys.readouterr().out.startswith("rescored 1, skipped 0")
    assert main(["rescore", "--only-outdated"]) == 0
    assert capsys.readouterr().out.startswith("rescored 2, skipped 1")
    assert main(["rescore", "--only-outdated"]) == 0
    assert capsys.readouterr().out.startswith("rescored 0, skipped 3")


def test_a_failed_thread_is_named_and_exits_1(
    database: Engine, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def analyze(thread: Thread, text_step: Any = None) -> Any:
        if thread.external_id == "v1":
            raise ValueError("broken thread")
        return analyze_thread(thread, text_step)

    monkeypatch.setattr("app.api.threads.rescore.analyze_thread", analyze)
    before = stored(database)
    assert main(["rescore"]) == 1
    failed_id = before["v1"][0]
    out = capsys.readouterr().out
    assert "rescored 2, skipped 0" in out
    assert f"  thread {failed_id}: ValueError: broken thread" in out.splitlines()
    after = stored(database)
    assert after["v1"] == before["v1"]
    assert after["debate"][1] == fresh("debate")


def test_batch_must_be_positive(database: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rescore", "--batch", "0"]) == 2
    assert "--batch" in capsys.readouterr().err


def test_the_installed_command_rescores(database: Engine) -> None:
    parley = Path(sys.executable).with_name("parley")
    env = os.environ | {"PARLEY_DATABASE_URL": get_settings().database_url}
    done = subprocess.run(
        [str(parley), "rescore", "--only-outdated"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("rescored 3, skipped 0")
    assert done.stderr.splitlines()[-1] == "3/3 threads"
