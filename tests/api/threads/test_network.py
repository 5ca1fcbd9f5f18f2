"""GET /v1/threads/{id}/network: the files parsed back with networkx, every node and edge checked
against the drawn thread."""

from __future__ import annotations

import io
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from tests.api.bodies import AB_BA_CA_AB, comment
from tests.api.problems import assert_problem

# post (creator op)
# ├── a  ann                ann → op
# │   └── b  [deleted]      unknown: left out of the author network, counted
# │       └── c  op         replies to an unknown author: no edge
# └── d  zoë                zoë → op (non-ASCII ids survive the round trip)
WITH_UNKNOWN = {
    "platform": "reddit",
    "external_id": "unknown",
    "creator": "op",
    "comments": [
        comment("a", None, "ann", 0),
        comment("b", "a", "[deleted]", 1),
        comment("c", "b", "op", 2),
        comment("d", None, "zoë", 3),
    ],
}


def stored(client: TestClient, body: dict[str, Any]) -> int:
    response = client.post("/v1/threads", json=body)
    assert response.status_code == 201, response.text
    thread_id: int = response.json()["threads"][0]["id"]
    return thread_id


def network(client: TestClient, thread_id: int, kind: str, format: str) -> nx.DiGraph[str]:
    response = client.get(f"/v1/threads/{thread_id}/network?kind={kind}&format={format}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == f"application/{format}+xml"
    disposition = f"attachment; filename=thread-{thread_id}-{kind}.{format}"
    assert response.headers["content-disposition"] == disposition
    read = nx.read_graphml if format == "graphml" else nx.read_gexf
    graph = read(io.BytesIO(response.content))
    assert isinstance(graph, nx.DiGraph)
    return graph


@pytest.mark.parametrize("format", ["graphml", "gexf"])
def test_the_author_network_weighs_replies_and_marks_reciprocated_pairs(
    client: TestClient, format: str
) -> None:
    graph = network(client, stored(client, AB_BA_CA_AB), "authors", format)
    assert set(graph.nodes) == {"A", "B", "C"}
    edges = {(u, v): (d["weight"], d["reciprocated"]) for u, v, d in graph.edges(data=True)}
    assert edges == {("A", "B"): (2, True), ("B", "A"): (1, True), ("C", "A"): (1, False)}
    assert {n: graph.nodes[n]["comments"] for n in graph} == {"A": 2, "B": 2, "C": 1}
    assert graph.nodes["C"]["first_seen"] == "2024-05-01T10:03:00+00:00"
    assert not any(graph.nodes[n]["is_creator"] for n in graph)


def test_unknown_authors_are_left_out_and_counted(client: TestClient) -> None:
    thread_id = stored(client, WITH_UNKNOWN)
    response = client.get(f"/v1/threads/{thread_id}/network")  # authors, GraphML by default
    assert response.headers["x-parley-unknown-author-comments"] == "1"
    graph = nx.read_graphml(io.BytesIO(response.content))
    assert set(graph.nodes) == {"ann", "op", "zoë"}
    assert sorted(graph.edges) == [("ann", "op"), ("zoë", "op")]
    assert graph.graph["unknown_author_comments"] == 1
    assert graph.graph["creator_known"] is True
    assert graph.nodes["op"]["is_creator"] is True
    gexf = network(client, thread_id, "authors", "gexf")
    assert (
        gexf.graph["name"] == "reddit/unknown authors (comments without a known author left out: 1)"
    )


@pytest.mark.parametrize("format", ["graphml", "gexf"])
def test_the_reply_network_is_the_measured_tree_with_the_post(
    client: TestClient, format: str
) -> None:
    graph = network(client, stored(client, WITH_UNKNOWN), "replies", format)
    assert sorted(graph.edges) == [("a", "post"), ("b", "a"), ("c", "b"), ("d", "post")]
    assert graph.nodes["post"]["kind"] == "post"
    assert graph.nodes["post"]["author"] == "op"
    c = graph.nodes["c"]
    assert (c["kind"], c["depth"], c["author"], c["is_creator"]) == ("comment", 3, "op", True)
    assert (c["reply_to_method"], c["created_at"]) == ("given", "2024-05-01T10:02:00+00:00")
    assert "author" not in graph.nodes["b"]
    assert graph.nodes["d"]["author"] == "zoë"


def test_characters_xml_cannot_hold_are_replaced_so_the_file_parses(client: TestClient) -> None:
    # post
    # └── a  "an\x01n"    a control character in the author id
    body = {
        "platform": "reddit",
        "external_id": "ctl",
        "comments": [comment("a", None, "an\x01n", 0)],
    }
    graph = network(client, stored(client, body), "authors", "graphml")
    assert set(graph.nodes) == {"an\ufffdn"}


def test_an_unknown_thread_is_404(client: TestClient) -> None:
    assert_problem(client.get("/v1/threads/999999/network"), 404)


@pytest.mark.parametrize(
    ("query", "named"),
    [("kind=people", "kind"), ("format=dot", "format"), ("layout=circle", "layout")],
)
def test_a_bad_or_unknown_parameter_is_422_naming_it(
    client: TestClient, query: str, named: str
) -> None:
    thread_id = stored(client, AB_BA_CA_AB)
    problem = assert_problem(client.get(f"/v1/threads/{thread_id}/network?{query}"), 422)
    assert ["query", named] in [error["loc"] for error in problem["errors"]]
