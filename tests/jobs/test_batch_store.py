"""A batch's first delivery stored in one transaction (app/jobs/batch_store.py), on SQLite and
PostgreSQL: it stores exactly what storing the units one by one stores, merges and refuses as
uploads do, and a delivery lost after counting its attempts leaves the units to be stored one by
one, each counted again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session, sessionmaker

from app.api.threads.on_existing import OnExisting
from app.jobs.batches import TOGETHER_BYTES
from app.text_pipeline import text_analyzer_for
from db.job_models import ImportJobRow, ImportResultRow
from db.models import SIZE_METRIC, CommentRow, ThreadRow
from nlp.pipeline import TextAnalyzer
from tests.api.bodies import AB_BA_CA_AB, chain, comment, debate, dialogue_thread
from tests.api.imports.jobs import as_json
from tests.conftest import TEST_LANGUAGES
from tests.jobs.batch_cases import Files, empty, job, results, run

APIFY = Path(__file__).resolve().parents[1] / "fixtures/formats/tiktok_apify/comments.json"


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    return text_analyzer_for(TEST_LANGUAGES, ())


def varied_files() -> Files:
    """Threads of every shape a stored row has: windows of 10 and 50 comments (chain60), tags,
    a creator's replies (debate), platform metrics kept after re-targeting (the Apify file)."""
    return {
        "e/debate.json": as_json(debate()),
        "e/v1.json": as_json(dialogue_thread()),
        "e/chain60.json": as_json(chain("chain60", "reddit", 60, tags=["brand-a", "b"])),
        "e/pairs.json": as_json(AB_BA_CA_AB),
        "e/apify.json": APIFY.read_bytes(),
    }


def snapshot(sessions: sessionmaker[Session]) -> dict[str, Any]:
    """Every stored row by post, ids and times of storing left out."""

    def values(row: Any, *left_out: str) -> dict[str, Any]:
        columns = row.__table__.columns
        return {c.key: getattr(row, c.key) for c in columns if c.key not in left_out}

    stored: dict[str, Any] = {}
    with sessions() as session:
        for thread in session.scalars(select(ThreadRow)):
            comments = session.scalars(select(CommentRow).where(CommentRow.thread_id == thread.id))
            stored[f"{thread.platform}/{thread.external_id}"] = {
                "thread": values(thread, "id", "stored_at"),
                "metrics": values(thread.metrics, "thread_id"),
                "windows": [values(w, "thread_id") for w in thread.windows],
                "tags": thread.tags,
                "comments": sorted(
                    (values(c, "id", "thread_id") for c in comments),
                    key=lambda c: c["position"],
                ),
            }
        results = session.scalars(select(ImportResultRow))
        stored["results"] = sorted(
            (values(r, "job_id", "thread_id", "worker") for r in results),
            key=lambda r: (r["position"], r["unit"], r["seq"]),
        )
    return stored


STORING = {
    "with text": {},
    "structure only": {"text": False},
    "private": {"pseudonymise_authors": True, "pseudonym_key": "k" * 32},
    "text not kept": {"store_comment_text": False},
}


@pytest.mark.parametrize("storing", STORING.values(), ids=STORING.keys())
def test_a_batch_stores_what_storing_its_units_one_by_one_stores(
    clean_engine: Engine, analyzer: TextAnalyzer, storing: dict[str, Any]
) -> None:
    files = varied_files()
    together = snapshot(run(clean_engine, files, analyzer, **storing)[0])
    empty(clean_engine)
    sessions, job_id = run(clean_engine, files, analyzer, lost_first_delivery=True, **storing)
    assert snapshot(sessions) == together
    assert len(together) == 7  # six threads (the Apify file's second post has no comment), results
    assert together["reddit/chain60"]["tags"] == ["b", "brand-a"]
    assert [w["window_size"] for w in together["reddit/chain60"]["windows"]] == [10, 50]
    assert together["tiktok/7400000000000000001"]["thread"]["platform_metrics"] is not None
    debate = together["reddit/debate"]
    assert bool(debate["metrics"]["languages"]) is storing.get("text", True)
    assert debate["thread"]["import_report"]["privacy"]["text"] == (
        "not stored" if "store_comment_text" in storing else "stored"
    )
    assert job(sessions, job_id).threads_created == 6


