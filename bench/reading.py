"""How fast, and in how much memory, an import job's reader turns a large upload into units.

    python -m bench.reading [--tar PATH] [--gigabytes 1.0] [--whole-file-mib 1]

1. The real TikTok set (`--tar`, default ../shared/data/tiktok/nesc-apify-full/comments-all.tar.zst:
   5,331 JSON files, one per video, tar compressed with zstd) streamed member by member, each
   file whole (the default limit of 64 MiB); skipped when absent.
2. A generated JSON Lines file of `--gigabytes` of Apify-TikTok-like rows, the videos
   interleaved, read post by post (files over `--whole-file-mib` are grouped); written to a
   temporary directory, deleted after.

Each reading runs in a process of its own, so its peak RSS (getrusage) is its own. Prints units,
records (for whole files: lines), units/s, records/s, MB/s of the file as read, and peak RSS.
Nothing is imported: this measures the reader alone.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import tempfile
import time
from collections import Counter
from pathlib import Path

from app.jobs.reading import ReadProgress, RefusedFile, SkippedFile, Unit, read_units

DEFAULT_TAR = (
    Path(__file__).resolve().parents[2] / "shared/data/tiktok/nesc-apify-full/comments-all.tar.zst"
)
MIB = 1 << 20
VIDEOS = 20_000
ROW = (
    '{{"cid": "{cid}", "repliesToId": {parent}, "uid": "{uid}", "uniqueId": "user{uid}", '
    '"createTime": {time}, "text": "{text}", "diggCount": {likes}, "replyCommentTotal": 0, '
    '"videoWebUrl": "https://www.tiktok.com/@maker{video}/video/{video}"}}\n'
)
WORDS = ("so", "true", "where", "is", "this", "love", "it", "what", "a", "view", "haha", "same")


def generate(path: Path, size: int, seed: int = 13) -> int:
    """Rows of VIDEOS videos in random order until `size` bytes; the number of rows."""
    rng = random.Random(seed)
    written = rows = 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            video = 7_400_000_000_000_000_000 + rng.randrange(VIDEOS)
            top = rng.random() < 0.6
            text = " ".join(rng.choices(WORDS, k=rng.randrange(3, 25)))
            line = ROW.format(
                cid=7_450_000_000_000_000_000 + rows,
                parent="null"
                if top
                else f'"{7_450_000_000_000_000_000 + rng.randrange(rows + 1)}"',
                uid=rng.randrange(10**9),
                time=1_700_000_000 + rows,
                text=text,
                likes=rng.randrange(100),
                video=video,
            )
            written += out.write(line)
            rows += 1
    return rows


def measure(path: str, name: str, whole_file_limit: int, results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """Read every unit of `path` (in a child process) and report counts, time and peak RSS."""
    progress = ReadProgress()
    kinds: Counter[str] = Counter()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="parley-bench-spool-") as spool:
        for item in read_units(
            Path(path),
            name=name,
            media_type=None,
            content_encoding=None,
            format_name=None,
            spool_dir=Path(spool),
            whole_file_limit=whole_file_limit,
            inflated_limit=64 * 1024**3,
            progress=progress,
        ):
            kinds[type(item).__name__] += 1
            if isinstance(item, RefusedFile):
                print(f"  refused {item.source}: {item.error.detail[:200]}")
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.put((dict(kinds), progress.rows_read, progress.bytes_read, seconds, peak_mib))


def report(label: str, path: Path, whole_file_limit: int) -> None:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    child = context.Process(target=measure, args=(str(path), path.name, whole_file_limit, results))
    child.start()
    kinds, rows, read, seconds, peak_mib = results.get()
    child.join()
    units = kinds.get(Unit.__name__, 0)
    print(
        f"{label}: {units:,} units, {kinds.get(RefusedFile.__name__, 0)} refused, "
        f"{kinds.get(SkippedFile.__name__, 0)} skipped, {rows:,} records in {seconds:.1f} s: "
        f"{units / seconds:,.0f} units/s, {rows / seconds:,.0f} records/s, "
        f"{read / MIB / seconds:,.1f} MB/s of the file ({read / MIB:,.0f} MB); "
        f"peak RSS {peak_mib:,.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tar", type=Path, default=DEFAULT_TAR)
    parser.add_argument("--gigabytes", type=float, default=1.0)
    parser.add_argument("--whole-file-mib", type=float, default=1.0)
    args = parser.parse_args()
    if args.tar.exists():
        report("real TikTok tar.zst, files whole", args.tar, 64 * MIB)
    else:
        print(f"skipped: {args.tar} is absent")
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as folder:
        path = Path(folder) / "comments.jsonl"
        started = time.perf_counter()
        rows = generate(path, int(args.gigabytes * 1000**3))
        print(
            f"generated {path.stat().st_size / MIB:,.0f} MB, {rows:,} rows of {VIDEOS:,} videos "
            f"in {time.perf_counter() - started:.0f} s"
        )
        report("generated JSON Lines, post by post", path, int(args.whole_file_mib * MIB))


if __name__ == "__main__":
    main()
