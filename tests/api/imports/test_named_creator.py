"""POST /v1/imports?creator_handle=: the job carries the named account to the worker that parses
each file, which stores it on every thread as the synchronous upload does."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from app.api.threads.params import ImportRequest, OnExisting
from app.jobs.options import options_of, request_of
from importers.base import ImportOptions
from importers.toolkit.creators import NAMED_BY_REQUEST, UNIDENTIFIED
from tests.api.bodies import comment
from tests.api.imports.jobs import all_results, submit, tar_of, wait_for
from tests.api.problems import assert_problem


def pushshift_comments(post: str, answerer: str) -> bytes:
    """A Pushshift comment-only dump of one post (no submission line names its author):

    post
    └── a ann
        └── b `answerer`
    """
    records = [
        {"id": "a", "parent_id": f"t3_{post}", "author": "ann", "body": "is this real?"},
        {"id": "b", "parent_id": "t1_a", "author": answerer, "body": "it is"},
    ]
    shared = {"link_id": f"t3_{post}", "subreddit": "pics", "created_utc": 1717236000}
    return "".join(json.dumps({**r, **shared}) + "\n" for r in records).encode()


def test_a_job_names_the_creator_of_every_thread_of_every_file(client: TestClient) -> None:
    archive = tar_of(
        {
            "dump/RC_p1.ndjson": pushshift_comments("p1", "Some_Mod"),
            "dump/RC_p2.ndjson": pushshift_comments("p2", "bob"),
        }
    )
    job_id = submit(client, archive, "application/x-tar", creator_handle="@Some_Mod")
    job = wait_for(client, job_id)
    assert job["status"] == "succeeded", job
    assert job["options"]["creator_handle"] == "@Some_Mod"  # as sent; each thread normalises
    found = {}
    for result in all_results(client, job_id):
        thread = client.get(f"/v1/threads/{result['thread_id']}").json()
        limits = result["import_report"]["limits"]
        assert not any(line.startswith(UNIDENTIFIED) for line in limits)
        assert NAMED_BY_REQUEST in limits
        found[thread["external_id"]] = (thread["creator_handle"], thread["creator"])
    # Reddit handles are lower case; the account commented under p1 only.
    assert found == {"p1": ("some_mod", "Some_Mod"), "p2": ("some_mod", None)}


def test_an_empty_value_is_refused_before_a_job_is_made(client: TestClient) -> None:
    body = [{"platform": "reddit", "external_id": "p1", "comments": [comment("a", None, "x", 0)]}]
    response = client.post("/v1/imports", params={"creator_handle": "@"}, json=body)
    problem = assert_problem(response, 422)
    assert [error["loc"] for error in problem["errors"]] == [["query", "creator_handle"]]
    assert client.get("/v1/imports").json()["items"] == []


def test_a_job_queued_before_the_option_existed_is_read_without_it() -> None:
    request = ImportRequest(None, ImportOptions(creator_handle="@a"), (), OnExisting.MERGE)
    assert request_of(options_of(request)) == request
    older = {key: value for key, value in options_of(request).items() if key != "creator_handle"}
    assert request_of(older).options.creator_handle is None
