"""The dialogue behind a stored thread's score: its exchanges and its ranked conversations."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.mapping.from_storage import stored_thread
from db.models import CommentRow, ThreadRow
from db.repository import all_comments
from nlp.conversations import ConversationScore, score_conversations
from nlp.exchanges import Exchange, find_exchanges
from nlp.pipeline import TextAnalyzer, signals_by_comment
from nlp.text_metrics import text_metrics
from nlp.thread import Thread
from nlp.tree import build_reply_tree


@dataclass(frozen=True, slots=True)
class StoredThread:
    thread: Thread  # rebuilt on the repaired tree that was measured
    rows: dict[str, CommentRow]


def load_thread(session: Session, row: ThreadRow) -> StoredThread:
    rows = {comment.comment_id: comment for comment in all_comments(session, row.id)}
    thread = stored_thread(row, list(rows.values()), repaired=True)
    return StoredThread(thread, rows)


def thread_exchanges(
    session: Session, row: ThreadRow, min_turns: int
) -> tuple[StoredThread, list[Exchange]]:
    stored = load_thread(session, row)
    return stored, find_exchanges(build_reply_tree(stored.thread), min_turns)


def thread_conversations(
    session: Session, row: ThreadRow, analyzer: TextAnalyzer
) -> tuple[StoredThread, list[ConversationScore]]:
    stored = load_thread(session, row)
    signals = signals_by_comment(analyzer, stored.thread.comments)
    return stored, score_conversations(stored.thread, signals, text_metrics)
