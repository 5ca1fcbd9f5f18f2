"""Whatever SQLite stores, PostgreSQL stores, with the same values read back (issue 11, item 4).

NUL characters (which PostgreSQL cannot hold in text) arrive as U+FFFD and are counted; long ids,
names and tags and 64-bit like counts store and read back equal; what no column can hold is a
422 naming the comment and field, on both databases alike.
"""

from __future__ import annotations

import os
import random
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zstandard
from fastapi.testclient import TestClient
from sqlalchemy import BigInteger, Engine, Text, inspect, text

from app.main import create_app
from bench.databases import postgres_schema
from db.engine import make_engine
from db.migrate import downgrade, upgrade
from importers.toolkit.values import MAX_COUNT, MAX_KEY_LENGTH
from tests.api.problems import assert_problem
from tests.conftest import DEFAULT_POSTGRES_URL, api_settings

NUL = "\x00"
FFFD = "\ufffd"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
TIKTOK_FULL = SHARED / "tiktok" / "nesc-apify-full" / "comments-all.tar.zst"
NUL_HANDLE_POST = "7380458640995519786"


def _comment(comment_id: str, reply_to: str | None, author: str, **extra: Any) -> dict[str, Any]:
    return {"id": comment_id, "reply_to": reply_to, "author": author, "text": "text", **extra}


def _post(client: TestClient, body: dict[str, Any], **params: Any) -> dict[str, Any]:
    response = client.post("/v1/threads", json=body, params=params)
    assert response.status_code == 201, response.text
    [thread] = response.json()["threads"]
    fetched = client.get(f"/v1/threads/{thread['id']}")
    assert fetched.status_code == 200
    stored: dict[str, Any] = fetched.json()
    return stored


def _comments(client: TestClient, thread_id: int) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 500} | ({"cursor": cursor} if cursor else {})
        page = client.get(f"/v1/threads/{thread_id}/comments", params=params).json()
        found |= {item["id"]: item for item in page["items"]}
        cursor = page["next_cursor"]
        if cursor is None:
            return found


def test_nul_characters_arrive_as_replacement_characters_and_are_counted(
    client: TestClient,
) -> None:
    body = {
        "platform": "tiktok",
        "external_id": f"post{NUL}",
        "creator": f"cr{NUL}",
        "title": f"a{NUL}title",
        "url": f"https://x.test/{NUL}",
        "tags": [f"body{NUL}tag"],
        "comments": [
            _comment(f"a{NUL}", None, f"ann{NUL}{NUL}", text=f"hi{NUL}", author_name=f"A{NUL}"),
            _comment(f"b{NUL}", f"a{NUL}", "bob", text=f"@ann{NUL}{NUL} {NUL}"),
        ],
    }
    thread = _post(client, body, tag=f"query{NUL}tag")
    assert (thread["external_id"], thread["creator"]) == ("post�", "cr�")
    assert (thread["title"], thread["url"]) == ("a�title", "https://x.test/�")
    assert thread["tags"] == ["body�tag", "query�tag"]
    # post, creator, title, url 4 + tags 2; a: id 1, author 2, text 1, name 1; b: id 1,
    # reply_to 1, text 3
    assert thread["import_report"]["replaced_nul_characters"] == 6 + 5 + 5
    comments = _comments(client, thread["id"])
    assert comments["b�"] == {
        "id": "b�",
        "parent_id": "a�",
        "reply_to": "a�",
        "author": "bob",
        "author_name": None,
        "text": "@ann�� �",
        "depth": 2,  # top-level comments are at depth 1
        "platform_reply_to": None,
        "reply_to_method": "given",
        "created_at": None,
        "like_count": None,
    }
    assert (comments["a�"]["author"], comments["a�"]["author_name"]) == ("ann��", "A�")
    assert thread["metrics"]["replies"] == 1  # the reply still found its parent


def test_long_ids_names_and_tags_read_back_equal(client: TestClient) -> None:
    long_id, author, creator, tag = "i" * 300, "ä" * 300, "c" * 300, "t" * 100
    body = {
        "platform": "youtube",
        "external_id": "p" * 300,
        "creator": creator,
        "tags": [tag],
        "comments": [
            _comment(long_id, None, author, author_name="n" * 300),
            _comment(long_id + "2", long_id, creator),
        ],
    }
    thread = _post(client, body)
    assert (thread["external_id"], thread["creator"], thread["tags"]) == ("p" * 300, creator, [tag])
    comments = _comments(client, thread["id"])
    assert (comments[long_id]["author"], comments[long_id]["author_name"]) == (author, "n" * 300)
    assert comments[long_id + "2"]["parent_id"] == long_id
    assert tag in client.get("/v1/tags", params={"min_comments": 1}).text


def test_ids_and_tags_at_the_limit_fit_postgresqls_indexes(client: TestClient) -> None:
    # the worst case: 4-byte UTF-8 characters that do not compress (2,000 bytes per key)
    draw = random.Random(11)
    key = "".join(chr(draw.randrange(0x20000, 0x2A6DF)) for _ in range(MAX_KEY_LENGTH))
    body = {
        "platform": "other",
        "external_id": key,
        "tags": [key],
        "comments": [_comment(key, None, "ann")],
    }
    thread = _post(client, body)
    assert (thread["external_id"], thread["tags"]) == (key, [key])
    assert list(_comments(client, thread["id"])) == [key]
    body["external_id"] = key + "x"
    problem = assert_problem(client.post("/v1/threads", json=body), 422)
    assert problem["errors"][0]["loc"] == ["external_id"]


