"""Import every dataset in ../shared/data into a Parley database, tagged with its dataset name.

    python -m bench.store_shared_data --database-url sqlite:///shared.db [--full] [--no-text]

This is what the example report in docs/ is made from. Each upload is its own transaction, as
a POST would be. The full 5,331-video TikTok set is left out unless --full is given.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from app.api.threads.ingest import ingest_upload
from app.api.threads.params import ImportRequest
from app.settings import get_settings
from app.text_pipeline import text_analyzer
from bench.import_shared_data import DEFAULT_DATA, all_datasets
from db.engine import make_engine, make_session_factory
from db.migrate import upgrade
from importers.base import ImportOptions
from importers.payload import Payload, decompress

SCALE_ONLY = {"tiktok/nesc-apify-full"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", default=get_settings().database_url)
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--full", action="store_true", help="include the full TikTok set")
    parser.add_argument("--no-text", action="store_true", help="skip the text step")
    args = parser.parse_args(argv)
    upgrade(args.database_url)
    sessions = make_session_factory(make_engine(args.database_url))
    analyzer = None if args.no_text else text_analyzer(get_settings())
    for dataset in all_datasets():
        folder = Path(args.data) / dataset.name
        if not folder.is_dir() or (dataset.name in SCALE_ONLY and not args.full):
            continue
        started, threads = time.perf_counter(), 0
        request = ImportRequest(None, ImportOptions(), (dataset.name,))
        for upload in dataset.uploads(folder):
            payload = Payload(decompress(upload.data), filename=upload.filename)
            with sessions() as session, session.begin():
                threads += len(ingest_upload(session, payload, request, analyzer))
        print(f"{dataset.name}: {threads} threads ({time.perf_counter() - started:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
