"""How fast the importers turn uploads into threads, file by file, as an import worker does.

    python -m bench.parse [--data DIR] [--only PREFIX] [--limit N] [--repeat 3]

Every upload of a dataset in ../shared/data (default: the full TikTok Apify set, 4,923 JSON
files of 444,741 comments, one unit each) is held in memory, then imported one by one through
`importers.registry`, each from a fresh `Payload`: `detect`, then `import_payload` with the
format found, which is what `import_payload(payload, None, options)` does. Detection includes
the JSON parse it shares with the format's parser; "parse" is the rest (building the threads,
re-targeting replies). Prints, per dataset and the median of `--repeat` runs: comments,
seconds, comments/s, detect and parse seconds, and the CPU seconds of the process (on a shared
machine the fairer measure: what other processes take is left out).
Skips cleanly when the data folder is absent.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.datasets import Dataset
from bench.import_shared_data import DEFAULT_DATA, all_datasets
from importers.base import ImportOptions
from importers.payload import Payload, decompress
from importers.registry import detect, import_payload

DEFAULT_ONLY = "tiktok/nesc-apify-full"


@dataclass(frozen=True, slots=True)
class Unit:
    data: bytes  # decompressed, as a job's reader hands a member over
    filename: str | None


@dataclass(frozen=True, slots=True)
class Timing:
    comments: int
    total: float  # seconds to import every unit
    detect: float  # of which detecting its format
    cpu: float  # the process's CPU seconds for it all


def load_units(dataset: Dataset, folder: Path, limit: int | None) -> list[Unit]:
    units: list[Unit] = []
    for upload in dataset.uploads(folder):
        units.append(Unit(decompress(upload.data), upload.filename))
        if limit is not None and len(units) == limit:
            break
    return units


def time_units(units: Sequence[Unit]) -> Timing:
    """Each unit detected, then imported as the format detected (what import_payload without a
    format does, in two timed steps; the JSON parse they share falls to detection)."""
    options = ImportOptions()
    comments = 0
    detecting = importing = 0.0
    cpu = time.process_time()
    for unit in units:
        payload = Payload(unit.data, filename=unit.filename)
        started = time.perf_counter()
        chosen = detect(payload)
        detected = time.perf_counter()
        threads = import_payload(payload, chosen.name, options)
        importing += time.perf_counter() - detected
        detecting += detected - started
        comments += sum(len(imported.thread.comments) for imported in threads)
    return Timing(comments, detecting + importing, detecting, time.process_time() - cpu)


def report(name: str, units: Sequence[Unit], repeat: int) -> None:
    timings = [time_units(units) for _ in range(repeat)]
    total = statistics.median(t.total for t in timings)
    detecting = statistics.median(t.detect for t in timings)
    cpu = statistics.median(t.cpu for t in timings)
    comments = timings[0].comments
    print(
        f"{name}: {len(units):,} units, {comments:,} comments in {total:.2f} s "
        f"(median of {repeat}): {comments / total:,.0f} comments/s; "
        f"detect {detecting:.2f} s, parse {total - detecting:.2f} s; CPU {cpu:.2f} s "
        f"({comments / cpu:,.0f} comments per CPU second)",
        flush=True,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--only", default=DEFAULT_ONLY, help="dataset name prefix; '' for all")
    parser.add_argument("--limit", type=int, default=None, help="units per dataset at most")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no data folder at {args.data}; nothing to do")
        return
    for dataset in all_datasets():
        folder = args.data / dataset.name
        if dataset.name.startswith(args.only) and folder.is_dir():
            report(dataset.name, load_units(dataset, folder, args.limit), args.repeat)


if __name__ == "__main__":
    main()
