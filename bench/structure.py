"""How fast the structure step (no text step) analyses threads, as an import worker runs it.

    python -m bench.structure [--data DIR] [--runs 3] [--profile N]

Times nlp.analyze.analyze_thread(thread) without an analyzer over (a) the full TikTok Apify set
(shared/data/tiktok/nesc-apify-full, 4,923 threads of 444,741 comments; skipped when absent) and
(b) synthetic threads of 10 to 100,000 comments (bench/generate.py). Threads are imported
before the timing. Prints, per set, the median CPU seconds of --runs runs (CPU time: the
machines it runs on are shared), comments and threads a second. --profile N prints the N
functions with the most own time (cProfile) over one run of each set instead.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench.datasets.tiktok import apify_full_uploads
from bench.text import DEFAULT_DATA, imported_threads, synthetic_thread
from nlp.analyze import analyze_thread
from nlp.thread import Thread

REAL_DATASET = Path("tiktok") / "nesc-apify-full"
# (comments, seed): mostly small threads, as imports see them, and a few large ones
SYNTHETIC = (
    (10, 1),
    (30, 2),
    (100, 3),
    (300, 4),
    (1_000, 5),
    (3_000, 6),
    (10_000, 7),
    (100_000, 0),
)


def real_threads(data: Path) -> list[Thread]:
    """Every thread of the full TikTok set; empty when the folder is absent."""
    folder = data / REAL_DATASET
    return imported_threads(apify_full_uploads(folder)) if folder.is_dir() else []


def cpu_seconds(threads: Sequence[Thread]) -> float:
    started = time.process_time()
    for thread in threads:
        analyze_thread(thread)
    return time.process_time() - started


def report(name: str, threads: Sequence[Thread], runs: int) -> None:
    seconds = [cpu_seconds(threads) for _ in range(runs)]
    median = statistics.median(seconds)
    comments = sum(len(t.comments) for t in threads)
    print(f"{name}: {comments} comments in {len(threads)} threads, median of {runs} runs")
    print(f"  {median:.2f} s CPU  ({', '.join(f'{s:.2f}' for s in seconds)})")
    print(f"  {comments / median:,.0f} comments/s, {len(threads) / median:,.1f} threads/s")


def profile(name: str, threads: Sequence[Thread], top: int) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(cpu_seconds, threads)
    print(f"{name}: own time, top {top}")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.profile < 0:
        parser.error("--runs must be at least 1 and --profile at least 0")
    sets = [("synthetic", [synthetic_thread(n, seed) for n, seed in SYNTHETIC])]
    real = real_threads(args.data)
    if real:
        sets.insert(0, (str(REAL_DATASET), real))
    else:
        print(f"no data at {args.data / REAL_DATASET}; real comments skipped")
    for name, threads in sets:
        analyze_thread(threads[0])  # first-call imports and set-up outside the timing
        if args.profile:
            profile(name, threads, args.profile)
        else:
            report(name, threads, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
