"""Run every dataset in ../shared/data through the importers and the analysis.

    python -m bench.import_shared_data [--data DIR] [--only PREFIX]

Prints per dataset: uploads, threads, comments, replies, re-targeted replies, skipped rows with
reasons. Exits non-zero if any native-format dataset fails to import. Skips cleanly (exit 0) when
the data folder is absent.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
from collections import Counter
from pathlib import Path

from bench import datasets
from bench.datasets import Dataset
from importers.base import InvalidInput
from importers.payload import Payload, decompress
from importers.registry import import_payload
from nlp.analyze import analyze_thread

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def all_datasets() -> list[Dataset]:
    found: list[Dataset] = []
    for module_info in pkgutil.iter_modules(datasets.__path__):
        module = importlib.import_module(f"{datasets.__name__}.{module_info.name}")
        found.extend(getattr(module, "DATASETS", []))
    return sorted(found, key=lambda d: d.name)


def run_dataset(dataset: Dataset, folder: Path) -> tuple[str, bool]:
    threads = comments = replies = 0
    retargeted: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    formats: Counter[str] = Counter()
    uploads = 0
    started = time.perf_counter()
    for upload in dataset.uploads(folder):
        uploads += 1
        payload = Payload(decompress(upload.data), filename=upload.filename)
        try:
            imported = import_payload(payload)
        except InvalidInput as exc:
            return f"{dataset.name}: FAILED on {upload.label}: {exc.detail}", False
        for item in imported:
            analysis = analyze_thread(item.thread)
            threads += 1
            comments += analysis.metrics.structure.comments
            replies += analysis.metrics.structure.replies
            retargeted.update(item.report.retargeted)
            skipped.update(item.report.skipped)
            formats[item.report.format] += 1
    seconds = time.perf_counter() - started
    ok = set(formats) <= {dataset.native_format} and uploads > 0
    line = (
        f"{dataset.name}: format={','.join(sorted(formats)) or '-'} uploads={uploads} "
        f"threads={threads} comments={comments} replies={replies} "
        f"retargeted={dict(retargeted) or 0} skipped={dict(skipped) or 0} ({seconds:.1f}s)"
    )
    if not ok:
        line += f"  <- expected format {dataset.native_format}"
    return line, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--only", default="", help="dataset name prefix, e.g. tiktok/")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no data folder at {args.data}; nothing to do")
        return 0
    failures = 0
    for dataset in all_datasets():
        if not dataset.name.startswith(args.only):
            continue
        folder = args.data / dataset.name
        if not folder.is_dir():
            print(f"{dataset.name}: absent, skipped")
            continue
        line, ok = run_dataset(dataset, folder)
        print(line, flush=True)
        failures += not ok
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
