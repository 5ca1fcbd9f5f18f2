"""Time GET /v1/threads/{id}/conversations on one large stored thread (goal: seconds for 100k).

    python -m bench.conversations [--comments 100000] [--database PATH] [--limit 20] [--calls 2]

Stores a synthetic thread (bench.generate) through POST /v1/threads in a SQLite file (a fresh
temporary one, or PATH, where a thread stored by an earlier run is reused), then times the API
call end to end (the best of --calls), and each stage of its work on its own: loading the rows,
the text step (on the comments the ranking measures; on all of them for comparison) and
scoring the conversations.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from fastapi.testclient import TestClient

from app.api.dialogue.service import load_thread
from app.main import create_app
from app.settings import Settings
from app.text_pipeline import text_analyzer
from bench.generate import generate_thread
from db.engine import make_engine, make_session_factory
from db.migrate import upgrade
from db.repository import get_thread
from nlp.conversations import TextStep, rank_conversations
from nlp.pipeline import signals_by_comment
from nlp.results import CommentSignals
from nlp.text_metrics import text_metrics
from nlp.thread import Comment

T = TypeVar("T")


def store(client: TestClient, comments: int, seed: int) -> int:
    """The thread's id, posted now unless a thread of this size and seed is stored already."""
    body = generate_thread(comments, seed)
    listed = client.get("/v1/threads", params={"tag": "synthetic", "limit": 500}).json()
    for item in listed["items"]:
        if item["external_id"] == body["external_id"]:
            return int(item["id"])
    started = time.perf_counter()
    answer = client.post("/v1/threads", content=json.dumps(body), headers=JSON)
    answer.raise_for_status()
    print(f"stored {comments:,} comments in {time.perf_counter() - started:.1f} s")
    return int(answer.json()["threads"][0]["id"])


JSON = {"content-type": "application/json"}


def timed(work: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def cpu_timed(work: Callable[[], T]) -> tuple[float, float, T]:
    """Wall and CPU seconds (this process: the in-process server's threads included; CPU time
    is what other processes on a busy machine cannot inflate)."""
    cpu = time.process_time()
    wall, result = timed(work)
    return wall, time.process_time() - cpu, result


def stages(settings: Settings, thread_id: int, limit: int) -> None:
    """Each stage of the conversations read on its own, in a session of its own."""
    engine = make_engine(settings.database_url)
    analyzer = text_analyzer(settings)
    with make_session_factory(engine)() as session:
        row = get_thread(session, thread_id)
        assert row is not None
        load, load_cpu, stored = cpu_timed(lambda: load_thread(session, row))
    engine.dispose()
    texted: list[tuple[float, float, int]] = []

    def signals_of(comments: Sequence[Comment]) -> Mapping[str, CommentSignals]:
        wall, cpu, found = cpu_timed(lambda: signals_by_comment(analyzer, comments))
        texted.append((wall, cpu, len(comments)))
        return found

    step = TextStep(signals_of, text_metrics)
    ranking_wall, ranking_cpu, ranking = cpu_timed(
        lambda: rank_conversations(stored.thread, limit, step)
    )
    ((text, text_cpu, measured),) = texted
    every, every_cpu, _ = cpu_timed(lambda: signals_by_comment(analyzer, stored.thread.comments))
    comments = len(stored.thread.comments)
    print(f"  load     {load:6.2f} s, {load_cpu:6.2f} s CPU  ({comments:,} comments)")
    print(
        f"  text     {text:6.2f} s, {text_cpu:6.2f} s CPU  ({measured:,} comments measured; "
        f"all of them would take {every:.2f} s, {every_cpu:.2f} s CPU)"
    )
    print(
        f"  scoring  {ranking_wall - text:6.2f} s, {ranking_cpu - text_cpu:6.2f} s CPU  "
        f"({ranking.total:,} conversations)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--database", type=Path, default=None, help="SQLite file to use")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int, default=20, help="conversations shown (1-500)")
    parser.add_argument("--calls", type=int, default=2, help="API calls, the best one shown")
    args = parser.parse_args(argv)
    if args.comments < 1:
        parser.error("--comments must be at least 1")
    with tempfile.TemporaryDirectory() as scratch:
        path = args.database or Path(scratch) / "parley.db"
        settings = Settings(
            database_url=f"sqlite:///{path}",
            max_body_bytes=1024 * 1024 * 1024,
            request_budget_seconds=3600,  # measure the work, not the limit
        )
        upgrade(settings.database_url)
        with TestClient(create_app(settings)) as client:
            thread_id = store(client, args.comments, args.seed)
            url = f"/v1/threads/{thread_id}/conversations?limit={args.limit}"
            calls = []
            for _ in range(max(1, args.calls)):
                wall, cpu, answer = cpu_timed(lambda: client.get(url))
                answer.raise_for_status()
                calls.append((wall, cpu))
        total = answer.json()["total"]
        wall, cpu = min(calls)
        print(
            f"GET {url}: {wall:.2f} s, {cpu:.2f} s CPU (best of {len(calls)}), "
            f"{total:,} conversations"
        )
        stages(settings, thread_id, args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
