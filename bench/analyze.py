"""How fast `parley analyze` is, and how much memory it needs, on synthetic threads.

    python -m bench.analyze [--sizes 1000,10000,100000] [--seed S]

Each size runs twice, end to end (start-up, reading, analysis, JSON output): structure only
(`--no-text`) and with the text step, whose start-up includes building a spaCy pipeline for
every language the comments turn out to be in.

Each size runs in a fresh child process, and its peak RSS is read from that child's own rusage
(os.wait4), so one run's peak never hides behind an earlier, larger one.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.generate import write_thread

DEFAULT_SIZES = (1_000, 10_000, 100_000)


@dataclass(frozen=True, slots=True)
class Run:
    size: int
    text: bool
    seconds: float
    peak_rss_mb: float


class AnalyzeError(RuntimeError):
    """`parley analyze` exited with an error."""


def parley_executable() -> Path:
    # The console script is installed next to the interpreter running this benchmark.
    return Path(sys.executable).parent / "parley"


def run_once(parley: Path, thread_file: Path, size: int, text: bool) -> Run:
    command = [str(parley), "analyze", str(thread_file), "--json"]
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(
            command if text else [*command, "--no-text"],
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        if child.returncode != 0:
            errors.seek(0)
            tail = errors.read()[-2000:].decode("utf-8", "replace")
            raise AnalyzeError(f"exit status {child.returncode} for {size} comments:\n{tail}")
    # Linux reports ru_maxrss in KiB.
    return Run(size=size, text=text, seconds=seconds, peak_rss_mb=usage.ru_maxrss / 1024)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark `parley analyze` on synthetic threads.")
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="comma-separated comment counts (default: %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        sizes = [int(part) for part in args.sizes.split(",") if part.strip()]
    except ValueError:
        parser.error(f"--sizes must be comma-separated integers, not {args.sizes!r}")
    parley = parley_executable()
    if not parley.exists():
        parser.error(f"{parley} not found; install the project (pip install -e .)")

    print(f"{'comments':>10} {'step':>16} {'wall s':>9} {'comments/s':>12} {'peak RSS MB':>12}")
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as folder:
        for size in sizes:
            thread_file = Path(folder) / f"thread-{size}.json"
            write_thread(size, thread_file, args.seed)
            try:
                runs = [run_once(parley, thread_file, size, text) for text in (False, True)]
            except AnalyzeError as exc:
                print(exc, file=sys.stderr)
                return 1
            for run in runs:
                print_run(run)
            print(f"{'':>10} {'text / structure':>16} {runs[1].seconds / runs[0].seconds:>8.2f}x")
    return 0


def print_run(run: Run) -> None:
    step = "structure + text" if run.text else "structure"
    rate = run.size / run.seconds if run.seconds > 0 else float("inf")
    print(f"{run.size:>10} {step:>16} {run.seconds:>9.3f} {rate:>12.0f} {run.peak_rss_mb:>12.1f}")


if __name__ == "__main__":
    sys.exit(main())
