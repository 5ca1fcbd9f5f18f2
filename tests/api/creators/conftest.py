"""Three creators drawn small enough to count every measure by hand.

tiktok/ann (creator author id "ann"; the canonical body names the account "@Ann"):

    p1  2024-05, tag camp, creator "ann"     p2  2024-06, creator not given
    ├── a  u1                                ├── f  u1
    │   └── b  ann   (creator reply)         │   └── g  u2        pair u1-u2
    │       └── c  u1  (to the creator)      └── h  u3
    └── d  u2                                    └── i  u2        pair u2-u3
        └── e  u3    pair u2-u3                      └── i2 u3    pair u2-u3

    p3  2024-06, tag camp, creator "ann"
    ├── j  u1
    │   ├── k  u2        pair u1-u2
    │   │   └── l  ann   (creator reply)
    │   └── n  u4        pair u1-u4
    └── m  [deleted]     (unknown author: no commenter)

tiktok/bob: q1 2024-05, tag camp, creator "bob":  o u5  └── p u6 (pair u5-u6)
youtube/UCx (a channel id: case kept): y1 2024-05, no creator id: one comment by v1.

By hand, ann: comments 5 + 5 + 5 = 15; commenters u1 (p1 p2 p3), u2 (p1 p2 p3), u3 (p1 p2),
u4 (p3) = 4, returning 3 → 3/4, core 2; creator comments b, l = 2; replies b c e, g i i2,
k l n = 9, by the creator 2 → 2/9; pairs u2-u3 (p1 p2, 3 replies), u1-u2 (p2 p3, 2 replies),
u1-u4 (p3 only) → interacting 3, recurring 2.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from importers.toolkit.creators import account_handle
from nlp.thread import Platform

# (comment id, reply to, author), one per comment in upload order.
Drawn = list[tuple[str, str | None, str]]
P1: Drawn = [
    ("a", None, "u1"),
    ("b", "a", "ann"),
    ("c", "b", "u1"),
    ("d", None, "u2"),
    ("e", "d", "u3"),
]
P2: Drawn = [
    ("f", None, "u1"),
    ("g", "f", "u2"),
    ("h", None, "u3"),
    ("i", "h", "u2"),
    ("i2", "i", "u3"),
]
P3: Drawn = [
    ("j", None, "u1"),
    ("k", "j", "u2"),
    ("l", "k", "ann"),
    ("m", None, "[deleted]"),
    ("n", "j", "u4"),
]
Q1: Drawn = [("o", None, "u5"), ("p", "o", "u6")]
Y1: Drawn = [("v", None, "v1")]
# post id: (platform, account as the export writes it, creator id, month, tags, comments)
Post = tuple[str, str, str | None, str, list[str], Drawn]
POSTS: dict[str, Post] = {
    "p1": ("tiktok", "@Ann", "ann", "2024-05", ["camp"], P1),
    "p2": ("tiktok", "@Ann", None, "2024-06", [], P2),
    "p3": ("tiktok", "@Ann", "ann", "2024-06", ["camp"], P3),
    "q1": ("tiktok", "bob", "bob", "2024-05", ["camp"], Q1),
    "y1": ("youtube", "UCx", None, "2024-05", [], Y1),
}
# Stored by the tests that need one more post: bob again, his handle in another case.
LATER: dict[str, Post] = {"q2": ("tiktok", "BOB", "bob", "2024-07", [], Q1)}


def canonical(external_id: str) -> dict[str, Any]:
    platform, account, creator, month, tags, drawn = {**POSTS, **LATER}[external_id]
    comments = [
        {
            "id": cid,
            "reply_to": parent,
            "author": author,
            "text": "text",
            "created_at": f"{month}-0{1 + index // 60}T10:{index % 60:02d}:00Z",
        }
        for index, (cid, parent, author) in enumerate(drawn)
    ]
    body = {
        "platform": platform,
        "external_id": external_id,
        "creator_handle": account,
        "comments": comments,
        "tags": tags,
    }
    return body if creator is None else {**body, "creator": creator}


def upload(client: TestClient, external_id: str) -> dict[str, Any]:
    """Store one drawn post; the thread as the upload answered it."""
    answer = client.post("/v1/threads", json=canonical(external_id))
    assert answer.status_code == 201, answer.text
    thread: dict[str, Any] = answer.json()["threads"][0]
    platform, account = {**POSTS, **LATER}[external_id][:2]
    assert thread["creator_handle"] == account_handle(Platform(platform), account)
    return thread


@pytest.fixture
def drawn(client: TestClient) -> dict[str, dict[str, Any]]:
    """Every drawn post stored, by post id."""
    return {external_id: upload(client, external_id) for external_id in POSTS}
