"""Time the HTML report and a comparison by their number of resamples, alone and several at once.

    python -m bench.resamples [--threads 5000] [--resamples 2000,5000] [--concurrent 8]

Stores synthetic thread and metrics rows (bench.compare.store_threads) in a fresh SQLite file,
starts `parley serve` on a free loopback port, then, for each number of resamples, times
GET /v1/report and GET /v1/compare?metric=dialogue_score: one request alone (best of two), and
`--concurrent` identical requests at once (the slowest of them, which is what its client waits).
A number above the API's cap is answered 422 and shown as refused.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from bench.compare import store_threads
from bench.serve import parley_serve
from db.migrate import upgrade

PATHS = {"report": "/v1/report", "compare": "/v1/compare?metric=dialogue_score"}


def timed_get(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    answer = httpx.get(url, timeout=600)
    return time.perf_counter() - started, answer.status_code


def measure(base: str, path: str, resamples: int, concurrent: int) -> str:
    separator = "&" if "?" in path else "?"
    url = f"{base}{path}{separator}resamples={resamples}"
    alone = [timed_get(url) for _ in range(2)]
    if any(status == 422 for _, status in alone):
        return "refused (422)"
    with ThreadPoolExecutor(concurrent) as pool:
        together = list(pool.map(timed_get, [url] * concurrent))
    statuses = {status for _, status in alone + together}
    slowest = max(seconds for seconds, _ in together)
    return (
        f"{min(s for s, _ in alone):6.2f} s alone, {slowest:6.2f} s slowest of {concurrent} "
        f"at once (statuses {sorted(statuses)})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--threads", type=int, default=5_000)
    parser.add_argument("--resamples", default="2000,5000")
    parser.add_argument("--concurrent", type=int, default=8)
    args = parser.parse_args(argv)
    counts = [int(part) for part in args.resamples.split(",") if part.strip()]
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        store_threads(url, args.threads, seed=1)
        with parley_serve({"database_url": url}) as server:
            base = server.base
            print(f"{args.threads} stored threads (6 platforms):")
            for resamples in counts:
                for name, path in PATHS.items():
                    result = measure(base, path, resamples, args.concurrent)
                    print(f"  {name:<8} resamples={resamples:<6} {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
