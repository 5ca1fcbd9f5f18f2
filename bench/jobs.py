"""Import jobs end to end (issue 13): a real `parley serve` with a broker, `parley worker`
processes, exports submitted to POST /v1/imports and followed until every job has finished.

    python -m bench.jobs [--runs synthetic tiktok netns] [--comments 1000000] [--jobs 1 4]
                         [--workers 1 2] [--netns-comments 200000] [--netns-jobs 4]
                         [--out results.json] [--data-dir DIR] [--logs DIR] [--no-text]
                         [--worker-threads N]
                         [--postgres-url URL] [--amqp-url URL] [--timeout SECONDS]

- synthetic: bench.job_data's export of `--comments` comments in K files submitted as K jobs
  (each of `--jobs`), into a throwaway PostgreSQL schema through RabbitMQ (a queue of its own,
  deleted afterwards), with each number of `--workers` (a fresh schema every run);
- tiktok: the full TikTok set as one archive upload (one job), with each number of `--workers`;
- netns: PostgreSQL and Redis in a namespace "db", one worker in each of "w1" and "w2"
  (bench/netns.py; needs root), the server in the root namespace.

End to end: from the first POST to the last job's `finished_at`. Peak RSS: each worker's VmHWM
(plus its children's), read before it stops. One worker reads a job and hands its units on in
batches that any worker stores: the table says who read, and who stored what share of comments.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

import httpx

from bench.cpu_share import cpu_share, family, read_cpu
from bench.databases import postgres_schema
from bench.job_data import part_paths, write_export
from bench.job_table import cpu_line, table
from bench.netns import Worker, database_and_broker, rabbit_queue, started_workers, usage
from bench.serve import BIN, LiveServer, parley_environment, parley_serve
from nlp.lexicon import DEFAULT_LANGUAGES

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"
TIKTOK = Path(__file__).resolve().parents[2] / "shared/data/tiktok/nesc-apify-full"
TIKTOK_ARCHIVE = TIKTOK / "comments-all.tar.zst"
FINISHED = {"succeeded", "failed", "cancelled"}
POLL_SECONDS = 1.0
PARLEY = str(BIN / "parley")
RUNS = ("synthetic", "tiktok", "netns")
DEFAULT_OUT = Path(tempfile.gettempdir()) / "parley-jobs.json"


def _submit(client: httpx.Client, path: Path, text: bool) -> tuple[str, float]:
    """The job's location and the seconds until its 202."""
    start = time.monotonic()
    with path.open("rb") as file:
        upload = {"file": (path.name, file, "application/octet-stream")}
        response = client.post("/v1/imports", files=upload, params={"text": text})
    if response.status_code != 202:
        raise RuntimeError(f"POST /v1/imports {path.name}: {response.status_code} {response.text}")
    return response.headers["location"], time.monotonic() - start


def _wait(
    client: httpx.Client, locations: list[str], workers: list[Worker], timeout: float
) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """The jobs once all have finished, and when each was read to its end (as polled)."""
    start = time.monotonic()
    read_at: dict[str, float] = {}
    while True:
        views = [client.get(location).raise_for_status().json() for location in locations]
        for location, view in zip(locations, views, strict=True):
            if view["progress"].get("read_done") and location not in read_at:
                read_at[location] = round(time.monotonic() - start, 1)
        if all(view["status"] in FINISHED for view in views):
            return views, read_at
        stopped = [w.label for w in workers if w.process.poll() is not None]
        if stopped or time.monotonic() > start + timeout:
            raise RuntimeError(f"workers stopped: {stopped}; jobs: {views}")
        time.sleep(POLL_SECONDS)


def _pid(worker: str | None) -> str | None:
    """The pid in a `worker` field (host:pid:thread)."""
    parts = (worker or "").split(":")
    return parts[1] if len(parts) >= 2 else None


def _stored_by(client: httpx.Client, location: str) -> Counter[str | None]:
    """Comments stored per worker pid, from the job's per-thread results."""
    stored: Counter[str | None] = Counter()
    cursor: str | None = None
    while True:
        params = {"limit": 500} | ({} if cursor is None else {"cursor": cursor})
        page = client.get(f"{location}/results", params=params).raise_for_status().json()
        for item in page["items"]:
            if item["comments"]:
                stored[_pid(item["worker"])] += item["comments"]
        cursor = page["next_cursor"]
        if cursor is None:
            return stored


