"""The report's time view reads each thread's month with the selection's groups and size
control, on SQLite and PostgreSQL; /v1/report draws it beside the size view."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from db.aggregates import GroupBy, Selection, values_by_month


def flat(platform: str, external_id: str, month: str, comments: int) -> dict[str, Any]:
    """`comments` top-level comments, the first on the 1st of `month` ("YYYY-MM")."""
    return {
        "platform": platform,
        "external_id": external_id,
        "comments": [
            {
                "id": f"c{i}",
                "reply_to": None,
                "author": f"u{i}",
                "text": "text",
                "created_at": f"{month}-0{1 + i}T10:00:00Z",
            }
            for i in range(comments)
        ],
    }


#   thread  platform  first comment  comments  tag
#   t1      tiktok    2024-01        5         a
#   t2      tiktok    2024-03        3         a      (below a minimum of 5)
#   t3      tiktok    2024-03        6         b
#   y1      youtube   2023-12        5         a
THREADS = [
    ("tiktok", "t1", "2024-01", 5, "a"),
    ("tiktok", "t2", "2024-03", 3, "a"),
    ("tiktok", "t3", "2024-03", 6, "b"),
    ("youtube", "y1", "2023-12", 5, "a"),
]


def store(client: TestClient) -> None:
    for platform, external_id, month, comments, tag in THREADS:
        body = flat(platform, external_id, month, comments)
        answer = client.post("/v1/threads", params={"tag": tag}, json=body)
        assert answer.status_code == 201, answer.text


def test_months_per_group_under_the_size_control(client: TestClient, session: Session) -> None:
    store(client)
    # the thread's size is a metric with a known value: its comment count
    found = values_by_month(session, ("comments",), Selection(min_comments=5))
    assert found == {
        "comments": {
            "tiktok": (("2024-01", 5.0), ("2024-03", 6.0)),
            "youtube": (("2023-12", 5.0),),
        }
    }
    every = values_by_month(session, ("comments",), Selection(min_comments=1))
    assert sorted(every["comments"]["tiktok"]) == [
        ("2024-01", 5.0),
        ("2024-03", 3.0),
        ("2024-03", 6.0),
    ]


def test_months_per_tag_and_chosen_groups(client: TestClient, session: Session) -> None:
    store(client)
    by_tag = Selection(by=GroupBy.TAG, groups=("a",), min_comments=1)
    found = values_by_month(session, ("comments",), by_tag)["comments"]
    assert list(found) == ["a"]
    assert sorted(found["a"]) == [("2023-12", 5.0), ("2024-01", 5.0), ("2024-03", 3.0)]


def test_the_report_draws_the_size_and_time_views(client: TestClient) -> None:
    store(client)
    page = client.get("/v1/report", params={"resamples": 200, "min_comments": 1}).text
    assert "Median dialogue_score by thread size" in page
    assert "Median dialogue_score per month in which a thread" in page
    assert 'download="dialogue_score-groups.csv"' in page
