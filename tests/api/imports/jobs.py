"""Submitting import jobs through the API and waiting for them, for the job tests."""

from __future__ import annotations

import io
import json
import tarfile
import time
from typing import Any

from fastapi.testclient import TestClient

FINISHED = frozenset({"succeeded", "failed", "cancelled"})


def wait_for(
    client: TestClient, job_id: int, done: frozenset[str] = FINISHED, seconds: float = 90
) -> dict[str, Any]:
    """The job once its status is one of `done` (polled; the job runs on another thread)."""
    deadline = time.monotonic() + seconds
    while True:
        job: dict[str, Any] = client.get(f"/v1/imports/{job_id}").json()
        if job["status"] in done:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job['status']} after {seconds} s: {job}")
        time.sleep(0.05)


def submit(client: TestClient, body: bytes, media_type: str, **params: Any) -> int:
    answer = client.post(
        "/v1/imports", content=body, headers={"content-type": media_type}, params=params
    )
    assert answer.status_code == 202, answer.text
    assert answer.headers["location"] == f"/v1/imports/{answer.json()['id']}"
    return int(answer.json()["id"])


def all_results(client: TestClient, job_id: int, limit: int = 100) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": limit} | ({"cursor": cursor} if cursor else {})
        page = client.get(f"/v1/imports/{job_id}/results", params=params).json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def tar_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def as_json(document: Any) -> bytes:
    return json.dumps(document).encode()
