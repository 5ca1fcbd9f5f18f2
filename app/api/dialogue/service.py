"""The dialogue behind a stored thread's score: its exchanges and its ranked conversations."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from sqlalchemy.orm import Session

from app.api.threads.privacy import keeps_text
from app.limits.budget import budget_check
from app.mapping.from_storage import stored_thread
from db.models import CommentRow, ThreadRow
from db.repository import all_comments
from nlp.conversations import Ranking, TextStep, rank_conversations
from nlp.exchanges import Exchange, find_exchanges
from nlp.pipeline import TextAnalyzer, signals_by_comment
from nlp.results import CommentSignals
from nlp.text_metrics import text_metrics
from nlp.thread import Comment, Thread
from nlp.tree import build_reply_tree

TEXT_BATCH = 5_000  # comments between two checks of the time budget (about half a second)


@dataclass(frozen=True, slots=True)
class StoredThread:
    thread: Thread  # rebuilt on the repaired tree that was measured
    rows: dict[str, CommentRow]
    text_kept: bool = True  # False: stored without comment text (PARLEY_STORE_COMMENT_TEXT)


def load_thread(session: Session, row: ThreadRow) -> StoredThread:
    rows = {comment.comment_id: comment for comment in all_comments(session, row.id)}
    thread = stored_thread(row, list(rows.values()), repaired=True)
    return StoredThread(thread, rows, keeps_text(row.import_report))


def thread_exchanges(
    session: Session, row: ThreadRow, min_turns: int
) -> tuple[StoredThread, list[Exchange]]:
    stored = load_thread(session, row)
    return stored, find_exchanges(build_reply_tree(stored.thread), min_turns)


def thread_conversations(
    session: Session, row: ThreadRow, analyzer: TextAnalyzer, limit: int
) -> tuple[StoredThread, Ranking]:
    """The `limit` highest ranked conversations; the text step runs only on the comments the
    ranking measures (nlp.conversations), and both stop at the request's time budget. A thread
    stored without its text is ranked on its structure: empty texts would measure as silence."""
    stored = load_thread(session, row)
    checkpoint = budget_check(session)
    signals_of = partial(signals_in_batches, analyzer, checkpoint)
    text = TextStep(signals_of, text_metrics) if stored.text_kept else None
    ranking = rank_conversations(stored.thread, limit, text, checkpoint)
    return stored, ranking


def signals_in_batches(
    analyzer: TextAnalyzer, checkpoint: Callable[[], None], comments: Sequence[Comment]
) -> dict[str, CommentSignals]:
    """`signals_by_comment` in batches, with the checkpoint between them (same results: each
    comment's signals depend on its own text only)."""
    found: dict[str, CommentSignals] = {}
    for start in range(0, len(comments), TEXT_BATCH):
        checkpoint()
        found.update(signals_by_comment(analyzer, comments[start : start + TEXT_BATCH]))
    return found
