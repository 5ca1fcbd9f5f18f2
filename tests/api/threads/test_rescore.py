"""Rescoring stored threads (app/api/threads/rescore.py), on SQLite and PostgreSQL.

The threads are the ones drawn in tests/api/bodies.py, stored as an upload stores them; the
expected values are a fresh analysis of the same drawn thread.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from app.api.threads.ingest import ingest_upload
from app.api.threads.params import ImportRequest
from app.api.threads.rescore import RescoreSelection, current_versions, rescore
from app.mapping.to_storage import graph_metric_values, metric_columns
from app.text_pipeline import text_analyzer_for
from db.engine import make_session_factory
from db.models import CommentRow, MetricsRow, ThreadRow
from db.repository import move_comments
from importers.base import ImportOptions
from importers.payload import Payload
from importers.registry import import_payload
from metrics import DIALOGUE_SCORE
from nlp.analyze import analyze_thread
from nlp.pipeline import TextAnalyzer
from nlp.thread import Thread
from tests.api.bodies import chain, comment, debate, dialogue_thread
from tests.conftest import TEST_LANGUAGES

OPTIONS = ImportOptions()


def untimed() -> dict[str, Any]:
    """A YouTube thread without timestamps (so in input order), 12 comments:
    a ann, b bob, c cy, g … l (9 top-level, in this input order), then d dan → a, e ann → d,
    f bob → b. Its first-10 window is a b c g h i j k l d by input, but would be
    a d e b f c g h i j by tree order: storing must keep the input order."""
    rows = [
        comment("a", None, "ann", 0, "Why is this so good?"),
        comment("b", None, "bob", 0, "Great video"),
        comment("c", None, "cy", 0, "first"),
        *(comment(name, None, f"u{name}", 0, "nice") for name in "ghijkl"),
        comment("d", "a", "dan", 0, "Because the editing is great"),
        comment("e", "d", "ann", 0, "True, the editing"),
        comment("f", "b", "bob", 0, "agreed"),
    ]
    for row in rows:
        del row["created_at"]
    return {"platform": "youtube", "external_id": "untimed", "creator": "cr", "comments": rows}


DRAWN = {
    "debate": debate(),
    "v1": dialogue_thread(),
    "chain12": chain("chain12", "reddit", 12, tags=["brand-a"]),
    "untimed": untimed(),
}
# A TikTok export with an @-reply re-targeted to an earlier reply, so platform metrics are kept.
APIFY = Path(__file__).resolve().parents[2] / "fixtures/formats/tiktok_apify/comments.json"


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    return text_analyzer_for(TEST_LANGUAGES, ())


@pytest.fixture
def sessions(clean_engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(clean_engine)


def uploads() -> list[Payload]:
    return [
        Payload(json.dumps(list(DRAWN.values())).encode()),
        Payload(APIFY.read_bytes(), filename=APIFY.name),
    ]


def drawn(external_id: str) -> Thread:
    """The thread as imported from its upload."""
    imported = (item for upload in uploads() for item in import_payload(upload, None, OPTIONS))
    return next(item.thread for item in imported if item.thread.external_id == external_id)


def store(sessions: sessionmaker[Session], analyzer: TextAnalyzer) -> dict[str, int]:
    """Every drawn thread and the TikTok export, tagged "stored", as uploads store them:
    external id → thread id."""
    request = ImportRequest(None, OPTIONS, ("stored",))
    ids: dict[str, int] = {}
    for upload in uploads():
        with sessions() as session, session.begin():
            rows = ingest_upload(session, upload, request, analyzer)
            ids |= {row.external_id: row.id for row, _ in rows}
    return ids


def corrupt(engine: Engine, thread_id: int | None = None) -> None:
    """Older versions, lost values, a moved comment, as an old or damaged store would hold."""
    where = "" if thread_id is None else f" WHERE thread_id = {thread_id}"
    with engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE thread_metrics SET metric_version = 1, score_version = 1, "
                "dialogue_score = NULL, exchange_count = NULL, reply_share = 0.123" + where
            )
        )
        connection.execute(text("UPDATE thread_window_metrics SET dialogue_score = NULL" + where))
        connection.execute(text("UPDATE comments SET depth = depth + 7" + where))
        threads = "" if thread_id is None else f" WHERE id = {thread_id}"
        connection.execute(text("UPDATE threads SET platform_metrics = NULL" + threads))


def comment_values(session: Session, thread_id: int) -> list[tuple[Any, ...]]:
    """Every column of every comment row of a thread, row ids included."""
    statement = select(CommentRow.__table__).where(CommentRow.thread_id == thread_id)
    return [tuple(row) for row in session.execute(statement.order_by(CommentRow.id))]


def assert_fresh(session: Session, thread_id: int, analyzer: TextAnalyzer) -> None:
    """The stored measurements equal a fresh analysis of the drawn thread."""
    row = session.get(ThreadRow, thread_id)
    assert row is not None
    analysis = analyze_thread(drawn(row.external_id), analyzer)
    expected = metric_columns(analysis.metrics, analysis.text, analysis.score, analysis.presence)
    assert {name: getattr(row.metrics, name) for name in expected} == expected
    assert [w.window_size for w in row.windows] == [w.size for w in analysis.windows]
    for stored, window in zip(row.windows, analysis.windows, strict=True):
        columns = metric_columns(window.metrics, window.text, window.score, window.presence)
        assert {name: getattr(stored, name) for name in columns} == columns
    assert row.integrity == asdict(analysis.integrity)
    platform = analysis.platform_metrics
    assert row.platform_metrics == (None if platform is None else graph_metric_values(platform))
    places = select(CommentRow.comment_id, CommentRow.parent_id, CommentRow.depth)
    places = places.where(CommentRow.thread_id == thread_id).order_by(CommentRow.position)
    expected_places = [(p.id, p.parent, p.depth) for p in analysis.tree_order]
    assert [tuple(place) for place in session.execute(places)] == expected_places


def test_rescore_restores_a_fresh_analysis_keeping_id_tags_and_comments(
    clean_engine: Engine, sessions: sessionmaker[Session], analyzer: TextAnalyzer
) -> None:
    ids = store(sessions, analyzer)
    with sessions() as session:
        comments = {i: comment_values(session, i) for i in ids.values()}
        kept = {i: kept_fields(session, i) for i in ids.values()}
    corrupt(clean_engine)
    summary = rescore(sessions, analyzer)
    assert summary.ok
    assert summary.rescored == tuple(sorted(ids.values()))
    with sessions() as session:
        for thread_id in ids.values():
            assert_fresh(session, thread_id, analyzer)
            assert kept_fields(session, thread_id) == kept[thread_id]
            assert comment_values(session, thread_id) == comments[thread_id]
        assert kept_fields(session, ids["chain12"])[2] == ["brand-a", "stored"]
        tiktok = session.get(ThreadRow, ids["7400000000000000001"])
        assert tiktok is not None
        assert tiktok.platform_metrics is not None  # restored from the re-targeted replies


def kept_fields(session: Session, thread_id: int) -> tuple[Any, ...]:
    row = session.get(ThreadRow, thread_id)
    assert row is not None
    return (row.platform, row.external_id, row.tags, row.import_report, row.stored_at)


def test_an_unchanged_thread_rescores_to_the_same_values(
    sessions: sessionmaker[Session], analyzer: TextAnalyzer
) -> None:
    """Storing keeps the input order, which the untimed thread's first-10 window needs."""
    ids = store(sessions, analyzer)
    with sessions() as session:
        comments = {i: comment_values(session, i) for i in ids.values()}
        for thread_id in ids.values():
            assert_fresh(session, thread_id, analyzer)
    assert rescore(sessions, analyzer).ok
    with sessions() as session:
        for thread_id in ids.values():
            assert_fresh(session, thread_id, analyzer)
            assert comment_values(session, thread_id) == comments[thread_id]


