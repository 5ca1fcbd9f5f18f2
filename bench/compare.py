"""Time comparisons over many stored threads (goal: 10,000 threads answer in under a second).

    python -m bench.compare [--threads 10000] [--database-url URL] [--resamples 2000]

Stores synthetic thread and metrics rows (no comments: comparisons read only metric columns)
in a fresh SQLite file, or in the given database, then times GET /v1/compare's work,
/v1/platforms' and the HTML report's, best of three.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from app.api.compare.service import ComparisonRequest, compare, overview
from app.api.report.service import build_report
from db.aggregates import Selection
from db.engine import make_engine, make_session_factory
from db.migrate import upgrade
from db.models import SORTABLE_METRICS, MetricsRow, ThreadRow
from metrics import DIALOGUE_SCORE, metric

PLATFORMS = ("tiktok", "youtube", "instagram", "facebook", "reddit", "twitter")


def store_threads(url: str, count: int, seed: int) -> None:
    rng = random.Random(seed)
    engine = make_engine(url)
    with make_session_factory(engine)() as session, session.begin():
        threads = [
            {
                "platform": PLATFORMS[i % len(PLATFORMS)],
                "external_id": f"bench-{i}",
                "source_format": "canonical",
                "integrity": {},
                "import_report": {},
            }
            for i in range(count)
        ]
        session.execute(insert(ThreadRow), threads)
        ids = [row.id for row in session.query(ThreadRow.id).order_by(ThreadRow.id)]
        session.execute(insert(MetricsRow), [metrics_row(thread_id, rng) for thread_id in ids])
    engine.dispose()


def metrics_row(thread_id: int, rng: random.Random) -> dict[str, Any]:
    row: dict[str, Any] = {
        "thread_id": thread_id,
        "metric_version": 1,
        "unavailable": {},
        "languages": {},
        "score_components": [],
    }
    for name in SORTABLE_METRICS:
        declared = metric(name)
        if declared.type is int:
            row[name] = rng.randint(1, 500)
        elif declared.unit == "share":
            row[name] = rng.random()
        else:
            row[name] = rng.uniform(0, 60)
    return row


def best_of_three(work: Callable[[], object]) -> float:
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--threads", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--resamples", type=int, default=2000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        store_threads(url, args.threads, seed=1)
        engine = make_engine(url)
        with make_session_factory(engine)() as session:
            selection = Selection()
            request = ComparisonRequest(selection, DIALOGUE_SCORE, args.resamples)
            timings = {
                "compare (6 groups, 15 pairs)": best_of_three(lambda: compare(session, request)),
                "compare, stratified by size": best_of_three(
                    lambda: compare(
                        session,
                        ComparisonRequest(
                            selection, DIALOGUE_SCORE, args.resamples, stratify_by_size=True
                        ),
                    )
                ),
                "platforms overview (10 metrics)": best_of_three(
                    lambda: overview(session, selection, args.resamples)
                ),
                "HTML report (8 metrics)": best_of_three(
                    lambda: build_report(session, selection, resamples=args.resamples)
                ),
            }
        engine.dispose()
    print(f"{args.threads} stored threads, {args.resamples} resamples, best of 3:")
    for name, seconds in timings.items():
        print(f"  {name:<34} {seconds:6.3f} s")
    return 0 if timings["compare (6 groups, 15 pairs)"] < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
