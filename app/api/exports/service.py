"""The three exported tables: their columns and their rows, read as they are written.

- threads: one row per thread, every metric of the registry as a column (metrics/registry.py:
  a metric added there is exported without a change here), tags joined with `TAG_SEPARATOR`,
  and `unknown_author_comments` (comments left out of the author network, and so of `edges`).
- comments: one row per comment, by thread and in tree order; `text` is empty (null in
  Parquet) for a thread stored without its text (PARLEY_STORE_COMMENT_TEXT=false).
- edges: the author networks (nlp/network.py), one row per thread and ordered pair of known
  authors: `replies` from one to the other, and whether the other replied too. Comment-level
  reply edges need no table of their own: they are the comments' (comment_id, parent_id).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy.orm import Session

from app.api.exports.formats import Column, ColumnType, Record
from app.api.threads.privacy import keeps_text
from db import exports
from db.exports import ThreadFilter
from metrics import METRICS, Metric
from nlp.network import author_network
from nlp.thread import Comment, Platform, Thread
from nlp.tree import build_reply_tree

TAG_SEPARATOR = ";"
TEXT, INTEGER, FLOAT, BOOLEAN, TIME = ColumnType


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    rows: Callable[[Session, ThreadFilter], Iterator[Record]]


def _metric_column(metric: Metric) -> Column:
    kinds = {int: INTEGER, float: FLOAT, str: TEXT}
    return Column(metric.name, kinds[metric.type])


THREAD_COLUMNS = (
    Column("thread_id", INTEGER),
    Column("platform", TEXT),
    Column("external_id", TEXT),
    Column("creator_handle", TEXT),
    Column("url", TEXT),
    Column("title", TEXT),
    Column("first_comment_at", TIME),
    *(_metric_column(metric) for metric in METRICS),
    Column("tags", TEXT),
    Column("unknown_author_comments", INTEGER),
)
COMMENT_COLUMNS = (
    Column("thread_id", INTEGER),
    Column("comment_id", TEXT),
    Column("parent_id", TEXT),
    Column("author", TEXT),
    Column("author_name", TEXT),
    Column("created_at", TIME),
    Column("depth", INTEGER),
    Column("like_count", INTEGER),
    Column("reply_to_method", TEXT),
    Column("text", TEXT),
)
EDGE_COLUMNS = (
    Column("thread_id", INTEGER),
    Column("from_author", TEXT),
    Column("to_author", TEXT),
    Column("replies", INTEGER),
    Column("reciprocated", BOOLEAN),
)


def thread_records(session: Session, selection: ThreadFilter) -> Iterator[Record]:
    for row, tags in exports.threads(session, selection):
        values = {
            **row._mapping,
            "thread_id": row.id,
            "tags": TAG_SEPARATOR.join(tags),
            "unknown_author_comments": row.integrity.get("unknown_author_comments"),
        }
        yield tuple(values[column.name] for column in THREAD_COLUMNS)


def comment_records(session: Session, selection: ThreadFilter) -> Iterator[Record]:
    reports = exports.import_reports(session, selection)
    textless = {row.id for row in reports if not keeps_text(row.import_report)}
    for row in exports.comments(session, selection):
        values: Mapping[Any, Any] = row._mapping
        if row.thread_id in textless:
            values = {**values, "text": None}  # stored as "", which would pass for silence
        yield tuple(values[column.name] for column in COMMENT_COLUMNS)


def edge_records(session: Session, selection: ThreadFilter) -> Iterator[Record]:
    """Each thread's author network, built from its comments as they stream by (one thread's
    comments in memory at a time): the edges of GET /v1/threads/{id}/network?kind=authors."""
    for thread_id, group in groupby(exports.replies(session, selection), key=itemgetter(0)):
        rows = list(group)
        comments = tuple(
            Comment(id=row.comment_id, reply_to=row.parent_id, author=row.author, text="")
            for row in rows
        )
        head = rows[0]
        thread = Thread(Platform(head.platform), head.external_id, comments, creator=head.creator)
        graph = author_network(build_reply_tree(thread))
        for source, target, data in sorted(graph.edges(data=True), key=_pair):
            yield thread_id, source, target, data["weight"], data["reciprocated"]


def _pair(edge: Sequence[object]) -> tuple[str, str]:
    return str(edge[0]), str(edge[1])


THREADS = Table("threads", THREAD_COLUMNS, thread_records)
COMMENTS = Table("comments", COMMENT_COLUMNS, comment_records)
EDGES = Table("edges", EDGE_COLUMNS, edge_records)
