"""GET /threads/{id}: the reply tree, its marks and highlighted exchanges, escaping, the author
network's circles and curves, the score and the download links, on threads drawn here."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from app.web.service import MAX_NETWORK_AUTHORS
from tests.api.bodies import comment, flat_thread
from tests.web.page_reading import read_page


def talk() -> dict[str, Any]:
    """post (creator cr)
    ├── a  ann   "Is it <b>safe</b> & sound?"
    │   └── b  bob
    │       ├── c  ann
    │       │   └── g  bob        a-b-c-g: ann, bob, ann, bob: one exchange of 4 turns
    │       └── d  "eve<script>"  (an author id that must be escaped)
    └── e  cr
        └── f  cr                 the creator answering themself: a loop, not drawn
    Times a, b, c, d, e, f, g in that order, so the tree order is a b c g d e f.
    """
    return {
        "platform": "reddit",
        "external_id": "talk",
        "creator": "cr",
        "comments": [
            comment("a", None, "ann", 0, "Is it <b>safe</b> & sound?"),
            comment("b", "a", "bob", 1, "text b"),
            comment("c", "b", "ann", 2, "text c"),
            comment("d", "b", "eve<script>", 3, "text d"),
            comment("e", None, "cr", 4, "text e"),
            comment("f", "e", "cr", 5, "text f"),
            comment("g", "c", "bob", 6, "text g"),
        ],
    }


def stored_page(client: TestClient, body: dict[str, Any]) -> str:
    created = client.post("/v1/threads", json=body)
    assert created.status_code == 201, created.text
    thread_id = created.json()["items"][0]["id"]
    page = client.get(f"/threads/{thread_id}")
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    return page.text


def test_the_tree_nests_each_reply_under_its_parent_in_tree_order(client: TestClient) -> None:
    page = read_page(stored_page(client, talk()))
    by_anchor = {c.anchor: c.text for c in page.comments}
    nesting = [
        (c.text, by_anchor[c.parent_anchor] if c.parent_anchor else None) for c in page.comments
    ]
    assert nesting == [
        ("Is it <b>safe</b> & sound?", None),
        ("text b", "Is it <b>safe</b> & sound?"),
        ("text c", "text b"),
        ("text g", "text c"),
        ("text d", "text b"),
        ("text e", None),
        ("text f", "text e"),
    ]


def test_the_exchange_is_highlighted_and_the_creator_marked(client: TestClient) -> None:
    page = read_page(stored_page(client, talk()))
    highlighted = [c.text for c in page.comments if "in-exchange" in c.classes]
    assert highlighted == ["Is it <b>safe</b> & sound?", "text b", "text c", "text g"]
    assert {c.exchanges for c in page.comments if "in-exchange" in c.classes} == {"1"}
    assert [c.text for c in page.comments if "by-creator" in c.classes] == ["text e", "text f"]
    # The exchange list links to the exchange's first comment.
    first = next(c for c in page.comments if c.text.startswith("Is it"))
    assert f"#{first.anchor}" in page.links


def test_text_and_author_ids_are_escaped(client: TestClient) -> None:
    html = stored_page(client, talk())
    assert "Is it &lt;b&gt;safe&lt;/b&gt; &amp; sound?" in html
    assert "<script" not in html  # neither the author id nor any script of the page's own
    assert "eve&lt;script&gt;" in html


def test_the_network_sizes_circles_by_comments_and_curves_by_replies(client: TestClient) -> None:
    page = read_page(stored_page(client, talk()))
    # Comments written: ann 2, bob 2, cr 2, eve<script> 1. Radius 4 + 18·sqrt(n / 2).
    circles = {c.author: (c.comments, c.radius, "creator" in c.classes) for c in page.circles}
    assert circles == {
        "ann": (2, 22.0, False),
        "bob": (2, 22.0, False),
        "cr": (2, 22.0, True),
        "eve<script>": (1, 16.7, False),
    }
    # Replies: ann→cr 1 (a, top-level, to the creator), bob→ann 2 (b, g), ann→bob 1 (c),
    # eve→bob 1 (d); cr→cr 2 (e, f) is a loop, not drawn. Width 1 + 7·sqrt(w / 2).
    curves = {(c.source, c.target): (c.weight, c.stroke, c.classes) for c in page.curves}
    assert curves == {
        ("ann", "cr"): (1, 5.9, {"edge"}),
        ("bob", "ann"): (2, 8.0, {"edge", "reciprocated"}),
        ("ann", "bob"): (1, 5.9, {"edge", "reciprocated"}),
        ("eve<script>", "bob"): (1, 5.9, {"edge"}),
    }


def test_score_components_and_download_links_are_shown(client: TestClient) -> None:
    created = client.post("/v1/threads", json=talk()).json()["items"][0]
    html = client.get(f"/threads/{created['id']}").text
    for part in created["metrics"]["score_components"]:
        assert f"<td>{part['name']}</td>" in html
    links = read_page(html).links
    thread_id = created["id"]
    for kind in ("authors", "replies"):
        for file_format in ("graphml", "gexf"):
            link = f"/v1/threads/{thread_id}/network?kind={kind}&format={file_format}"
            assert link in links
            assert client.get(link).status_code == 200
    assert f"/v1/threads/{thread_id}/comments" in links


def test_a_reply_retargeted_by_its_mention_is_marked(client: TestClient) -> None:
    """youtube-comment-downloader flattens replies under the top-level comment:
    top1 ann "Which camera?"
    ├── r1 bob "A Sony"
    └── r2 ann "@bob which model?"   the platform says top1; the mention re-targets it to r1
    """
    lines: list[dict[str, Any]] = [
        {"cid": "top1", "text": "Which camera?", "author": "@ann", "channel": "UCann"},
        {"cid": "top1.r1", "text": "A Sony", "author": "@bob", "channel": "UCbob"},
        {"cid": "top1.r2", "text": "@bob which model?", "author": "@ann", "channel": "UCann"},
    ]
    for minute, line in enumerate(lines):
        line |= {"time": "1 day ago", "time_parsed": 1_700_000_000 + 60 * minute, "votes": "0"}
    created = client.post(
        "/v1/threads?format=youtube_comment_downloader&external_id=vid1",
        content="\n".join(json.dumps(line) for line in lines),
        headers={"content-type": "application/x-ndjson"},
    )
    assert created.status_code == 201, created.text
    page = read_page(client.get(f"/threads/{created.json()['items'][0]['id']}").text)
    texts = {c.anchor: c.text for c in page.comments}
    marked = {c.text: c.badges for c in page.comments}
    reply = next(c for c in page.comments if c.text == "@bob which model?")
    assert texts[reply.parent_anchor or ""] == "A Sony"
    assert "reconstructed: mention" in marked["@bob which model?"]
    assert not any(b.startswith("reconstructed") for b in marked["A Sony"])


def test_an_unknown_thread_is_a_404_problem(client: TestClient) -> None:
    answer = client.get("/threads/4242")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"


def test_a_big_network_is_cut_to_its_most_active_authors_and_says_so(
    client: TestClient,
) -> None:
    """MAX_NETWORK_AUTHORS + 5 people each writing one top-level comment."""
    authors = MAX_NETWORK_AUTHORS + 5
    page = stored_page(client, flat_thread("crowd", authors))
    assert len(read_page(page).circles) == MAX_NETWORK_AUTHORS
    assert f"The {MAX_NETWORK_AUTHORS} most active of {authors} authors" in page