def test_like_counts_of_64_bits_read_back_equal(client: TestClient) -> None:
    body = {
        "platform": "reddit",
        "external_id": "likes",
        "comments": [
            _comment("a", None, "ann", like_count=2**31),
            _comment("b", None, "bob", like_count=2**40),
            _comment("c", None, "cy", like_count=MAX_COUNT),
        ],
    }
    thread = _post(client, body)
    likes = {k: c["like_count"] for k, c in _comments(client, thread["id"]).items()}
    assert likes == {"a": 2**31, "b": 2**40, "c": MAX_COUNT}


def test_a_like_count_beyond_64_bits_is_a_problem_naming_comment_and_field(
    client: TestClient,
) -> None:
    body = {
        "platform": "reddit",
        "external_id": "too-many",
        "comments": [_comment("a", None, "ann"), _comment("b", None, "bob", like_count=2**63)],
    }
    problem = assert_problem(client.post("/v1/threads", json=body), 422)
    assert problem["errors"] == [
        {
            "loc": ["comments", "b", "like_count"],
            "msg": "post 'too-many', comment 'b': like_count 9223372036854775808 is beyond "
            "2^63-1 (9223372036854775807), the largest count stored",
        }
    ]
    assert client.get("/v1/threads").json()["items"] == []


def test_a_boolean_like_count_is_a_problem_naming_the_field(client: TestClient) -> None:
    body = {
        "platform": "reddit",
        "external_id": "boolean",
        "comments": [_comment("a", None, "ann", like_count=True)],
    }
    problem = assert_problem(client.post("/v1/threads", json=body), 422)
    assert "like_count" in str(problem["errors"])


# --- migration 0005 on a database of its own, with data in it --------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    request.getfixturevalue("postgres_schema_url")  # skips when no server answers
    base = os.environ.get("PARLEY_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    with postgres_schema(base, "parley_fresh") as url:
        yield url


def _rows(engine: Engine, query: str) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query))]


def _insert(engine: Engine, comment_id: str, like_count: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO comments (thread_id, position, comment_id, reply_to_method, depth,"
                " text, like_count) VALUES (1, 1, :cid, 'given', 0, 't', :likes)"
            ),
            {"cid": comment_id, "likes": like_count},
        )


def test_migration_0005_keeps_the_data_and_goes_back_only_when_it_fits(fresh_url: str) -> None:
    upgrade(fresh_url, "0004")
    engine = make_engine(fresh_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO threads (platform, external_id, creator, source_format, integrity,"
                " import_report) VALUES ('reddit', 'p', 'cr', 'canonical', '{}', '{}')"
            )
        )
        connection.execute(text("INSERT INTO thread_tags (thread_id, tag) VALUES (1, 'x')"))
    _insert(engine, "a", 7)
    upgrade(fresh_url)
    columns = {c["name"]: c["type"] for c in inspect(engine).get_columns("comments")}
    assert isinstance(columns["comment_id"], Text)
    assert isinstance(columns["like_count"], BigInteger)
    assert _rows(engine, "SELECT external_id, creator FROM threads") == [("p", "cr")]
    assert _rows(engine, "SELECT tag FROM thread_tags") == [("x",)]
    _insert(engine, "b" * 300, MAX_COUNT)
    with pytest.raises(RuntimeError, match=r"comment_id holds values longer than 255.*like_count"):
        downgrade(fresh_url, "0004")
    assert _rows(engine, "SELECT like_count FROM comments ORDER BY id") == [(7,), (MAX_COUNT,)]
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM comments WHERE like_count > 7"))
    downgrade(fresh_url, "0004")
    assert _rows(engine, "SELECT comment_id, like_count FROM comments") == [("a", 7)]
    upgrade(fresh_url)
    engine.dispose()


# --- the real TikTok post whose handle holds 8 NULs ------------------------------------------


def _member(archive_path: Path, name: str) -> bytes:
    with archive_path.open("rb") as compressed:
        stream = zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(compressed)
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            for member in archive:
                extracted = archive.extractfile(member) if member.isfile() else None
                if extracted is not None and Path(member.name).name == name:
                    return extracted.read()
    raise LookupError(f"{name} is not in {archive_path}")


@pytest.mark.skipif(not TIKTOK_FULL.exists(), reason="../shared/data is not present")
def test_the_real_tiktok_post_with_a_nul_handle_is_stored(
    clean_engine: Engine, database_url: str
) -> None:
    data = _member(TIKTOK_FULL, f"{NUL_HANDLE_POST}.json")  # this post's rows only
    with TestClient(create_app(api_settings(database_url))) as client:
        response = client.post(
            "/v1/threads",
            content=data,
            headers={"content-type": "application/json"},
            params={"format": "tiktok_apify"},
        )
        assert response.status_code == 201, response.text[:500]
        [thread] = response.json()["threads"]
        assert thread["external_id"] == NUL_HANDLE_POST
        assert thread["import_report"]["replaced_nul_characters"] == 8
        handle = _comments(client, thread["id"])["7381347977355100958"]["author_name"]
        assert handle == "٠вяеииа٠ء" + FFFD * 8