def mixed_files() -> Files:
    """One archive, one batch: a new post (p0), the stored post "old" sent again, post p2 in two
    files (its second file merges into what the first stored), a file that is no JSON."""
    return {
        "e/0.json": as_json(dialogue_thread("p0")),
        "e/1.json": as_json({**dialogue_thread("old"), "comments": [comment("z", None, "zoe", 9)]}),
        "e/2.json": as_json(chain("p2", "youtube", 3)),
        "e/3.json": as_json(
            {**chain("p2", "youtube", 3), "comments": [comment("n", "c2", "ned", 5)]}
        ),
        "e/4.json": b"{ not json",
    }


def store_old_post(engine: Engine) -> None:
    run(engine, {"e/old.json": as_json(dialogue_thread("old"))})
    with engine.begin() as connection:
        connection.execute(delete(ImportResultRow))
        connection.execute(delete(ImportJobRow))


@pytest.mark.parametrize(
    ("lost_first_delivery", "together_bytes"),
    [(False, TOGETHER_BYTES), (False, 1), (True, TOGETHER_BYTES)],
    ids=["together", "a unit a transaction", "one by one"],
)
def test_a_batch_merges_stored_and_repeated_posts_and_refuses_a_unit_alone(
    clean_engine: Engine,
    lost_first_delivery: bool,
    together_bytes: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("app.jobs.batches.TOGETHER_BYTES", together_bytes)
    store_old_post(clean_engine)
    sessions, job_id = run(clean_engine, mixed_files(), lost_first_delivery=lost_first_delivery)
    done = job(sessions, job_id)
    assert (done.status, done.units_done, done.units_refused) == ("succeeded", 5, 1)
    assert (done.threads_created, done.threads_merged, done.comments_stored) == (
        2,
        2,
        4 + 5 + 3 + 4,
    )
    by_file = results(sessions)
    outcomes = {name.split("/")[-1]: r.outcome for name, r in by_file.items()}
    assert outcomes == {
        "0.json": "created",
        "1.json": "merged",
        "2.json": "created",
        "3.json": "merged",
        "4.json": "refused",
    }
    assert by_file["e.tar:e/3.json"].thread_id == by_file["e.tar:e/2.json"].thread_id
    problem = by_file["e.tar:e/4.json"].problem
    assert problem is not None
    assert "e/4.json" in problem["detail"]
    with sessions() as session:
        p2 = session.scalars(select(ThreadRow).where(ThreadRow.external_id == "p2")).one()
        ids = session.scalars(select(CommentRow.comment_id).where(CommentRow.thread_id == p2.id))
        assert sorted(ids) == ["c0", "c1", "c2", "n"]  # chain of 3, then n replying to c2
        old = session.scalars(select(ThreadRow).where(ThreadRow.external_id == "old")).one()
        assert getattr(old.metrics, SIZE_METRIC) == 5  # a, b, c, d stored before; z added


def test_rejecting_stored_posts_refuses_those_units_and_stores_the_rest(
    clean_engine: Engine,
) -> None:
    store_old_post(clean_engine)
    sessions, job_id = run(clean_engine, mixed_files(), on_existing=OnExisting.REJECT)
    outcomes = {name.split("/")[-1]: r.outcome for name, r in results(sessions).items()}
    assert outcomes == {
        "0.json": "created",
        "1.json": "refused",  # "old" is stored
        "2.json": "created",
        "3.json": "refused",  # p2 was stored by the unit before it
        "4.json": "refused",
    }
    done = job(sessions, job_id)
    assert (done.units_refused, done.threads_created, done.threads_merged) == (3, 2, 0)
