"""The /v1/threads/{id}/network route: a thread's reply tree or author network as a GraphML or
GEXF file (nlp/network.py builds the graph; networkx writes it).

The file is written once, to a spooled temporary file (on disk past SPOOL_BYTES), and streamed
from there in chunks: the graph and its XML tree are in memory while it is written, never a
second copy of the output.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from enum import StrEnum
from typing import IO, Annotated, Any

import networkx as nx
from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from app.api.compare.params import no_unknown_parameters
from app.api.dialogue.service import load_thread
from app.api.headers import UNKNOWN_AUTHORS_HEADER
from app.deps import SessionDep, ThreadDep
from app.errors import problem_responses
from app.security.access import requires
from app.security.documentation import ProtectedRoute
from app.security.rate import Charge
from app.security.scopes import Scope
from db.models import ThreadRow
from nlp.network import author_network, reply_network
from nlp.tree import build_reply_tree

router = APIRouter(prefix="/v1/threads", tags=["threads"], route_class=ProtectedRoute)

SPOOL_BYTES = 8 * 1024 * 1024  # a file larger than this is spooled on disk as it is written
CHUNK_BYTES = 64 * 1024

# Characters XML 1.0 cannot carry (control characters, lone surrogates): a file holding one
# would not parse, so they are written as U+FFFD.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class NetworkKind(StrEnum):
    AUTHORS = "authors"
    REPLIES = "replies"


class NetworkFormat(StrEnum):
    GRAPHML = "graphml"
    GEXF = "gexf"

    @property
    def media_type(self) -> str:
        return f"application/{self.value}+xml"


WRITERS: dict[NetworkFormat, Callable[..., None]] = {
    NetworkFormat.GRAPHML: nx.write_graphml,
    NetworkFormat.GEXF: nx.write_gexf,
}
NETWORK_FILE: dict[str, Any] = {
    "description": "The network as a file to download (`Content-Disposition: attachment`).",
    "content": {f.media_type: {"schema": {"type": "string"}} for f in NetworkFormat},
    "headers": {
        "Content-Disposition": {
            "description": "`attachment; filename=thread-<id>-<kind>.<format>`",
            "schema": {"type": "string"},
        },
        UNKNOWN_AUTHORS_HEADER: {
            "description": "Comments without a known author, left out of the author network "
            "(with the replies they wrote and received); the same count as the graph "
            "attribute `unknown_author_comments` (GraphML) and in the graph's name (GEXF).",
            "schema": {"type": "integer", "minimum": 0},
        },
    },
}
DESCRIPTION = (
    "`kind=replies`: the reply tree that was measured, one node per comment plus the post, an "
    "edge from each reply to its parent. Node attributes: `kind` (post, comment), `depth`, "
    "`author`, `created_at`, `reply_to_method` (given, explicit_field, mention, "
    "platform_parent), `platform_reply_to` (where re-targeting chose another parent), "
    "`is_creator`.\n\n"
    "`kind=authors`: who replies to whom, one node per known author (`comments`, "
    "`first_seen`, `is_creator`), an edge A→B with `weight` = the replies A wrote to B (what "
    "Gephi reads as the weight) and `reciprocated` (B also replied to A). A top-level comment "
    "replies to the post's creator when the creator is known, as the metrics count it. "
    "Comments without a known author are left out and counted "
    f"(`{UNKNOWN_AUTHORS_HEADER}`).\n\n"
    "Unknown attributes (no author, no timestamp) are left off a node rather than written empty; "
    "characters XML cannot hold are written as U+FFFD."
)


@router.get(
    "/{thread_id}/network",
    operation_id="get_thread_network",
    summary="A thread's reply tree or author network as GraphML or GEXF (for Gephi)",
    description=DESCRIPTION,
    response_class=Response,
    responses={200: NETWORK_FILE, **problem_responses(404, 422)},
    dependencies=[
        requires(Scope.COMMENTS_READ, Charge.EXPENSIVE_READ),
        Depends(no_unknown_parameters),
    ],
)
def get_thread_network(
    session: SessionDep,
    thread: ThreadDep,
    kind: Annotated[
        NetworkKind, Query(description="`authors` (who replies to whom) or `replies` (the tree).")
    ] = NetworkKind.AUTHORS,
    format: Annotated[
        NetworkFormat, Query(description="`graphml` or `gexf`; both open in Gephi.")
    ] = NetworkFormat.GRAPHML,
) -> StreamingResponse:
    graph = thread_network(session, thread, kind)
    return network_file(graph, f"thread-{thread.id}-{kind.value}", format)


def thread_network(session: Session, row: ThreadRow, kind: NetworkKind) -> nx.DiGraph[str]:
    """The network of the stored thread's measured tree, named for the file's readers."""
    tree = build_reply_tree(load_thread(session, row).thread)
    graph = author_network(tree) if kind is NetworkKind.AUTHORS else reply_network(tree)
    name = f"{row.platform}/{row.external_id} {kind.value}"
    if kind is NetworkKind.AUTHORS:  # GEXF keeps no graph attribute but the name
        name += (
            f" (comments without a known author left out: {graph.graph['unknown_author_comments']})"
        )
    graph.graph["name"] = name
    return graph


def network_file(graph: nx.DiGraph[str], name: str, format: NetworkFormat) -> StreamingResponse:
    headers = {
        "Content-Disposition": f"attachment; filename={name}.{format.value}",
        UNKNOWN_AUTHORS_HEADER: str(graph.graph["unknown_author_comments"]),
    }
    spool = _written(graph, format)
    return StreamingResponse(_chunks(spool), media_type=format.media_type, headers=headers)


def _written(graph: nx.DiGraph[str], format: NetworkFormat) -> IO[bytes]:
    """The file, written and rewound; closed (its disk space freed) if writing fails."""
    with ExitStack() as on_failure:
        spool = on_failure.enter_context(tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES))
        WRITERS[format](xml_safe(graph), spool, prettyprint=False)
        spool.seek(0)
        on_failure.pop_all()
    return spool


def xml_safe(graph: nx.DiGraph[str]) -> nx.DiGraph[str]:
    """The graph itself when every string in it fits XML (the usual case: no copy), else a copy
    with the characters XML cannot hold replaced by U+FFFD."""
    if not any(NOT_XML.search(text) for text in _strings(graph)):
        return graph
    safe: nx.DiGraph[str] = nx.DiGraph()
    safe.graph.update(_safe_values(graph.graph))
    safe.add_nodes_from((_safe(n), _safe_values(data)) for n, data in graph.nodes(data=True))
    safe.add_edges_from(
        (_safe(u), _safe(v), _safe_values(data)) for u, v, data in graph.edges(data=True)
    )
    return safe


def _strings(graph: nx.DiGraph[str]) -> Iterator[str]:
    yield from (v for v in graph.graph.values() if isinstance(v, str))
    for node, data in graph.nodes(data=True):
        yield node
        yield from (v for v in data.values() if isinstance(v, str))


def _safe(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


def _safe_values(data: dict[str, Any]) -> dict[str, Any]:
    return {k: _safe(v) if isinstance(v, str) else v for k, v in data.items()}


def _chunks(spool: IO[bytes]) -> Iterator[bytes]:
    with spool:
        while chunk := spool.read(CHUNK_BYTES):
            yield chunk
