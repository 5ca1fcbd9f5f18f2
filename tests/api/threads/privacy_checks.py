"""What a database holds about people: the helpers of tests/api/threads/test_privacy.py.

The originals are what the uploads say of people, read by importing them without pseudonyms;
the database is read whole: every byte of the SQLite file (its WAL checkpointed into it first,
and any -wal file too) or every row of every PostgreSQL table, decoded from JSON.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text

from importers.payload import Payload
from importers.pseudonyms import is_known
from importers.registry import import_payload
from importers.retarget import handle_key

FORMATS = Path(__file__).resolve().parents[2] / "fixtures/formats"
# Names shorter than this occur in a database by chance: the letters of pseudonyms spell "bob"
# and "dan"; "@owner" of a fixture is a word of an import note ("the video's owner").
SHORTEST_NEEDLE = 6
MENTION = re.compile(r"[@＠]([\w.-]*\w)")
LINK_HANDLE = re.compile(r"[@＠]([\w.-]+)")


def named_thread() -> dict[str, Any]:
    """A canonical post by creator-quillon ("Quillon Marsh"), every name one to look for:
    a  zephyrine-01 "Zephyrine Vantablack"  top-level
    └─ b  bramwell-02 "Bramwell Ostrava"    "@Zephyrine Vantablack yes; ask @creator-quillon"
       └─ c creator-quillon "Quillon Marsh" "@bramwell ostrava it is!"  (the creator answers)
    """
    return {
        "platform": "instagram",
        "external_id": "priv-post",
        "creator": "creator-quillon",
        "url": "https://www.instagram.com/@creator-quillon/p/priv-post",
        "title": "Spring print, thanks @Zephyrine Vantablack",
        "comments": [
            comment("a", None, "zephyrine-01", "Zephyrine Vantablack", 0, "Is this new?"),
            comment(
                "b", "a", "bramwell-02", "Bramwell Ostrava", 1,
                "@Zephyrine Vantablack yes; ask @creator-quillon",
            ),
            comment("c", "b", "creator-quillon", "Quillon Marsh", 2, "@bramwell ostrava it is!"),
        ],
    }  # fmt: skip


def comment(
    cid: str, parent: str | None, author: str, name: str, minute: int, text: str
) -> dict[str, Any]:
    return {
        "id": cid,
        "reply_to": parent,
        "author": author,
        "author_name": name,
        "text": text,
        "created_at": f"2024-05-01T10:{minute:02d}:00Z",
    }


EXPORTS = (
    "youtube_data_api/crawl.json",
    "tiktok_web/zeeschuimer.ndjson",
    "tiktok_apify/comments.json",
    "youtube_comment_downloader/2023_lines.json",
)


def originals(paths: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """What the exports say of people, as imported without pseudonyms: every author id, name,
    name without "@" and handle in a link; and every comment's text."""
    people: set[str] = {"creator-quillon", "Quillon Marsh", "quillon marsh"}
    texts: set[str] = set()
    thread = named_thread()
    for c in thread["comments"]:
        people |= {c["author"], c["author_name"], c["author_name"].casefold()}
        texts.add(c["text"])
    for path in paths:
        for item in import_payload(Payload((FORMATS / path).read_bytes(), filename=path)):
            post = item.thread
            people |= {post.creator} if is_known(post.creator) else set()
            people |= set(LINK_HANDLE.findall(post.url or ""))
            for c in post.comments:
                for value in (c.author, c.author_name):
                    if is_known(value):
                        people |= {value, handle_key(value)}
                texts.add(c.text)
    return people, {t for t in texts if len(t) >= SHORTEST_NEEDLE and is_known(t)}


def upload_all(client: TestClient, paths: tuple[str, ...]) -> None:
    assert client.post("/v1/threads", json=named_thread()).status_code == 201
    for path in paths:
        files = {"file": (Path(path).name, (FORMATS / path).read_bytes())}
        answer = client.post("/v1/threads", files=files)
        assert answer.status_code == 201, answer.text


def served(client: TestClient) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every stored thread and every comment, as the API serves them."""
    threads = client.get("/v1/threads", params={"limit": 100}).json()["items"]
    comments = [
        c for t in threads for c in client.get(f"/v1/threads/{t['id']}/comments").json()["items"]
    ]
    return threads, comments


def named_anywhere(
    people: set[str], threads: list[dict[str, Any]], comments: list[dict[str, Any]]
) -> set[str]:
    """The originals a served author, name, creator, url, title, note or @mention shows."""
    shown = {c[field] for c in comments for field in ("author", "author_name")}
    shown |= {t[field] for t in threads for field in ("creator", "external_id")}
    shown |= {m for c in comments for m in MENTION.findall(c["text"])}
    for t in threads:
        for line in (t["url"] or "", t["title"] or ""):
            shown |= set(re.findall(r"[\w.-]+", line))
        for note in t["import_report"]["limits"]:  # its words are ours: "the video's owner"
            shown |= set(MENTION.findall(note))
    return {p for p in people if p in shown or handle_key(p) in shown}


def strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def stored_text(url: str) -> str:
    """Everything the database holds, as text: the SQLite file's bytes (its WAL written into it
    first) decoded leniently, or every PostgreSQL row of every table as JSON."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        files = [path, *path.parent.glob(f"{path.name}-*")]
        return "\n".join(f.read_bytes().decode("utf-8", "replace") for f in files)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
            assert {"threads", "comments", "thread_metrics", "thread_window_metrics"} <= set(tables)
            return "\n".join(
                value
                for table in tables
                for row in connection.scalars(
                    text(f'SELECT row_to_json(t)::text FROM "{table}" AS t')
                )
                for value in strings(json.loads(row))  # as stored, not JSON-escaped
            )
    finally:
        engine.dispose()