def test_only_outdated_skips_threads_at_the_current_versions(
    clean_engine: Engine, sessions: sessionmaker[Session], analyzer: TextAnalyzer
) -> None:
    ids = store(sessions, analyzer)
    corrupt(clean_engine, ids["debate"])
    with clean_engine.begin() as connection:  # current versions, a value rescoring would change
        connection.execute(
            text("UPDATE thread_metrics SET dialogue_score = 42.5 WHERE thread_id = :id"),
            {"id": ids["v1"]},
        )
    summary = rescore(sessions, analyzer, RescoreSelection(only_outdated=True))
    assert summary.rescored == (ids["debate"],)
    assert summary.skipped == tuple(sorted(i for name, i in ids.items() if name != "debate"))
    assert summary.current == current_versions()
    with sessions() as session:
        assert_fresh(session, ids["debate"], analyzer)
        current = session.get(ThreadRow, ids["v1"])
        assert current is not None
        assert getattr(current.metrics, DIALOGUE_SCORE) == 42.5


def test_platform_and_tag_select_threads(
    sessions: sessionmaker[Session], analyzer: TextAnalyzer
) -> None:
    ids = store(sessions, analyzer)
    youtube = rescore(sessions, analyzer, RescoreSelection(platform="youtube"))
    assert youtube.rescored == tuple(sorted([ids["v1"], ids["untimed"]]))
    tagged = rescore(sessions, analyzer, RescoreSelection(platform="reddit", tag="brand-a"))
    assert tagged.rescored == (ids["chain12"],)
    assert rescore(sessions, analyzer, RescoreSelection(tag="absent")).rescored == ()


