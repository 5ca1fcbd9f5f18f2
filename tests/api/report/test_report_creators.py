"""/v1/report's creators section, on SQLite and PostgreSQL: creators with at least two threads
ranked by returning commenter share and by median Dialogue Score, handles escaped."""

from __future__ import annotations

import re
import statistics
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import Engine, update

from db.models import ThreadRow
from tests.api.bodies import comment

# A handle is stored as given here (set in SQL), so one with markup shows the escaping.
ANN = "<b>ann</b>&co"
#   creator          post  comments (author, replying to)         commenters' posts
#   tiktok/<ANN>     a1    u1; u2 → u1; u1 → u2                     u1: a1 a2 a3  (core)
#                    a2    u1; u3 → u1; u1 → u3                     u2: a1 a3     (returning)
#                    a3    u2; u1 → u2; u2 → u1                     u3: a2
#                    → returning 2 of 3, core 1; replies back and forth: high scores
#   tiktok/bo        b1    u4; u5                                    u4: b1 b2     (returning)
#                    b2    u4; u6                                    u5: b1, u6: b2
#                    → returning 1 of 3, core 0; no reply: low scores
#   tiktok/cy        c1    u7; u8                                    one thread: not listed
#   (no handle)      n1    u1; u4                                    in no creator
POSTS: dict[str, tuple[str | None, list[tuple[str, str | None]]]] = {
    "a1": (ANN, [("u1", None), ("u2", "c0"), ("u1", "c1")]),
    "a2": (ANN, [("u1", None), ("u3", "c0"), ("u1", "c1")]),
    "a3": (ANN, [("u2", None), ("u1", "c0"), ("u2", "c1")]),
    "b1": ("bo", [("u4", None), ("u5", None)]),
    "b2": ("bo", [("u4", None), ("u6", None)]),
    "c1": ("cy", [("u7", None), ("u8", None)]),
    "n1": (None, [("u1", None), ("u4", None)]),
}
EVERY_THREAD: dict[str, str | int] = {"resamples": 200, "min_comments": 1}


def body(external_id: str, authors: list[tuple[str, str | None]]) -> dict[str, Any]:
    comments = [comment(f"c{i}", parent, author, i) for i, (author, parent) in enumerate(authors)]
    return {"platform": "tiktok", "external_id": external_id, "comments": comments}


def store(client: TestClient, engine: Engine, posts: dict[str, Any]) -> dict[str, float]:
    """Store the posts with their handles; each post's Dialogue Score as stored."""
    scores = {}
    for external_id, (_, authors) in posts.items():
        answer = client.post("/v1/threads", json=body(external_id, authors))
        assert answer.status_code == 201, answer.text
        scores[external_id] = answer.json()["threads"][0]["metrics"]["dialogue_score"]
    with engine.begin() as connection:
        for external_id, (handle, _) in posts.items():
            connection.execute(
                update(ThreadRow)
                .where(ThreadRow.external_id == external_id)
                .values(creator_handle=handle)
            )
    return scores


def creators_section(page: str) -> str:
    return page[page.index('<section id="creators">') : page.index('<section id="caveats">')]


def ranked_rows(part: str) -> list[list[str]]:
    """The cells of every ranked row, rank first, in page order."""
    rows = re.findall(r"<tr>(<td>\d+</td>.*?)</tr>", part)
    return [re.findall(r"<td>(.*?)</td>", found) for found in rows]


def test_creators_ranked_by_community_and_dialogue(
    client: TestClient, clean_engine: Engine
) -> None:
    scores = store(client, clean_engine, POSTS)
    page = client.get("/v1/report", params=EVERY_THREAD).text
    assert '<a href="#creators">Creators</a>' in page
    part = creators_section(page)
    assert "2 creators with at least 2 stored threads" in part
    assert ANN not in page  # never as markup
    shown_ann = str(escape(f"tiktok/{ANN}"))
    community, dialogue = part.split("By dialogue")
    rows = ranked_rows(community)
    assert [(r[0], r[1], r[2]) for r in rows] == [("1", shown_ann, "3"), ("2", "tiktok/bo", "2")]
    assert (rows[0][3], rows[0][4]) == ("0.667 (2 of 3)", "1")
    assert (rows[1][3], rows[1][4]) == ("0.333 (1 of 3)", "0")
    # The dialogue ranking follows the medians of the stored scores.
    medians = {
        shown_ann: statistics.median(scores[p] for p in ("a1", "a2", "a3")),
        "tiktok/bo": statistics.median(scores[p] for p in ("b1", "b2")),
    }
    assert medians[shown_ann] > medians["tiktok/bo"]
    rows = ranked_rows(dialogue)
    assert [r[1] for r in rows] == [shown_ann, "tiktok/bo"]
    for row in rows:  # "median (threads scored)", the median rounded for display
        median, scored = re.fullmatch(r"([\d.]+) \((\d+)\)", row[5]).groups()  # type: ignore[union-attr]
        assert float(median) == pytest.approx(medians[row[1]], abs=0.05)
        assert int(scored) == int(row[2])  # every thread has a score
    assert "tiktok/cy" not in part


def test_no_section_without_creators_of_two_threads(
    client: TestClient, clean_engine: Engine
) -> None:
    single = {key: POSTS[key] for key in ("a1", "b1", "c1", "n1")}  # one thread per creator
    store(client, clean_engine, single)
    page = client.get("/v1/report", params=EVERY_THREAD).text
    assert 'id="creators"' not in page
    assert 'href="#creators"' not in page


def test_section_keeps_to_the_platforms_compared(client: TestClient, clean_engine: Engine) -> None:
    store(client, clean_engine, POSTS)
    client.post("/v1/threads", json={**body("y1", [("u1", None)]), "platform": "youtube"})
    page = client.get("/v1/report", params={**EVERY_THREAD, "groups": "youtube"}).text
    assert 'id="creators"' not in page  # the TikTok creators are not of this report
    chosen = {**EVERY_THREAD, "by": "creator", "groups": "tiktok/bo"}
    part = creators_section(client.get("/v1/report", params=chosen).text)
    assert [r[1] for r in ranked_rows(part)] == ["tiktok/bo", "tiktok/bo"]  # two rankings
    assert "1 creator with at least 2 stored threads" in part
