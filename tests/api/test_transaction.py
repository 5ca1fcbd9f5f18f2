"""The request's transaction (app/transaction.py): opened with no I/O (the handler gets a session
that has taken no connection yet); committed before the answer; rolled back when the handler
raises after writing; the connection back in the pool either way. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, func, insert, select

from app.deps import SessionDep
from app.main import create_app
from db.models import DataVersionRow
from tests.api.bodies import chain
from tests.conftest import api_settings

# A row no trigger or migration writes: the counter itself lives at id 1.
SPARE_ROW = 2


def untouched(session: SessionDep) -> dict[str, bool]:
    return {"begun": session.in_transaction()}


def writes_then_fails(session: SessionDep) -> dict[str, str]:
    session.execute(insert(DataVersionRow).values(id=SPARE_ROW, version=1))
    raise RuntimeError("the handler fails after writing")


def writes(session: SessionDep) -> dict[str, str]:
    session.execute(insert(DataVersionRow).values(id=SPARE_ROW, version=1))
    return {"written": "yes"}


@pytest.fixture
def app(clean_engine: Engine, database_url: str) -> FastAPI:
    application = create_app(api_settings(database_url))
    application.add_api_route("/test/untouched", untouched, methods=["GET"])
    application.add_api_route("/test/fails", writes_then_fails, methods=["POST"])
    application.add_api_route("/test/writes", writes, methods=["POST"])
    return application


def spare_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        query = select(func.count()).where(DataVersionRow.id == SPARE_ROW)
        return connection.execute(query).scalar_one()


def test_a_handler_receives_its_session_before_any_database_work(app: FastAPI) -> None:
    with TestClient(app) as client:
        # No transaction begun, so no connection taken: the first statement takes one.
        assert client.get("/test/untouched").json() == {"begun": False}
        assert client.get("/v1/threads").status_code == 200
        assert app.state.session_factory.kw["bind"].pool.checkedout() == 0


def test_a_write_is_committed_before_the_answer_and_undone_by_a_failure(
    app: FastAPI, clean_engine: Engine
) -> None:
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.post("/test/writes").status_code == 200
        assert spare_rows(clean_engine) == 1  # committed when the answer came
        with clean_engine.begin() as connection:
            connection.execute(delete(DataVersionRow).where(DataVersionRow.id == SPARE_ROW))
        assert client.post("/test/fails").status_code == 500
        assert spare_rows(clean_engine) == 0  # rolled back
        assert app.state.session_factory.kw["bind"].pool.checkedout() == 0


def test_a_thread_read_in_one_hop_gives_its_connection_back(app: FastAPI) -> None:
    with TestClient(app) as client:
        created = client.post("/v1/threads", json=chain("one-hop", "youtube", 3))
        thread_id = created.json()["items"][0]["id"]
        assert client.get(f"/v1/threads/{thread_id}").json()["metrics"]["comments"] == 3
        assert client.get("/v1/threads/999999").status_code == 404
        assert app.state.session_factory.kw["bind"].pool.checkedout() == 0
