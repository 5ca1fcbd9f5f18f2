"""POST /v1/imports?text=false: threads stored structure only, as `parley analyze --no-text`
measures them: the reply graph's metrics as with text, text metrics null with their reason,
and each thread's import report saying so."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.jobs.options import STRUCTURE_ONLY
from app.mapping.to_storage import NO_TEXT_STEP
from metrics import Group, names
from tests.api.bodies import dialogue_thread
from tests.api.imports.jobs import all_results, as_json, submit, wait_for
from tests.api.problems import assert_problem

TEXT_METRICS = names(group=Group.TEXT)
STRUCTURE_METRICS = names(group=Group.STRUCTURE)


def stored_thread(client: TestClient, job_id: int) -> dict[str, Any]:
    job = wait_for(client, job_id)
    assert job["status"] == "succeeded", job
    [result] = all_results(client, job_id)
    thread: dict[str, Any] = client.get(f"/v1/threads/{result['thread_id']}").json()
    assert result["import_report"] == thread["import_report"]
    return thread


def test_a_structure_only_job_stores_null_text_metrics_with_the_reason(
    client: TestClient,
) -> None:
    """The dialogue thread, once with text (post v1) and once without (post v2):
    post
    ├── a  ann            top-level
    │   └── b  bob        reply to a
    │       └── c  ann    reply to b
    └── d  dan            top-level
    4 comments, 2 top-level: reply_share = (4 - 2) / 4 = 0.5 either way.
    """
    with_text_job = submit(client, as_json(dialogue_thread("v1")), "application/json")
    without_job = submit(client, as_json(dialogue_thread("v2")), "application/json", text="false")
    assert client.get(f"/v1/imports/{with_text_job}").json()["options"]["text"] is True
    assert client.get(f"/v1/imports/{without_job}").json()["options"]["text"] is False
    with_text = stored_thread(client, with_text_job)
    without = stored_thread(client, without_job)

    assert without["metrics"]["reply_share"] == with_text["metrics"]["reply_share"] == 0.5
    for name in STRUCTURE_METRICS:
        assert without["metrics"][name] == with_text["metrics"][name], name
    for name in TEXT_METRICS:
        assert without["metrics"][name] is None, name
        assert without["metrics"]["unavailable"][name] == NO_TEXT_STEP, name
    # Measured with text, the first thread has text metrics (its comments have words).
    assert with_text["metrics"]["mean_tokens"] is not None

    assert STRUCTURE_ONLY in without["import_report"]["limits"]
    assert STRUCTURE_ONLY not in with_text["import_report"]["limits"]


def test_a_post_merged_again_with_text_loses_the_structure_only_note(
    client: TestClient,
) -> None:
    first = stored_thread(
        client, submit(client, as_json(dialogue_thread("v1")), "application/json", text="false")
    )
    assert STRUCTURE_ONLY in first["import_report"]["limits"]
    again = stored_thread(
        client, submit(client, as_json(dialogue_thread("v1")), "application/json")
    )
    assert again["id"] == first["id"]
    assert STRUCTURE_ONLY not in again["import_report"]["limits"]
    assert again["metrics"]["mean_tokens"] is not None


def test_text_that_is_not_a_boolean_is_refused_naming_it(client: TestClient) -> None:
    answer = client.post(
        "/v1/imports",
        content=as_json(dialogue_thread("v1")),
        headers={"content-type": "application/json"},
        params={"text": "maybe"},
    )
    body = assert_problem(answer, 422)
    assert "text" in str(body)
    assert client.get("/v1/imports").json()["items"] == []
