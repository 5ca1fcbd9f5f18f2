"""GET /v1/exports/threads, /comments and /edges: the files parsed back (csv, pyarrow) and every
row checked against the drawn threads, in both formats and under the listing's filters."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.main import create_app
from metrics import METRICS
from tests.api.bodies import AB_BA_CA_AB, comment
from tests.api.problems import assert_problem
from tests.conftest import api_settings

# v1 (youtube, tag brand-a, creator cr)    t1 (tiktok, tags brand-a and brand-b, no creator)
# post                                     post
# ├── a  ann        ann → cr               └── e  [deleted]   unknown author
# │   └── b  bob    bob → ann                  └── f  eve     replies to an unknown author
# │       └── c  ann  ann → bob
# └── d  dan        dan → cr               t2 (youtube, no tag)
#                                          post
#                                          └── g  gus
V1 = {
    "platform": "youtube",
    "external_id": "v1",
    "creator": "cr",
    "title": "a post",
    "tags": ["brand-a"],
    "comments": [
        comment("a", None, "ann", 0, "Why?"),
        comment("b", "a", "bob", 1, 'Because "it is",\nsays the manual'),
        comment("c", "b", "ann", 2, "Fair."),
        comment("d", None, "dan", 3, "first"),
    ],
}
T1 = {
    "platform": "tiktok",
    "external_id": "t1",
    "tags": ["brand-b", "brand-a"],
    "comments": [comment("e", None, "[deleted]", 5), comment("f", "e", "eve", 6)],
}
T2 = {"platform": "youtube", "external_id": "t2", "comments": [comment("g", None, "gus", 7)]}
THREAD_COLUMNS = [
    "thread_id",
    "platform",
    "external_id",
    "creator_handle",
    "url",
    "title",
    "first_comment_at",
    *(metric.name for metric in METRICS),
    "tags",
    "unknown_author_comments",
]
COMMENT_COLUMNS = [
    "thread_id",
    "comment_id",
    "parent_id",
    "author",
    "author_name",
    "created_at",
    "depth",
    "like_count",
    "reply_to_method",
    "text",
]


@pytest.fixture
def ids(client: TestClient) -> dict[str, int]:
    """The drawn threads stored, by post id."""
    response = client.post("/v1/threads", json=[V1, T1, T2])
    assert response.status_code == 201, response.text
    return {thread["external_id"]: thread["id"] for thread in response.json()["threads"]}


def csv_rows(client: TestClient, path: str) -> tuple[list[str], list[dict[str, str]]]:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    table = path.split("?")[0].rsplit("/", 1)[1]
    assert response.headers["content-disposition"] == f"attachment; filename={table}.csv"
    reader = csv.DictReader(io.StringIO(response.content.decode(), newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def parquet_table(client: TestClient, path: str) -> Any:
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}format=parquet")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/vnd.apache.parquet"
    return pq.read_table(io.BytesIO(response.content))


def test_threads_have_their_post_every_metric_and_tags(
    ids: dict[str, int], client: TestClient
) -> None:
    header, rows = csv_rows(client, "/v1/exports/threads")
    assert header == THREAD_COLUMNS
    assert [row["external_id"] for row in rows] == ["v1", "t1", "t2"]  # thread id order
    v1, t1, _ = rows
    assert v1["thread_id"] == str(ids["v1"])
    assert (v1["platform"], v1["title"], v1["url"]) == ("youtube", "a post", "")
    assert v1["first_comment_at"] == "2024-05-01T10:00:00+00:00"
    assert (v1["comments"], v1["top_level"], v1["replies"], v1["max_depth"]) == ("4", "2", "2", "3")
    assert float(v1["reply_share"]) == 0.5  # b and c reply, of 4
    assert (v1["tags"], v1["unknown_author_comments"]) == ("brand-a", "0")
    assert (t1["tags"], t1["unknown_author_comments"]) == ("brand-a;brand-b", "1")


def test_threads_in_parquet_have_the_registrys_types(
    ids: dict[str, int], client: TestClient
) -> None:
    table = parquet_table(client, "/v1/exports/threads")
    assert table.column_names == THREAD_COLUMNS
    kinds = {int: pa.int64(), float: pa.float64(), str: pa.string()}
    for metric in METRICS:
        assert table.schema.field(metric.name).type == kinds[metric.type], metric.name
    assert table.schema.field("first_comment_at").type == pa.timestamp("us", tz="UTC")
    rows = table.to_pylist()
    assert [row["thread_id"] for row in rows] == [ids["v1"], ids["t1"], ids["t2"]]
    assert (rows[0]["comments"], rows[0]["reply_share"], rows[0]["tags"]) == (4, 0.5, "brand-a")
    assert rows[1]["unknown_author_comments"] == 1


@pytest.mark.parametrize(
    ("query", "chosen"),
    [
        ("platform=youtube", ["v1", "t2"]),
        ("tag=brand-a", ["v1", "t1"]),
        ("tag=brand-a&tag=brand-b", ["t1"]),
        ("min_comments=2", ["v1", "t1"]),
        ("platform=youtube&min_comments=2", ["v1"]),
        ("tag=nobody", []),
    ],
)
def test_the_listings_filters_choose_the_threads_of_every_table(
    ids: dict[str, int], client: TestClient, query: str, chosen: list[str]
) -> None:
    expected = [ids[post] for post in chosen]
    listed = client.get(f"/v1/threads?{query}").json()["items"]
    assert [thread["id"] for thread in listed] == expected  # the listing agrees
    for table in ("threads", "comments", "edges"):
        _, rows = csv_rows(client, f"/v1/exports/{table}?{query}")
        assert {int(row["thread_id"]) for row in rows} <= set(expected), table
        parquet = parquet_table(client, f"/v1/exports/{table}?{query}")
        assert [int(row["thread_id"]) for row in rows] == parquet.column("thread_id").to_pylist()
    _, threads = csv_rows(client, f"/v1/exports/threads?{query}")
    assert [int(row["thread_id"]) for row in threads] == expected


def test_comments_come_by_thread_in_tree_order(ids: dict[str, int], client: TestClient) -> None:
    header, rows = csv_rows(client, "/v1/exports/comments?platform=youtube")
    assert header == COMMENT_COLUMNS
    shown = [(r["comment_id"], r["parent_id"], r["author"], r["depth"]) for r in rows]
    assert shown == [
        ("a", "", "ann", "1"),
        ("b", "a", "bob", "2"),
        ("c", "b", "ann", "3"),
        ("d", "", "dan", "1"),
        ("g", "", "gus", "1"),
    ]
    assert rows[1]["text"] == 'Because "it is",\nsays the manual'  # quoted, kept whole
    assert (rows[1]["created_at"], rows[1]["reply_to_method"]) == (
        "2024-05-01T10:01:00+00:00",
        "given",
    )
    parquet = parquet_table(client, "/v1/exports/comments?platform=youtube").to_pylist()
    assert [row["parent_id"] for row in parquet] == [None, "a", "b", None, None]
    assert parquet[1]["text"] == rows[1]["text"]
    assert parquet[0]["thread_id"] == ids["v1"]


def edge_rows(table: Any) -> Iterator[tuple[Any, ...]]:
    for row in table.to_pylist():
        yield row["from_author"], row["to_author"], row["replies"], row["reciprocated"]


def test_edges_are_each_threads_author_network(ids: dict[str, int], client: TestClient) -> None:
    # A → B, B → A, C → A, A → B again (no creator: top-level comments reply to nobody)
    pairs_id = client.post("/v1/threads", json=AB_BA_CA_AB).json()["threads"][0]["id"]
    header, rows = csv_rows(client, "/v1/exports/edges")
    assert header == ["thread_id", "from_author", "to_author", "replies", "reciprocated"]
    by_thread: dict[int, list[tuple[str, ...]]] = {}
    for row in rows:
        edge = (row["from_author"], row["to_author"], row["replies"], row["reciprocated"])
        by_thread.setdefault(int(row["thread_id"]), []).append(edge)
    assert by_thread == {
        ids["v1"]: [
            ("ann", "bob", "1", "true"),
            ("ann", "cr", "1", "false"),
            ("bob", "ann", "1", "true"),
            ("dan", "cr", "1", "false"),
        ],
        # t1: eve replied to an unknown author, so no edge; t2: gus's comment replies to nobody
        pairs_id: [("A", "B", "2", "true"), ("B", "A", "1", "true"), ("C", "A", "1", "false")],
    }
    parquet = parquet_table(client, "/v1/exports/edges?platform=reddit")
    assert list(edge_rows(parquet)) == [
        ("A", "B", 2, True),
        ("B", "A", 1, True),
        ("C", "A", 1, False),
    ]


def test_a_thread_stored_without_text_exports_no_text(
    clean_engine: Engine, database_url: str
) -> None:
    settings = api_settings(database_url, store_comment_text=False)
    with TestClient(create_app(settings)) as client:
        assert client.post("/v1/threads", json=T2).status_code == 201
        _, rows = csv_rows(client, "/v1/exports/comments")
        assert [(row["comment_id"], row["author"], row["text"]) for row in rows] == [
            ("g", "gus", "")
        ]
        parquet = parquet_table(client, "/v1/exports/comments").to_pylist()
        assert parquet[0]["text"] is None


def test_an_empty_export_is_the_header_or_a_schema_without_rows(client: TestClient) -> None:
    header, rows = csv_rows(client, "/v1/exports/comments")
    assert (header, rows) == (COMMENT_COLUMNS, [])
    table = parquet_table(client, "/v1/exports/comments")
    assert (table.column_names, table.num_rows) == (COMMENT_COLUMNS, 0)


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("format=xlsx", "format"),
        ("platform=myspace", "platform"),
        ("min_comments=-1", "min_comments"),
        ("sort=comments", "sort"),  # the listing's, not an export's: refused, not ignored
    ],
)
@pytest.mark.parametrize("table", ["threads", "comments", "edges"])
def test_a_bad_or_unknown_parameter_is_422_naming_it(
    client: TestClient, table: str, query: str, named: str
) -> None:
    problem = assert_problem(client.get(f"/v1/exports/{table}?{query}"), 422)
    assert ["query", named] in [error["loc"] for error in problem["errors"]]
