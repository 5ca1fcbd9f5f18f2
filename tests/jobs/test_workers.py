"""`parley worker` processes on PostgreSQL and a real broker: one job's units and several jobs
spread over two workers, and a worker killed mid-job leaves no half thread, its batch taken up
by another worker and the job finished. (Resuming a reading is tested in test_runner.py.)"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from bench.serve import start_worker, stop_process
from db.base import Base
from db.engine import make_engine
from db.migrate import upgrade
from tests.api.bodies import flat_thread
from tests.api.imports.jobs import all_results, as_json, submit, tar_of, wait_for
from tests.conftest import TEST_LANGUAGES, api_settings
from tests.jobs.brokers import broker_url, queue_name

LEASE_SECONDS = 2.0
pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_url(postgres_schema_url: str) -> str:
    """The migrated test schema, emptied of what earlier tests stored."""
    upgrade(postgres_schema_url)
    engine = make_engine(postgres_schema_url)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    engine.dispose()
    return postgres_schema_url


@contextmanager
def service(database_url: str, broker: str, queue: str) -> Iterator[TestClient]:
    settings = api_settings(
        database_url, broker_url=broker, job_queue_name=queue, job_lease_seconds=LEASE_SECONDS
    )
    with TestClient(create_app(settings)) as client:
        yield client


def worker_settings(database_url: str, broker: str, queue: str) -> dict[str, str]:
    return {
        "database_url": database_url,
        "broker_url": broker,
        "job_queue_name": queue,
        "job_lease_seconds": str(LEASE_SECONDS),
        "text_languages": '["' + '", "'.join(TEST_LANGUAGES) + '"]',
    }


def archive(posts: int, comments: int, prefix: str) -> bytes:
    """`posts` files, each one flat thread of `comments` comments."""
    return tar_of(
        {f"{prefix}/{i}.json": as_json(flat_thread(f"{prefix}{i}", comments)) for i in range(posts)}
    )


@pytest.mark.parametrize(("broker_name", "processes"), [("rabbitmq", 1), ("redis", 2)])
def test_two_workers_share_one_job_and_several(
    postgres_url: str, broker_name: str, processes: int, tmp_path: Path
) -> None:
    """One job of 200 files (7 batches of 32 units or fewer), then three of 40: every unit is
    stored once, and both workers stored some of the first job's units. Two `parley worker`
    processes, or one with `--processes 2`."""
    broker, queue = broker_url(broker_name), queue_name()
    settings = worker_settings(postgres_url, broker, queue)
    arguments = ("--processes", str(processes))
    workers = [
        start_worker(settings, log=tmp_path / f"w{i}.log", arguments=arguments)
        for i in range(2 // processes)
    ]
    try:
        with service(postgres_url, broker, queue) as client:
            bodies = [archive(200, 20, "big"), *(archive(40, 5, f"job{k}") for k in range(3))]
            ids = [submit(client, body, "application/x-tar") for body in bodies]
            jobs = [wait_for(client, job_id, seconds=180) for job_id in ids]
            results = all_results(client, ids[0])
    finally:
        for worker in workers:
            stop_process(worker)
    assert [job["status"] for job in jobs] == ["succeeded"] * 4, jobs
    assert [job["progress"]["threads_created"] for job in jobs] == [200, 40, 40, 40]
    assert jobs[0]["progress"]["units_total"] == jobs[0]["progress"]["units_done"] == 200
    assert len({(r["file"], r["unit"]) for r in results}) == 200
    pids = {int(result["worker"].split(":")[1]) for result in results}
    assert len(pids) == 2
    if processes == 1:
        assert pids == {worker.pid for worker in workers}
    else:
        assert [worker.returncode for worker in workers] == [0]  # its children stopped cleanly


@pytest.mark.parametrize("broker_name", ["rabbitmq", "redis"])
def test_a_killed_worker_leaves_no_half_thread_and_its_job_is_resumed(
    postgres_url: str, broker_name: str, tmp_path: Path
) -> None:
    broker, queue = broker_url(broker_name), queue_name()
    settings = worker_settings(postgres_url, broker, queue)
    posts, comments = 120, 40
    first = start_worker(settings, log=tmp_path / "first.log")
    second = None
    try:
        with service(postgres_url, broker, queue) as client:
            job_id = submit(client, archive(posts, comments, "big"), "application/x-tar")
            running = wait_until_stored(client, job_id, threads=5)
            os.kill(first.pid, signal.SIGKILL)
            first.wait()
            assert running["status"] == "running"
            second = start_worker(settings, log=tmp_path / "second.log")
            job = wait_for(client, job_id, seconds=180)
            results = all_results(client, job_id)
            threads = client.get("/v1/threads", params={"limit": 500}).json()["items"]
    finally:
        for worker in (first, second):
            if worker is not None and worker.poll() is None:
                stop_process(worker)
    assert job["status"] == "succeeded", job
    assert job["progress"]["threads_stored"] == posts
    stored_by = {int(r["worker"].split(":")[1]) for r in results}
    assert second.pid in stored_by  # the killed worker's batch went to the second one
    assert sorted(r["external_id"] for r in results) == sorted(f"big{i}" for i in range(posts))
    assert len({(r["file"], r["unit"]) for r in results}) == posts  # no unit stored twice
    assert len(threads) == posts
    assert {thread["metrics"]["comments"] for thread in threads} == {comments}


def wait_until_stored(client: TestClient, job_id: int, threads: int) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/v1/imports/{job_id}").json()
        if job["progress"]["threads_stored"] >= threads:
            return job
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} stored fewer than {threads} threads in time")
