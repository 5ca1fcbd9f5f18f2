"""`parley import --server` against a real `parley serve` (its embedded queue runs the jobs):
several files as multipart, one as the body, --json as the API answers, --no-wait, API keys,
an unreachable server, and Ctrl-C cancelling the job on the server."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.api.imports.schemas import ImportJobOut
from app.cli.main import main
from bench.serve import LiveServer, free_port, parley_serve, serve_on_sqlite
from tests.api.bodies import flat_thread
from tests.cli.import_runs import exports, interrupted, posts, table, write

MASTER_KEY = "cli-test-master-key-0123456789"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve_on_sqlite(tmp_path_factory.mktemp("server")) as live:
        yield live


def newest_job(base: str) -> dict[str, Any] | None:
    jobs: list[dict[str, Any]] = httpx.get(f"{base}/v1/imports").json()["items"]
    return jobs[0] if jobs else None


def test_several_files_are_uploaded_and_followed(
    server: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = exports(tmp_path / "exports", prefix="multi-")
    assert main(["import", str(folder), "--server", server.base, "--tag", "multi"]) == 0
    rows = table(capsys.readouterr().out)
    assert rows["files"] == "2 sent, 0 skipped"
    assert rows["threads stored"] == "2 (created 2, merged 0, replaced 0)"
    assert rows["comments stored"] == "7"
    listed = httpx.get(f"{server.base}/v1/threads", params={"tag": "multi"}).json()["items"]
    assert {t["external_id"]: t["metrics"]["comments"] for t in listed} == {
        "multi-v1": 4,
        "multi-t1": 3,
    }
    assert {t["import_report"]["source_file"] for t in listed} == {"v1.json", "more/t1.json"}


def test_one_file_is_sent_as_the_body_and_json_is_the_api_job(
    server: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One file holding two flat threads, of 2 and 5 comments."""
    export = write(tmp_path / "x.json", [flat_thread("body-x", 2), flat_thread("body-y", 5)])
    assert main(["import", str(export), "--server", server.base, "--json", "--tag", "body"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"job", "results"}
    assert printed["job"] == ImportJobOut.model_validate(printed["job"]).model_dump(mode="json")
    assert printed["job"] == httpx.get(f"{server.base}/v1/imports/{printed['job']['id']}").json()
    assert printed["results"] == {"created": 2, "merged": 0, "replaced": 0, "refused": 0}
    assert printed["job"]["progress"]["comments_stored"] == 7
    assert printed["job"]["progress"]["bytes_total"] == export.stat().st_size
    listed = httpx.get(f"{server.base}/v1/threads", params={"tag": "body"}).json()["items"]
    assert {t["external_id"]: t["metrics"]["comments"] for t in listed} == {
        "body-x": 2,
        "body-y": 5,
    }


def test_no_wait_prints_the_job_and_its_location(
    server: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = write(tmp_path / "w.json", flat_thread("no-wait", 2))
    assert main(["import", str(export), "--server", server.base, "--no-wait"]) == 0
    words = capsys.readouterr().out.split()
    job_id = int(words[2])
    assert words == ["import", "job", str(job_id), "queued:", f"{server.base}/v1/imports/{job_id}"]
    deadline = time.monotonic() + 30
    while (job := httpx.get(f"{server.base}/v1/imports/{job_id}").json())["status"] in (
        "queued",
        "running",
    ):
        assert time.monotonic() < deadline, job
        time.sleep(0.05)
    assert (job["status"], job["progress"]["comments_stored"]) == ("succeeded", 2)


def test_an_unreachable_server_is_named_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    assert main(["import", str(exports(tmp_path)), "--server", nowhere]) == 2
    assert f"cannot reach the Parley server at {nowhere}: " in capsys.readouterr().err


def test_the_api_key_is_sent_as_a_bearer_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = {
        "database_url": f"sqlite:///{tmp_path / 'keyed.db'}",
        "master_key": MASTER_KEY,
        "pseudonym_key": "cli-test-pseudonym-key-0123456789",
    }
    folder = exports(tmp_path / "exports")
    with parley_serve(settings, seconds=60) as keyed:
        assert main(["import", str(folder), "--server", keyed.base]) == 2
        refused = capsys.readouterr().err.splitlines()
        assert refused[0].startswith("parley import: the server refused the upload: 401 ")
        monkeypatch.setenv("PARLEY_API_KEY", MASTER_KEY)
        assert main(["import", str(folder), "--server", keyed.base]) == 0
        monkeypatch.delenv("PARLEY_API_KEY")
        assert main(["import", str(folder), "--server", keyed.base, "--api-key", MASTER_KEY]) == 0
    rows = table(capsys.readouterr().out)  # the second run merged into the first's threads
    assert rows["threads stored"] == "2 (created 0, merged 2, replaced 0)"


def test_ctrl_c_cancels_the_job_on_the_server(server: LiveServer, tmp_path: Path) -> None:
    folder = posts(tmp_path / "posts", 150)
    before = newest_job(server.base)
    last_id = 0 if before is None else before["id"]

    def running() -> bool:
        newest = newest_job(server.base)
        return (
            newest is not None and newest["id"] > last_id and newest["progress"]["units_done"] >= 1
        )

    assert interrupted(["import", str(folder), "--server", server.base], running) == 130
    job = newest_job(server.base)
    assert job is not None
    assert (job["status"], job["cancel_requested"]) == ("cancelled", True)
    assert 1 <= job["progress"]["threads_stored"] < 150
    results = httpx.get(f"{server.base}/v1/imports/{job['id']}/results", params={"limit": 500})
    assert len(results.json()["items"]) == job["progress"]["threads_stored"]