def test_a_failing_analysis_is_reported_and_the_others_rescored(
    clean_engine: Engine,
    sessions: sessionmaker[Session],
    analyzer: TextAnalyzer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = store(sessions, analyzer)
    corrupt(clean_engine)

    def analyze(thread: Thread, text_analyzer: TextAnalyzer | None = None) -> Any:
        if thread.external_id == "debate":
            raise ValueError("cannot measure this one")
        return analyze_thread(thread, text_analyzer)

    monkeypatch.setattr("app.api.threads.rescore.analyze_thread", analyze)
    summary = rescore(sessions, analyzer)
    assert [(f.thread_id, f.reason) for f in summary.failed] == [
        (ids["debate"], "ValueError: cannot measure this one")
    ]
    assert summary.rescored == tuple(sorted(i for n, i in ids.items() if n != "debate"))
    with sessions() as session:
        for name, thread_id in ids.items():
            if name != "debate":
                assert_fresh(session, thread_id, analyzer)
        failed = session.get(ThreadRow, ids["debate"])
        assert failed is not None
        assert failed.metrics.metric_version == 1
        assert getattr(failed.metrics, DIALOGUE_SCORE) is None


def test_a_failure_after_writing_leaves_nothing_half_written(
    clean_engine: Engine,
    sessions: sessionmaker[Session],
    analyzer: TextAnalyzer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = store(sessions, analyzer)
    corrupt(clean_engine)
    with sessions() as session:
        damaged = comment_values(session, ids["debate"])
        metrics = session.get(MetricsRow, ids["debate"])
        assert metrics is not None
        damaged_metrics = {c.name: getattr(metrics, c.name) for c in MetricsRow.__table__.columns}
    debate_rows = {values[0] for values in damaged}

    def move_then_fail(session: Session, moves: Sequence[Mapping[str, Any]]) -> None:
        move_comments(session, moves)
        session.flush()  # new metrics, windows and comment places are sent; then it fails
        if any(move["id"] in debate_rows for move in moves):
            raise RuntimeError("disk full")

    monkeypatch.setattr("app.api.threads.rescore.move_comments", move_then_fail)
    summary = rescore(sessions, analyzer)
    assert [f.thread_id for f in summary.failed] == [ids["debate"]]
    assert f"  thread {ids['debate']}: RuntimeError: disk full" in summary.lines()
    with sessions() as session:
        assert comment_values(session, ids["debate"]) == damaged
        metrics = session.get(MetricsRow, ids["debate"])
        assert metrics is not None
        assert {c: getattr(metrics, c) for c in damaged_metrics} == damaged_metrics
        failed = session.get(ThreadRow, ids["debate"])
        assert failed is not None
        assert failed.platform_metrics is None
        assert_fresh(session, ids["v1"], analyzer)


def test_progress_is_reported_per_batch_and_at_the_end(
    sessions: sessionmaker[Session], analyzer: TextAnalyzer
) -> None:
    ids = store(sessions, analyzer)
    seen: list[tuple[int, int]] = []
    rescore(sessions, analyzer, progress=lambda done, total: seen.append((done, total)), batch=2)
    total = len(ids)
    assert seen == [(done, total) for done in (*range(2, total, 2), total)]
    with pytest.raises(ValueError, match="at least one"):
        rescore(sessions, analyzer, batch=0)
