"""Schemathesis against a live `parley serve`, on a SQLite file and on PostgreSQL (.ci/run).

    .venv/bin/python -m tests.api.schemathesis_ci [--database sqlite] [--seed N] [--max-examples N]

For each database: a throwaway one (a SQLite file in a temporary folder; a schema of its own in
the PostgreSQL database of PARLEY_TEST_POSTGRES_URL, dropped afterwards), `parley serve` on a
free port, two threads seeded, then `schemathesis run` on the server's own /openapi.json with a
fixed seed and a fixed number of examples per operation (uploads and DELETE included; fewer
for the report, REPORT_EXAMPLES), checking not_a_server_error, response_schema_conformance and
status_code_conformance. Exit code 1 on any finding, with the server's tracebacks printed; each
finding comes with its curl reproduction.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from bench.databases import postgres_schema
from bench.serve import BIN, parley_serve

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance"
SEED = 20261211
# Per operation and phase: with 24 operations about 2 minutes a database on a quiet machine of
# this kind, 4-5 on a slow one; the two databases run side by side.
MAX_EXAMPLES = 150
RUN_TIMEOUT = 600  # seconds a database: 77-105 s on a quiet machine, 270 s on a slow one
# The report renders its HTML and figures for every request (~0.7 s on a slow machine): at 150
# examples it took 107 of SQLite's 280 s and 125 of PostgreSQL's 340 s. Its query parameters
# are the selection and sampling parameters /v1/compare shares (fuzzed there at MAX_EXAMPLES)
# and a metric list; 40 examples still reach each of them.
REPORT_EXAMPLES = 40
# schemathesis.toml, in the run's own folder: what the command line cannot say per operation.
CONFIG = f"""[[operations]]
include-name = "GET /v1/report"
generation.max-examples = {REPORT_EXAMPLES}
"""


def seed_threads() -> list[dict[str, object]]:
    """Two small threads with a back-and-forth, so reads of a stored thread have one to read."""

    def comment(cid: str, parent: str | None, author: str, said: str, minute: int) -> object:
        at = f"2024-05-01T10:{minute:02d}:00Z"
        return {"id": cid, "reply_to": parent, "author": author, "text": said, "created_at": at}

    return [
        {
            "platform": platform,
            "external_id": f"seed-{platform}",
            "creator": "ann",
            "comments": [
                comment("a", None, "ann", "Why would anyone plant tomatoes this late?", 0),
                comment("b", "a", "bob", "Because the autumn here is warm enough.", 1),
                comment("c", "b", "ann", "Fair, which variety do you grow?", 2),
                comment("d", "c", "bob", "Sungold, it ripens quickly.", 3),
                comment("e", None, "cy", "lovely video", 4),
            ],
        }
        for platform in ("youtube", "tiktok")
    ]


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="parley-schemathesis-") as folder:
        yield f"sqlite:///{Path(folder) / 'parley.db'}"


@contextmanager
def postgres_database() -> Iterator[str]:
    """A schema of its own in the test database, dropped afterwards (as tests/conftest.py does)."""
    base = os.environ.get("PARLEY_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    with postgres_schema(base, "parley_schemathesis") as url:
        yield url


@contextmanager
def live_server(database_url: str, log: Path) -> Iterator[str]:
    """`parley serve` (migrations first) on a free port; its output goes to `log`."""
    settings = {"database_url": database_url, "preload_text_pipelines": "true"}
    with parley_serve(settings, log=log) as server:
        yield server.base


def seed(base: str) -> None:
    body = json.dumps(seed_threads()).encode()
    request = urllib.request.Request(
        f"{base}/v1/threads", data=body, headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        if response.status != 201:
            raise RuntimeError(f"seeding answered {response.status}")


def schemathesis(base: str, seed_value: int, max_examples: int, report: Path, output: Path) -> int:
    command = [
        str(BIN / "schemathesis"),
        "run",
        f"{base}/openapi.json",
        f"--checks={CHECKS}",
        f"--seed={seed_value}",
        f"--max-examples={max_examples}",
        "--generation-database=none",  # no examples carried over from an earlier run
        "--workers=1",  # one operation at a time: the same seed gives the same run
        "--request-timeout=30",
        "--no-color",
        "--report=junit",
        f"--report-junit-path={report}",
    ]
    # A folder of its own: schemathesis keeps a cache of crashes in `.schemathesis/` under the
    # working directory and replays them first, so a run would depend on the ones before it.
    try:
        with (
            tempfile.TemporaryDirectory(prefix="schemathesis-cwd-") as folder,
            output.open("w") as written,
        ):
            (Path(folder) / "schemathesis.toml").write_text(CONFIG)
            print("$", " ".join(command), file=written, flush=True)
            run = subprocess.run(
                command,
                timeout=RUN_TIMEOUT,
                check=False,
                cwd=folder,
                stdout=written,
                stderr=subprocess.STDOUT,
            )
        return run.returncode
    except subprocess.TimeoutExpired:
        with output.open("a") as written:
            print(f"schemathesis did not finish within {RUN_TIMEOUT} s", file=written)
        return 1


def server_errors(log: Path) -> str:
    """What the server logged above INFO (its access lines left out): one JSON object per line
    (app/request_log.py), or a plain line, e.g. a crash before logging was configured."""
    lines = log.read_text(errors="replace").splitlines()
    kept = [line for line in lines if not _is_info(line)]
    return "\n".join(kept[-200:])


def _is_info(line: str) -> bool:
    try:
        record = json.loads(line)
    except ValueError:
        return line.startswith("INFO:")
    return isinstance(record, dict) and record.get("levelname", record.get("level")) == "INFO"


def run(database: str, seed_value: int, max_examples: int, out: Path) -> int:
    opened = sqlite_database() if database == "sqlite" else postgres_database()
    log = out / f"server-{database}.log"
    started = time.monotonic()
    output = out / f"schemathesis-{database}.txt"
    with opened as url, live_server(url, log) as base:
        seed(base)
        code = schemathesis(base, seed_value, max_examples, out / f"junit-{database}.xml", output)
    lines = [
        f"=== schemathesis on {database} ===",
        output.read_text(errors="replace"),
        f"schemathesis on {database}: exit {code} in {time.monotonic() - started:.0f} s",
    ]
    if code != 0:
        lines.append(f"--- server log ({log}), without its access lines ---\n{server_errors(log)}")
    print("\n".join(lines), flush=True)  # whole, once: the databases run side by side
    return code


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", action="append", choices=["sqlite", "postgresql"], default=None
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--max-examples", type=int, default=MAX_EXAMPLES)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "schemathesis")
    args = parser.parse_args(argv)
    args.out = args.out.resolve()  # schemathesis runs in a folder of its own
    args.out.mkdir(parents=True, exist_ok=True)
    databases = args.database or ["sqlite", "postgresql"]
    # Side by side: each run keeps about one CPU busy between its client and its server, and
    # this machine kind has two.
    with ThreadPoolExecutor(max_workers=len(databases)) as pool:
        codes = pool.map(lambda db: run(db, args.seed, args.max_examples, args.out), databases)
        failed = [database for database, code in zip(databases, codes, strict=True) if code != 0]
    print(f"schemathesis: findings on {', '.join(failed)}" if failed else "schemathesis: clean")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