def measure(
    server: LiveServer, files: list[Path], workers: list[Worker], timeout: float, text: bool
) -> dict[str, Any]:
    """Submit each file as a job, wait for them all: throughput, peak RSS, which worker read
    each job and stored its threads (a job's units are shared out among the workers), and
    where the machine's CPU time went meanwhile (bench/cpu_share.py)."""
    base = server.base
    started, cpu_before = datetime.now(UTC), read_cpu()
    label_of: dict[str | None, str] = {str(w.process.pid): w.label for w in workers}
    jobs: list[dict[str, Any]] = []
    with httpx.Client(base_url=base, timeout=600) as client:
        submitted = [_submit(client, path, text) for path in files]
        views, read_at = _wait(client, [location for location, _ in submitted], workers, timeout)
        cpu = cpu_share(cpu_before, read_cpu(), _process_groups(server, workers))
        for path, (location, to_202), view in zip(files, submitted, views, strict=True):
            stored = _stored_by(client, location)
            jobs.append(
                {"file": path.name, "seconds_to_202": round(to_202, 2)}
                | {key: view[key] for key in ("id", "status", "worker", "attempts", "error")}
                | {"read_by": label_of.get(_pid(view["worker"])), "read": read_at.get(location)}
                | {"stored_by": {label_of.get(pid, str(pid)): n for pid, n in stored.items()}}
                | {"progress": view["progress"], "first_refusals": view["refused"][:3]}
            )
    finished = max(datetime.fromisoformat(view["finished_at"]) for view in views)
    seconds = (finished - started).total_seconds()
    comments = sum(view["progress"]["comments_stored"] for view in views)
    per_worker: list[dict[str, Any]] = []
    for worker in workers:
        used = asdict(usage(worker.process.pid))
        per_worker.append(
            {"label": worker.label, "pid": worker.process.pid}
            | {name: round(value, 1) for name, value in used.items()}
            | {"jobs_read": [job["id"] for job in jobs if job["read_by"] == worker.label]}
            | {"comments_stored": sum(job["stored_by"].get(worker.label, 0) for job in jobs)}
        )
    rate = round(comments / seconds)
    totals = {"comments": comments, "seconds": round(seconds, 1), "comments_per_second": rate}
    worker_cpu = sum(w["cpu_seconds"] for w in per_worker)
    totals |= {"comments_per_worker_cpu_second": round(comments / worker_cpu)}
    totals |= {"load": os.getloadavg(), "cpu_seconds": cpu}
    return totals | {"text": text, "jobs": jobs, "per_worker": per_worker}


def _process_groups(server: LiveServer, workers: list[Worker]) -> dict[str, list[int]]:
    pids = [pid for worker in workers for pid in family(worker.process.pid)]
    return {"workers": pids, "server": family(server.pid)}


def _logs(stack: ExitStack, keep: Path | None) -> Path:
    """A temporary directory for the run's logs: copied into a new directory in `keep` at the
    end when it is given; on an error, the tail of each goes to stderr."""
    logs = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="parley-jobs-")))

    def show(kind: type[BaseException] | None, *_: object) -> None:
        kept = None if keep is None else Path(tempfile.mkdtemp(prefix="run-", dir=keep))
        for log in sorted(logs.glob("*.log")):
            if kept is not None:
                shutil.copy(log, kept)
            if kind is not None and issubclass(kind, Exception):
                tail = log.read_text(errors="replace").splitlines()[-25:]
                print(f"--- {log.name}\n" + "\n".join(tail), file=sys.stderr)

    stack.push(show)
    return logs


def _serve_and_measure(
    stack: ExitStack,
    logs: Path,
    settings: dict[str, str],
    commands: list[tuple[str, list[str]]],
    files: list[Path],
    args: argparse.Namespace,
) -> dict[str, Any]:
    # Workers detect every default language (bench.serve's default is two, for quick start-up).
    settings = settings | {"log_format": "text", "text_languages": json.dumps(DEFAULT_LANGUAGES)}
    server = stack.enter_context(parley_serve(settings, log=logs / "serve.log"))
    workers = stack.enter_context(started_workers(commands, parley_environment(settings), logs))
    result = measure(server, files, workers, args.timeout, text=not args.no_text)
    server_peak = round(server.memory_mb("VmHWM"))
    return {"workers": len(workers), "server_peak_rss_mb": server_peak} | result


