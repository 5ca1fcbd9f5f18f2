"""The researcher's downloads and pages on a stored database (issue 14): every table export as CSV
and Parquet, the largest thread's networks as GraphML and GEXF, its thread page, the thread list
and the report, each timed to its first and last byte with its size.

    python -m bench.exports --database-url sqlite:///full.db

Start from a database holding the data to measure, e.g. the full TikTok crawl:
`parley import ../shared/data/tiktok/nesc-apify-full/comments-all.tar.zst --database-url …`.
A real `parley serve` answers on a free loopback port; the server's peak RSS is read at the end.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass

import httpx

from bench.serve import parley_serve

TABLES = ("threads", "comments", "edges")
FORMATS = ("csv", "parquet")


@dataclass(frozen=True)
class Download:
    what: str
    size: int
    first_byte: float
    total: float


def download(client: httpx.Client, what: str, path: str) -> Download:
    """Stream `path` to its end, counting its bytes."""
    started = time.perf_counter()
    first: float | None = None
    size = 0
    with client.stream("GET", path) as response:
        response.raise_for_status()
        for chunk in response.iter_bytes():
            first = time.perf_counter() - started if first is None else first
            size += len(chunk)
    return Download(what, size, first or 0.0, time.perf_counter() - started)


def largest_thread(client: httpx.Client) -> int:
    page = client.get(
        "/v1/threads", params={"sort": "comments", "order": "desc", "limit": 1}
    ).raise_for_status()
    thread_id: int = page.json()["items"][0]["id"]
    return thread_id


def downloads(client: httpx.Client) -> list[Download]:
    found = [
        download(client, f"{table} ({kind})", f"/v1/exports/{table}?format={kind}")
        for table in TABLES
        for kind in FORMATS
    ]
    thread = largest_thread(client)
    for kind in ("authors", "replies"):
        for kind_format in ("graphml", "gexf"):
            path = f"/v1/threads/{thread}/network?kind={kind}&format={kind_format}"
            found.append(download(client, f"thread {thread} {kind} network ({kind_format})", path))
    found.append(download(client, f"thread page {thread}", f"/threads/{thread}"))
    found.append(download(client, "thread list", "/?sort=dialogue_score&order=desc"))
    found.append(download(client, "report (cold)", "/v1/report"))
    found.append(download(client, "report (cached)", "/v1/report"))
    return found


def table(found: list[Download]) -> str:
    rows = [
        f"| {d.what} | {d.size / 1e6:,.2f} MB | {d.first_byte:.2f} s | {d.total:.2f} s |"
        for d in found
    ]
    return "\n".join(["| Download | Size | First byte | Total |", "|---|---|---|---|", *rows])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args(argv)
    with (
        parley_serve({"database_url": args.database_url}) as server,
        httpx.Client(base_url=server.base, timeout=1800) as client,
    ):
        found = downloads(client)
        peak = server.memory_mb("VmHWM")
    print(table(found))
    print(f"server peak RSS: {peak:,.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
