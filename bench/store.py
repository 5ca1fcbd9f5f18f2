"""Where an import's time goes: parsing, analysis and storage, on SQLite and PostgreSQL.

    python -m bench.store [--source synthetic|tiktok] [--comments N] [--text]
                          [--database sqlite|postgresql|both] [--postgres-url URL]

An upload, as `POST /v1/threads` would take it, in one transaction, into an empty database
(a temporary SQLite file; a throwaway PostgreSQL database, dropped afterwards). `synthetic`
is one thread of N comments (bench/generate.py), then the same thread with 1% more comments
merged into it; `tiktok` is the full 5,331-video TikTok set
(../shared/data/tiktok/nesc-apify-full), every file in one upload. Prints the seconds of each
step and the comments stored per second of the storage step (the writes and the commit).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from app.api.threads.ingest import make_plans, write
from app.api.threads.merge import one_per_post
from app.api.threads.params import OnExisting
from app.api.threads.privacy import Privacy
from app.settings import get_settings
from app.text_pipeline import text_analyzer
from bench.datasets.tiktok import apify_full_uploads
from bench.generate import generate_thread
from bench.import_shared_data import DEFAULT_DATA
from db.engine import make_engine, make_session_factory
from db.migrate import upgrade
from db.repository import lock_posts
from importers.payload import Payload
from importers.registry import import_payload
from importers.toolkit.identity import require_external_ids
from nlp.pipeline import TextAnalyzer

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TIKTOK_FOLDER = "tiktok/nesc-apify-full"


def synthetic_payload(comments: int) -> Payload:
    """One thread of `comments` comments; of two sizes, the smaller's comments begin the larger
    (the generator draws comment by comment), and both name the same post."""
    thread = generate_thread(comments) | {"external_id": "bench-synthetic"}
    return Payload(json.dumps(thread, separators=(",", ":")).encode(), filename="synthetic.json")


def tiktok_payload(data_folder: Path) -> Payload:
    """Every file of the set as one upload (past the API's 500-file limit, which a job lifts),
    leaving out the files holding only `[]`, as the dataset's loader does."""
    files = apify_full_uploads(data_folder / TIKTOK_FOLDER)
    return Payload(b"", parts=tuple(Payload(f.data, filename=f.filename) for f in files))


@contextmanager
def empty_database(kind: str, postgres_url: str) -> Iterator[str]:
    """The URL of an empty, migrated database of this kind, removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.db"
            upgrade(url)
            yield url
        return
    # A database of its own, not a schema: advisory post locks are per database, and a run
    # holds those of every post it imports until it commits.
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    name = f"parley_bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
        upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def run(payload: Payload, url: str, analyzer: TextAnalyzer | None) -> str:
    """Import `payload` into the database at `url` (merged into a stored post), timing each
    step; one line of results."""
    privacy = Privacy()
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session, session.begin():
            started = time.perf_counter()
            imported = import_payload(payload)
            require_external_ids(imported)
            imported = privacy.applied(one_per_post(imported))
            parsed = time.perf_counter()
            plans = make_plans(session, imported, OnExisting.MERGE, analyzer, privacy)
            analysed = time.perf_counter()
            lock_posts(session, [(i.thread.platform.value, i.thread.external_id) for i in imported])
            for plan in plans:
                write(session, plan, privacy)
        stored = time.perf_counter()
    finally:
        engine.dispose()
    comments = sum(plan.analysis.metrics.structure.comments for plan in plans)
    seconds = stored - analysed
    return (
        f"{engine.dialect.name}: {len(plans)} threads, {comments} comments; "
        f"parse {parsed - started:.1f}s, analyse {analysed - parsed:.1f}s, "
        f"store {seconds:.1f}s ({comments / seconds:,.0f} comments/s stored)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--source", choices=["synthetic", "tiktok"], default="synthetic")
    parser.add_argument("--comments", type=int, default=100_000, help="synthetic thread size")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--text", action="store_true", help="run the text step too")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args(argv)
    if args.source == "tiktok":
        uploads = [("new", tiktok_payload(args.data))]
    else:
        # Then 1% more comments merged into it: the tree positions of most stored ones move.
        bigger = synthetic_payload(args.comments + args.comments // 100)
        uploads = [("new", synthetic_payload(args.comments)), ("merge +1%", bigger)]
    analyzer = text_analyzer(get_settings()) if args.text else None
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    for kind in kinds:
        with empty_database(kind, args.postgres_url) as url:
            for label, payload in uploads:
                print(f"{args.source} {label}: {run(payload, url, analyzer)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
