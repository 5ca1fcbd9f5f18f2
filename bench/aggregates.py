"""Aggregate and thread reads under concurrent clients, at many stored threads (issue 13 goal:
/v1/platforms p99 < 100 ms and thread by id p99 < 20 ms at 50,000 threads, 20 clients).

    python -m bench.aggregates [--threads 50000] [--clients 20] [--requests 200]
                               [--database sqlite|postgresql|both] [--postgres-url URL]
                               [--workers 1] [--only thread,...] [--sqlite-file PATH]

Stores synthetic threads straight into the tables (bench/synthetic_threads.py: thread, metrics,
window and tag rows with realistic sizes, shares and missing values, no comments), in a
temporary SQLite file or a throwaway PostgreSQL schema, starts `parley serve` on a free loopback
port, then for each endpoint: one identical request from each client at once ("cold": nothing
computed yet; the slowest answer), then `--requests` requests (thread reads: random ids;
`--expensive-requests` for platforms, tags and compare, `--report-requests` for the report) from
`--clients` clients at once, each timed (p50, p99, max) — or, with wrk installed (`--load
wrk`, the default then), `--seconds` of wrk from `--clients` connections (bench/wrk_load.py:
a C client, whose own waits do not inflate the figures). The service is restarted for each
endpoint, so each cold figure is its own.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.databases import postgres_schema
from bench.serve import free_port, wait_until_listening, wait_until_up
from bench.synthetic_threads import store_synthetic
from bench.wrk_load import run_wrk, wrk_available
from db.migrate import upgrade

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
START_SECONDS = 120
ENDPOINTS = {
    "platforms": "/v1/platforms",
    "tags": "/v1/tags",
    "compare": "/v1/compare?groups=tiktok,youtube,reddit&metric=dialogue_score",
    "report": "/v1/report",
    "thread": "/v1/threads/{id}",
}


@contextmanager
def serving(url: str, workers: int) -> Iterator[str]:
    """`parley serve` on a free loopback port, with a read budget long enough to time the
    slowest answers rather than see them cut at 30 s."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("PARLEY_")}
    env |= {
        "PARLEY_DATABASE_URL": url,
        "PARLEY_PRELOAD_TEXT_PIPELINES": "false",
        "PARLEY_REQUEST_BUDGET_SECONDS": "3600",
        "PARLEY_LOG_FORMAT": "text",
    }
    command = [
        sys.executable,
        "-c",
        "import sys; from app.cli.main import main; sys.exit(main())",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server, START_SECONDS)
        wait_until_listening(port, workers)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def paths(template: str, count: int, thread_ids: int, seed: int) -> list[str]:
    """`count` request paths; thread reads pick stored ids at random."""
    rng = random.Random(seed)
    return [template.format(id=rng.randint(1, thread_ids)) for _ in range(count)]


def load(base: str, requested: list[str], clients: int) -> tuple[list[float], set[int]]:
    """Every path requested once, by `clients` clients at once (each its own connection)."""
    timings: list[float] = []
    statuses: set[int] = set()
    queue = list(reversed(requested))
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(base_url=base, timeout=3600) as http:
            while True:
                with lock:
                    if not queue:
                        return
                    path = queue.pop()
                started = time.perf_counter()
                status = http.get(path).status_code
                elapsed = time.perf_counter() - started
                with lock:
                    timings.append(elapsed)
                    statuses.add(status)

    workers = [threading.Thread(target=client) for _ in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return timings, statuses


def percentile(timings: list[float], share: float) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(url: str, args: argparse.Namespace, label: str) -> None:
    print(f"{label}: {args.threads} threads, {args.clients} clients, {args.requests} requests")
    for name, template in ENDPOINTS.items():
        if args.only and name not in args.only.split(","):
            continue
        with serving(url, args.workers) as base:
            first = paths(template, 1, args.threads, seed=0) * args.clients
            cold, cold_statuses = load(base, first, args.clients)
            count = {"thread": args.requests, "report": args.report_requests}.get(
                name, args.expensive_requests
            )
            if args.load == "wrk":
                found = run_wrk(base, template, args.threads, args.clients, args.seconds)
                print(
                    f"  {name:<10} cold: slowest {max(cold) * 1000:9.1f} ms "
                    f"{sorted(cold_statuses)} | then (wrk, {args.seconds:g} s): "
                    f"p50 {found.p50_ms:9.1f} ms  p99 {found.p99_ms:9.1f} ms  "
                    f"max {found.max_ms:9.1f} ms  mean {found.mean_ms:8.1f} ms  "
                    f"{found.requests / args.seconds:7.0f} req/s  errors {found.errors}",
                    flush=True,
                )
                continue
            timings, statuses = load(base, paths(template, count, args.threads, 1), args.clients)
        print(
            f"  {name:<10} cold: slowest {max(cold) * 1000:9.1f} ms {sorted(cold_statuses)}"
            " | then: "
            f"p50 {percentile(timings, 0.5) * 1000:9.1f} ms  "
            f"p99 {percentile(timings, 0.99) * 1000:9.1f} ms  "
            f"max {max(timings) * 1000:9.1f} ms  mean {statistics.fmean(timings) * 1000:8.1f} ms"
            f"  statuses {sorted(statuses)}",
            flush=True,
        )


def run(url: str, args: argparse.Namespace, label: str, *, stored: bool = False) -> None:
    """`stored`: the database already holds the threads (a kept --sqlite-file)."""
    if not stored:
        upgrade(url)
        started = time.perf_counter()
        store_synthetic(url, args.threads, seed=1)
        print(f"{label}: stored {args.threads} threads in {time.perf_counter() - started:.1f} s")
    measure(url, args, label)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--threads", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000, help="thread reads")
    parser.add_argument(
        "--expensive-requests", type=int, default=200, help="aggregate reads per endpoint"
    )
    parser.add_argument(
        "--report-requests", type=int, default=20, help="report reads (computed every time)"
    )
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--load",
        choices=("wrk", "python"),
        default="wrk" if wrk_available() else "python",
        help="what loads the server after the cold requests (bench/wrk_load.py); "
        "wrk when installed",
    )
    parser.add_argument("--seconds", type=float, default=10, help="of each wrk run")
    parser.add_argument("--only", default="", help="comma-separated endpoints")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument(
        "--sqlite-file",
        type=Path,
        help="a SQLite file kept between runs (A/B rounds): stored into when it does not "
        "exist, read as it is when it does (the same --threads, or the ids miss)",
    )
    args = parser.parse_args(argv)
    if args.database in ("sqlite", "both") and args.sqlite_file is not None:
        kept = args.sqlite_file.exists()
        run(f"sqlite:///{args.sqlite_file.resolve()}", args, "SQLite", stored=kept)
    elif args.database in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            run(f"sqlite:///{Path(folder) / 'bench.db'}", args, "SQLite")
    if args.database in ("postgresql", "both"):
        with postgres_schema(args.postgres_url) as url:
            run(url, args, "PostgreSQL")
    return 0


if __name__ == "__main__":
    sys.exit(main())