def local_run(args: argparse.Namespace, files: list[Path], workers: int) -> dict[str, Any]:
    """The service, `workers` workers, a throwaway schema and RabbitMQ queue, on this host."""
    with ExitStack() as stack:
        logs = _logs(stack, args.logs)
        url = stack.enter_context(postgres_schema(args.postgres_url, "parley_jobs"))
        queue = stack.enter_context(rabbit_queue(args.amqp_url))
        settings = {"database_url": url, "broker_url": args.amqp_url, "job_queue_name": queue}
        commands = [(f"worker-{n}", _worker_command(args)) for n in range(1, workers + 1)]
        return _serve_and_measure(stack, logs, settings, commands, files, args)


def _worker_command(args: argparse.Namespace) -> list[str]:
    threads = [] if args.worker_threads is None else ["--threads", str(args.worker_threads)]
    return [PARLEY, "worker", *threads]


def netns_run(args: argparse.Namespace, files: list[Path]) -> dict[str, Any]:
    """PostgreSQL and Redis in namespace "db", a worker in each of "w1" and "w2"."""
    hosts = ["w1", "w2"]
    with ExitStack() as stack:
        logs = _logs(stack, args.logs)
        network, url, broker = stack.enter_context(database_and_broker(logs, hosts))
        queue = f"parley-bench-{uuid.uuid4().hex[:12]}"
        settings = {"database_url": url, "broker_url": broker, "job_queue_name": queue}
        commands = [(host, network.command(host, _worker_command(args))) for host in hosts]
        result = _serve_and_measure(stack, logs, settings, commands, files, args)
        return result | {"addresses": {h: network.address(h) for h in ["db", *hosts]}}


def export(data_dir: Path, comments: int, files: int) -> list[Path]:
    """The synthetic export in `files` files, written unless `data_dir` has it already."""
    out = data_dir / f"synthetic-{comments}-{files}.json.gz"
    paths = part_paths(out, files)
    if not all(path.exists() for path in paths):
        write_export(out, comments, files=files)
    return paths


def _interrupted(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM cleans up like Ctrl-C: every finally runs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", nargs="+", choices=RUNS, default=list(RUNS))
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 4], help="files = jobs")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--netns-comments", type=int, default=200_000)
    parser.add_argument("--netns-jobs", type=int, default=4)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the results, as JSON")
    parser.add_argument("--data-dir", type=Path, help="keep the exports here (default: removed)")
    parser.add_argument("--tiktok", type=Path, default=TIKTOK_ARCHIVE)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--amqp-url", default=DEFAULT_AMQP_URL)
    parser.add_argument("--timeout", type=float, default=3 * 3600, help="seconds per run")
    parser.add_argument("--logs", type=Path, help="keep each run's logs in a directory here")
    parser.add_argument("--no-text", action="store_true", help="structure only: text=false")
    parser.add_argument(
        "--worker-threads", type=int, help="each worker's --threads (default: the worker's)"
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupted)
    results: list[dict[str, Any]] = []
    with ExitStack() as stack:
        data = args.data_dir or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        for directory in filter(None, (data, args.logs)):
            directory.mkdir(parents=True, exist_ok=True)
        for result in _runs(args, data):
            results.append(result)
            print(table(results[-1:]) + "\n" + cpu_line(results[-1]), flush=True)
            document = {"cpus": os.cpu_count(), "results": results}
            args.out.write_text(json.dumps(document, indent=2))  # after each run: none is lost
    print(table(results))
    print(f"details: {args.out}")


def _runs(args: argparse.Namespace, data: Path) -> Iterator[dict[str, Any]]:
    for run in args.runs:
        if run == "synthetic":
            for jobs in args.jobs:
                files = export(data, args.comments, jobs)
                for workers in args.workers:
                    yield {"run": f"synthetic {args.comments:,}"} | local_run(args, files, workers)
        elif run == "tiktok":
            for workers in args.workers:
                yield {"run": "tiktok full set"} | local_run(args, [args.tiktok], workers)
        else:
            files = export(data, args.netns_comments, args.netns_jobs)
            yield {"run": f"netns {args.netns_comments:,}"} | netns_run(args, files)


if __name__ == "__main__":
    main()
