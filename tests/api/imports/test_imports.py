"""POST /v1/imports on the embedded queue (no broker): the job runs on a thread of the server,
threads are stored unit by unit, refusals and skipped files are reported, and jobs are listed,
followed and cancelled."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.api.threads.params import ImportRequest
from app.jobs.options import options_of
from db.engine import make_session_factory
from db.jobs import add_job
from importers.base import ImportOptions
from tests.api.bodies import dialogue_thread, flat_thread
from tests.api.imports.jobs import all_results, as_json, submit, tar_of, wait_for
from tests.api.problems import assert_problem as problem_of


def assert_problem(response: object, status: int, slug: str) -> None:
    assert problem_of(response, status)["type"].endswith(f"/{slug}")


def test_a_job_stores_every_thread_and_reports_each(client: TestClient) -> None:
    """Two threads in one canonical array: dialogue (4 comments) and flat (3 comments)."""
    body = as_json([dialogue_thread("v1"), flat_thread("t1", 3)])
    job_id = submit(client, body, "application/json", tag=["batch-1"])
    job = wait_for(client, job_id)
    assert job["status"] == "succeeded", job
    assert job["attempts"] == 1
    assert job["options"]["tags"] == ["batch-1"]
    progress = job["progress"]
    assert progress["bytes_total"] == progress["bytes_read"] == len(body)
    assert (progress["threads_stored"], progress["comments_stored"]) == (2, 7)
    assert (progress["units_done"], progress["units_refused"]) == (1, 0)
    assert progress["estimated_seconds_left"] is None
    results = all_results(client, job_id)
    assert [(r["external_id"], r["outcome"], r["comments"]) for r in results] == [
        ("v1", "created", 4),
        ("t1", "created", 3),
    ]
    for result in results:
        thread = client.get(f"/v1/threads/{result['thread_id']}").json()
        assert thread["tags"] == ["batch-1"]
        assert result["import_report"] == thread["import_report"]


def test_a_post_sent_again_is_merged_as_the_synchronous_upload_does(client: TestClient) -> None:
    first = submit(client, as_json(flat_thread("t1", 2)), "application/json")
    assert wait_for(client, first)["status"] == "succeeded"
    again = submit(client, as_json(flat_thread("t1", 3)), "application/json")
    assert wait_for(client, again)["status"] == "succeeded"
    [result] = all_results(client, again)
    assert (result["outcome"], result["comments"]) == ("merged", 3)
    assert client.get("/v1/threads").json()["items"][0]["metrics"]["comments"] == 3


def test_refused_and_skipped_files_are_reported_and_the_rest_is_stored(
    client: TestClient,
) -> None:
    """An archive: a good file, a malformed JSON file (broken on line 2), a picture."""
    archive = tar_of(
        {
            "export/good.json": as_json(dialogue_thread("v1")),
            "export/broken.json": b'[{"platform": "youtube",\n  "external_id": }]',
            "export/cover.png": b"\x89PNG\r\n\x1a\n",
        }
    )
    job = wait_for(client, submit(client, archive, "application/x-tar"))
    assert job["status"] == "succeeded"
    assert job["progress"]["threads_stored"] == 1
    assert job["progress"]["units_refused"] == 1
    assert job["skipped_files"] == [
        {"file": "export/cover.png", "reason": "not a comment export (.png file)"}
    ]
    [refused] = job["refused"]
    assert refused["source"] == "export/broken.json"
    assert refused["problem"]["status"] == 422
    assert ["body", "line", 2] in [error["loc"] for error in refused["problem"]["errors"]]
    outcomes = sorted(r["outcome"] for r in all_results(client, job["id"]))
    assert outcomes == ["created", "refused"]


def test_an_unreadable_upload_fails_the_job_with_its_problem(client: TestClient) -> None:
    job = wait_for(client, submit(client, b"\x1f\x8bnot gzip at all", "application/gzip"))
    assert job["status"] == "failed"
    assert job["error"]["status"] == 400
    assert "decompress" in job["error"]["detail"]
    assert client.get("/v1/threads").json()["items"] == []


def test_bad_requests_are_refused_before_a_job_exists(client: TestClient) -> None:
    answer = client.post("/v1/imports", content=b"x", headers={"content-type": "text/plain"})
    assert_problem(answer, 415, "unsupported-media-type")
    answer = client.post("/v1/imports", content=b"", headers={"content-type": "application/json"})
    assert_problem(answer, 400, "empty-body")
    answer = client.post(
        "/v1/imports",
        content=b"[]",
        headers={"content-type": "application/json"},
        params={"on_existing": "sometimes"},
    )
    assert answer.status_code == 422
    assert client.get("/v1/imports").json() == {"items": [], "next_cursor": None}


def test_jobs_are_listed_newest_first_page_by_page(client: TestClient) -> None:
    ids = [submit(client, as_json(flat_thread(f"t{i}", 1)), "application/json") for i in range(3)]
    for job_id in ids:
        wait_for(client, job_id)
    first = client.get("/v1/imports", params={"limit": 2}).json()
    assert [job["id"] for job in first["items"]] == [ids[2], ids[1]]
    rest = client.get("/v1/imports", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert ([job["id"] for job in rest["items"]], rest["next_cursor"]) == ([ids[0]], None)
    succeeded = client.get("/v1/imports", params={"status": "succeeded"}).json()["items"]
    assert len(succeeded) == 3
    assert client.get("/v1/imports", params={"status": "failed"}).json()["items"] == []
    bad = client.get("/v1/imports", params={"cursor": "x1"})
    assert_problem(bad, 422, "invalid-cursor")


def test_unknown_and_finished_jobs(client: TestClient) -> None:
    assert_problem(client.get("/v1/imports/999"), 404, "import-not-found")
    assert_problem(client.delete("/v1/imports/999"), 404, "import-not-found")
    job_id = submit(client, as_json(flat_thread("t1", 1)), "application/json")
    wait_for(client, job_id)
    assert_problem(client.delete(f"/v1/imports/{job_id}"), 409, "import-finished")


def test_a_multipart_upload_is_one_job_over_its_files(client: TestClient) -> None:
    files = [
        ("file", ("a.json", as_json(flat_thread("a", 2)), "application/json")),
        ("file", ("b.json", as_json(flat_thread("b", 1)), "application/json")),
    ]
    answer = client.post("/v1/imports", files=files)
    assert answer.status_code == 202, answer.text
    job = wait_for(client, answer.json()["id"])
    assert job["status"] == "succeeded"
    results = all_results(client, job["id"])
    assert [(r["file"], r["source"], r["comments"]) for r in results] == [
        (0, "a.json", 2),
        (1, "b.json", 1),
    ]


def test_a_raw_body_is_named_by_its_content_disposition(client: TestClient) -> None:
    """The file name (its last path part only) reaches the reports; RFC 5987 names too."""
    for header, name in [
        ('attachment; filename="exports/a.json"', "a.json"),
        ("attachment; filename*=UTF-8''d%C3%BCsseldorf.json", "düsseldorf.json"),
    ]:
        answer = client.post(
            "/v1/imports",
            content=as_json(flat_thread(name, 1)),
            headers={"content-type": "application/json", "content-disposition": header},
        )
        job = wait_for(client, answer.json()["id"])
        [result] = all_results(client, job["id"])
        assert result["source"] == name
        assert result["import_report"]["source_file"] == name


def test_a_queued_job_is_cancelled_at_once(client: TestClient, clean_engine: Engine) -> None:
    """A job no worker has taken yet (stored here without being handed to the queue)."""
    # The server's jobs thread resumes unfinished jobs at start: once a job submitted after that
    # has finished, the resuming is over and will not take the job stored below.
    wait_for(client, submit(client, as_json(flat_thread("first", 1)), "application/json"))
    with make_session_factory(clean_engine).begin() as session:
        request = ImportRequest(None, ImportOptions(), ("t",))
        job_id = add_job(session, options_of(request), datetime.now(UTC)).id
    answer = client.delete(f"/v1/imports/{job_id}")
    assert answer.status_code == 202
    job = answer.json()
    assert (job["status"], job["cancel_requested"]) == ("cancelled", True)
    assert job["finished_at"] is not None
    assert client.get(f"/v1/imports/{job_id}").json()["status"] == "cancelled"
    assert_problem(client.delete(f"/v1/imports/{job_id}"), 409, "import-finished")
