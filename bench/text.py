"""Does reading the words keep the analysis within 3x the structure-only analysis?

    python -m bench.text [--comments 100000] [--seed S] [--runs 3] [--data DIR]
                         [--only synthetic|real]

Times nlp.analyze.analyze_thread(thread) against analyze_thread(thread, analyzer) on (a) one
synthetic thread of --comments comments and (b) the real TikTok comments of
shared/data/tiktok/nesc-apify-tradwife-comments, one thread per video, summed over the videos
(skipped when the folder is absent; --only times one of them). Prints the median seconds of
--runs runs, the median CPU seconds of the process (the machine may be shared), their ratio and
the comments analysed a second with text (goal: 15,000). Exits 1 when the synthetic ratio, if
timed, exceeds the goal, 3x.

Every run gets a new analyzer, built and warmed outside the timing: a service loads its lemma
tables once at start-up, but must not be measured on word forms a previous run already read.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from bench.datasets import Upload
from bench.datasets.tiktok import apify_subset_uploads
from bench.generate import generate_thread
from importers.payload import Payload, decompress
from importers.registry import import_payload
from nlp.analyze import analyze_thread
from nlp.pipeline import TextAnalyzer, build_text_analyzer, comment_signals
from nlp.thread import Thread

GOAL = 3.0
GOAL_RATE = 15_000  # comments a second, structure and text, per worker (issue 13)
REAL_DATASET = Path("tiktok") / "nesc-apify-tradwife-comments"
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
# One comment per pipeline's code path (detected language, multilingual fallback, emoji, tags),
# so no run pays for first-call set-up inside the timing.
WARM_UP = [
    "I really think this is the best video I have seen this year",
    "Me encanta esta canción, la escucho todos los días",
    "@ann 😂 #fyp",
]


def synthetic_thread(comments: int, seed: int) -> Thread:
    raw = json.dumps(generate_thread(comments, seed)).encode()
    (imported,) = import_payload(Payload(raw, filename="bench.json"))
    return imported.thread


def real_threads(data: Path) -> list[Thread]:
    """One thread per video of the TikTok subset; empty when the folder is absent."""
    folder = data / REAL_DATASET
    return imported_threads(apify_subset_uploads(folder)) if folder.is_dir() else []


def imported_threads(uploads: Iterable[Upload]) -> list[Thread]:
    """The threads of uploads (compressed or not), imported before anything is timed."""
    return [
        item.thread
        for upload in uploads
        for item in import_payload(Payload(decompress(upload.data), filename=upload.filename))
    ]


def ready_analyzer() -> TextAnalyzer:
    analyzer = build_text_analyzer()
    analyzer.preload()
    comment_signals(analyzer, WARM_UP)
    return analyzer


def seconds_to_analyze(
    threads: Sequence[Thread], analyzer: TextAnalyzer | None
) -> tuple[float, float]:
    """Wall-clock and CPU seconds."""
    started, cpu = time.perf_counter(), time.process_time()
    for thread in threads:
        analyze_thread(thread, analyzer)
    return time.perf_counter() - started, time.process_time() - cpu


def compare(name: str, threads: Sequence[Thread], runs: int) -> float:
    """Print the median structure-only and with-text seconds (wall and CPU) of `runs` runs;
    return the ratio of the wall seconds."""
    structure: list[float] = []
    with_text: list[float] = []
    structure_cpu: list[float] = []
    with_text_cpu: list[float] = []
    for _ in range(runs):
        analyzer = ready_analyzer()
        for seconds, cpu, timed in (
            (structure, structure_cpu, None),
            (with_text, with_text_cpu, analyzer),
        ):
            wall, used = seconds_to_analyze(threads, timed)
            seconds.append(wall)
            cpu.append(used)
    ratio = statistics.median(with_text) / statistics.median(structure)
    comments = sum(len(t.comments) for t in threads)
    print(f"{name}: {comments} comments in {len(threads)} thread(s), median of {runs} runs")
    _line("structure only:", structure)
    _line("structure and text:", with_text)
    _line("structure only, CPU:", structure_cpu)
    _line("with text, CPU:", with_text_cpu)
    print(f"  ratio:                {ratio:8.2f} x  (goal <= {GOAL:.0f}x)")
    rate = comments / statistics.median(with_text)
    print(f"  with text:            {rate:8.0f} comments/s  (goal >= {GOAL_RATE:,})")
    return ratio


def _line(name: str, seconds: list[float]) -> None:
    runs = ", ".join(f"{s:.2f}" for s in seconds)
    print(f"  {name:<22}{statistics.median(seconds):8.2f} s  ({runs})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--only", choices=("synthetic", "real"))
    args = parser.parse_args(argv)
    if args.comments < 1 or args.runs < 1:
        parser.error("--comments and --runs must be at least 1")

    ratio = 0.0
    if args.only != "real":
        synthetic = synthetic_thread(args.comments, args.seed)
        ratio = compare("synthetic", [synthetic], args.runs)
    if args.only != "synthetic":
        real = real_threads(args.data)
        if real:
            compare(str(REAL_DATASET), real, args.runs)
        else:
            print(f"no data at {args.data / REAL_DATASET}; real comments skipped")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
