"""Whether the limits hold against a real `parley serve`: bombs, an endless body, slow clients.

    python -m bench.limits [--clients 200] [--big-limit-mib 512]

1. With the default settings (50 MiB limit, 10 s for headers and a body's grace): 4 GiB
   compression bombs (zstd as `zstd -` writes it, zstd with the largest window an upload may
   demand, zstd frames demanding 128 MiB and 2 GiB windows, gzip), each the server's peak RSS
   growth (VmHWM after against VmRSS before) and the slowest /healthz answer meanwhile; a
   chunked multipart upload whose file part goes on for 1 GiB, the bytes sent before the 413;
   `--clients` connections trickling their headers and as many trickling a body (a byte every
   2 s), when they were cut.
2. With a limit of `--big-limit-mib`: the same zstd bomb, whose inflating then takes long
   enough to show whether it holds the event loop (/healthz), and the peak against the limit.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from app.settings import Settings
from bench.serve import LiveServer, serve_on_sqlite
from tests.api.bodies import chain
from tests.api.limits.live import (
    GIB,
    MIB,
    HealthProbe,
    Sent,
    endless_multipart,
    gzip_bomb,
    trickle,
    zstd_bomb,
)

BOMBS: dict[str, tuple[Callable[[], bytes], str]] = {
    "zstd 4 GiB (window 2 MiB)": (lambda: zstd_bomb(4 * GIB), "application/zstd"),
    "zstd 4 GiB (window 32 MiB)": (lambda: zstd_bomb(4 * GIB, window_log=25), "application/zstd"),
    "zstd 1 GiB (window 128 MiB)": (lambda: zstd_bomb(1 * GIB, window_log=27), "application/zstd"),
    "zstd 1 GiB (window 2 GiB)": (lambda: zstd_bomb(1 * GIB, window_log=31), "application/zstd"),
    "gzip 4 GiB": (lambda: gzip_bomb(4 * GIB), "application/gzip"),
}


def bomb_row(server: LiveServer, name: str, bomb: bytes, media_type: str) -> list[str]:
    before = server.memory_mb("VmRSS")
    server.reset_peak()
    with HealthProbe(server) as probe:
        started = time.perf_counter()
        response = httpx.post(
            f"{server.base}/v1/threads",
            content=bomb,
            headers={"content-type": media_type},
            timeout=300,
        )
        took = time.perf_counter() - started
    growth = server.memory_mb("VmHWM") - before
    return [
        name,
        f"{len(bomb) / 1024:,.0f} KiB",
        f"{response.status_code} {response.json().get('type', '').rsplit('/', 1)[-1]}",
        f"{took:.2f} s",
        f"{growth:.0f} MB",
        f"{probe.worst * 1000:.0f} ms",
    ]


def multipart_row(server: LiveServer) -> list[str]:
    sent = Sent()
    started = time.perf_counter()
    response = httpx.post(
        f"{server.base}/v1/threads",
        content=endless_multipart(sent, 1 * GIB, "bench"),
        headers={"content-type": "multipart/form-data; boundary=bench"},
        timeout=300,
    )
    took = time.perf_counter() - started
    return [
        "multipart, 1 GiB file part",
        f"{sent.total / MIB:,.0f} MiB sent",
        str(response.status_code),
        f"{took:.2f} s",
    ]


def slow_rows(server: LiveServer, clients: int) -> list[list[str]]:
    with HealthProbe(server) as probe:
        trickled = trickle(server.port, clients, period=2.0, give_up=60)
    rows = []
    for body, what in ((False, "headers"), (True, "body")):
        times = [c.closed_after for c in trickled if c.body is body]
        cut = sorted(t for t in times if t is not None)
        rows.append(
            [
                f"{clients} trickling their {what}",
                f"{len(cut)} cut, {len(times) - len(cut)} open after 60 s",
                f"first {cut[0]:.2f} s" if cut else "-",
                f"median {statistics.median(cut):.2f} s" if cut else "-",
                f"last {cut[-1]:.2f} s" if cut else "-",
            ]
        )
    rows.append(["/healthz meanwhile", f"{probe.answered} answers", f"worst {probe.worst:.2f} s"])
    return rows


def table(title: str, header: list[str], rows: list[list[str]]) -> str:
    widths = [
        max(len(row[i]) for row in [header, *rows] if i < len(row)) for i in range(len(header))
    ]
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines += [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) for row in rows
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--clients", type=int, default=200, help="slow clients of each kind")
    parser.add_argument("--big-limit-mib", type=int, default=512)
    args = parser.parse_args(argv)
    bombs = {name: (make(), media_type) for name, (make, media_type) in BOMBS.items()}
    header = ["bomb", "on the wire", "answer", "took", "peak RSS growth", "worst /healthz"]
    defaults = Settings.model_fields
    limit = defaults["max_body_bytes"].default
    timeouts = (
        f"header timeout {defaults['header_timeout_seconds'].default:g} s, "
        f"body grace {defaults['body_grace_seconds'].default:g} s"
    )
    with tempfile.TemporaryDirectory(prefix="bench-limits-") as folder:
        (Path(folder) / "default").mkdir()
        (Path(folder) / "big").mkdir()
        with serve_on_sqlite(Path(folder) / "default") as server:
            warm_up = chain("warm-up", "youtube", 3)
            httpx.post(f"{server.base}/v1/threads", json=warm_up).raise_for_status()
            rows = [bomb_row(server, name, *bomb) for name, bomb in bombs.items()]
            print(table(f"Default settings: limit {limit / MIB:.0f} MiB", header, rows))
            streamed = [multipart_row(server)]
            print(
                table(
                    "Raw body capped as it streams", ["upload", "sent", "answer", "took"], streamed
                )
            )
            slow = slow_rows(server, args.clients)
            print(
                table(
                    f"Slow clients ({timeouts})",
                    ["clients", "cut", "first", "median", "last"],
                    slow,
                )
            )
        with serve_on_sqlite(
            Path(folder) / "big", max_body_bytes=str(args.big_limit_mib * MIB)
        ) as server:
            name = "zstd 4 GiB (window 2 MiB)"
            rows = [bomb_row(server, name, *bombs[name])]
            print(table(f"Limit {args.big_limit_mib} MiB", header, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
