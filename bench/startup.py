"""How long Parley takes to start: `parley serve` until /healthz answers, `parley analyze` on
small files, and the first upload in a language the service has not seen yet.

    python -m bench.startup [--runs 3] [--data DIR] [--preload] [--only serve|analyze]

1. `parley serve` on a new SQLite file, in a child process: seconds from spawning it until
   GET /healthz answers 200 (migrations, imports and the lifespan included). Median of --runs.
2. Uploads to that server, one after another, each timed from request to response: a synthetic
   English thread (the first upload: language detection and the English and multilingual
   pipelines start), another English one (a few of its random English words may be detected
   as Dutch, French or Indonesian, as in real threads), a French thread, another French one,
   and the Indonesian TikTok sample of shared/data (new languages again); then the
   server's peak RSS.
3. `parley analyze FILE --json` in a child process on a synthetic 100-comment thread and on
   small real TikTok and YouTube files of shared/data: wall seconds and peak RSS (median of
   --runs). Each language the comments are detected in is a pipeline built during the run.

--preload runs the server with PARLEY_PRELOAD_TEXT_PIPELINES=true. The machine's load average
is printed first: on a busy machine every wall time grows, so CPU seconds (the server's until
/healthz answered; each analyze child's) are printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.analyze import AnalyzeError, parley_executable
from bench.generate import generate_thread, write_thread
from bench.serve import LiveServer, parley_serve
from nlp.lexicon import DEFAULT_LANGUAGES

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
HEALTH_GOAL_SECONDS = 3.0
ANALYZE_GOAL_SECONDS = 1.5
SERVE_TIMEOUT_SECONDS = 120.0
# Small real files: (label, path under shared/data, comments).
REAL_FILES = (
    ("TikTok 102", "tiktok/nesc-apify-tradwife-comments/comments/7371872059237895467.json", 102),
    ("TikTok 285", "tiktok/nesc-apify-tradwife-comments/comments/7341807100982463774.json", 285),
    ("TikTok id 38", "tiktok/tiktok-comment-scrapper-samples/7418294751977327878.json", 38),
    ("YouTube XML 247", "youtube/youtube-discussion-tree-minecraft-xml/output.xml", 247),
    ("YouTube 1269", "youtube/ycd-everest-ScMzIvxBSi4-2021/ScMzIvxBSi4.json", 1269),
)
INDONESIAN_UPLOAD = "tiktok/tiktok-comment-scrapper-samples/7507084128119016709.json"
FRENCH = (
    "Je ne suis pas du tout d'accord avec toi sur ce point",
    "Merci pour la vidéo, elle est vraiment très bien faite",
    "Pourquoi est-ce que personne ne parle de la musique dans cette vidéo",
    "C'est exactement ce que je pensais en regardant la fin",
    "Tu as raison, mais il faut quand même voir les deux côtés",
    "On attend la suite avec impatience, bravo à toute l'équipe",
)


@contextmanager
def running_server(folder: Path, preload: bool) -> Iterator[tuple[LiveServer, float]]:
    """A `parley serve` child on a new SQLite file, and the seconds until /healthz answered."""
    settings = {
        "database_url": f"sqlite:///{folder / 'bench.db'}",
        "preload_text_pipelines": str(preload).lower(),
        "text_languages": json.dumps(DEFAULT_LANGUAGES),
        "log_format": "text",
    }
    started = time.perf_counter()
    with parley_serve(settings, cwd=folder, seconds=SERVE_TIMEOUT_SECONDS) as server:
        yield server, time.perf_counter() - started


def upload_seconds(base: str, body: bytes, filename: str) -> float:
    request = urllib.request.Request(
        f"{base}/v1/threads",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as answer:
        answer.read()
        if answer.status not in (200, 201):
            raise RuntimeError(f"upload of {filename} answered {answer.status}")
    return time.perf_counter() - started


def french_thread(external_id: str) -> bytes:
    thread = generate_thread(40, seed=len(external_id))
    thread["external_id"] = external_id
    for i, comment in enumerate(thread["comments"]):
        comment["text"] = FRENCH[i % len(FRENCH)]
    return json.dumps(thread).encode()


def english_thread(external_id: str, seed: int) -> bytes:
    thread = generate_thread(100, seed=seed)
    thread["external_id"] = external_id
    return json.dumps(thread).encode()


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds a running process has used (proc(5): fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_serve(data: Path, runs: int, preload: bool) -> None:
    print(f"\n`parley serve` until /healthz answers (preload={preload}, goal < 3 s)")
    seconds: list[float] = []
    cpu: list[float] = []
    for run in range(runs):
        with (
            tempfile.TemporaryDirectory(prefix="parley-startup-") as folder,
            running_server(Path(folder), preload) as (server, ready),
        ):
            seconds.append(ready)
            cpu.append(cpu_seconds(server.pid))
            if run == 0:
                bench_uploads(server, data)
    listed = ", ".join(f"{s:.2f}" for s in seconds)
    print(f"  runs: {listed} s; median {statistics.median(seconds):.2f} s wall, ", end="")
    print(f"{statistics.median(cpu):.2f} s CPU of the server")


def bench_uploads(server: LiveServer, data: Path) -> None:
    uploads = [
        ("first upload, English, 100 comments", english_thread("bench-en-1", 1), "en1.json"),
        ("second upload, English, 100 comments", english_thread("bench-en-2", 2), "en2.json"),
        ("first French upload, 40 comments", french_thread("bench-fr-1"), "fr1.json"),
        ("second French upload, 40 comments", french_thread("bench-fr-22"), "fr2.json"),
    ]
    indonesian = data / INDONESIAN_UPLOAD
    if indonesian.is_file():
        label = "first Indonesian upload (real TikTok, 80 comments)"
        uploads.append((label, indonesian.read_bytes(), indonesian.name))
    print("  uploads to that server, in order (request to response):")
    for label, body, filename in uploads:
        print(f"    {label:<52} {upload_seconds(server.base, body, filename):6.2f} s")
    print(f"    server peak RSS after them: {server.memory_mb('VmHWM'):.0f} MB")


def analyze_once(parley: Path, path: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of `parley analyze PATH --json`, read from
    the child's own rusage (os.wait4)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(
            [str(parley), "analyze", str(path), "--json"], stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        if child.returncode != 0:
            errors.seek(0)
            raise AnalyzeError(f"{path}: exit status {child.returncode}\n{errors.read()[-2000:]!r}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # Linux: KiB


def bench_analyze(data: Path, runs: int) -> None:
    parley = parley_executable()
    print(f"\n`parley analyze FILE --json` (median of {runs}; goal < 1.5 s on 100 comments)")
    print(f"  {'file':<18} {'comments':>8} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12}")
    with tempfile.TemporaryDirectory(prefix="parley-startup-") as folder:
        synthetic = Path(folder) / "synthetic-100.json"
        write_thread(100, synthetic, 0)
        files = [("synthetic 100", synthetic, 100)]
        files += [(label, data / path, n) for label, path, n in REAL_FILES]
        files = [(label, path, n) for label, path, n in files if path.is_file()]
        for label, path, comments in files:
            measured = [analyze_once(parley, path) for _ in range(runs)]
            wall, cpu, rss = (statistics.median(m[i] for m in measured) for i in range(3))
            print(f"  {label:<18} {comments:>8} {wall:>8.2f} {cpu:>8.2f} {rss:>12.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--preload", action="store_true", help="preload every pipeline")
    parser.add_argument("--only", choices=("serve", "analyze"), help="run one part only")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load}")
    if args.only != "analyze":
        bench_serve(args.data, args.runs, args.preload)
    if args.only != "serve":
        bench_analyze(args.data, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
