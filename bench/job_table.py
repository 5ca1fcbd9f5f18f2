"""bench.jobs' results as a text table: one row per run."""

from __future__ import annotations

from typing import Any

HEAD = ["run", "workers", "jobs", "comments", "s", "comments/s", "/s per worker", "/worker CPU-s"]
HEAD += ["peak RSS MB per worker", "max s to 202", "jobs read by", "comments stored by"]


def _row(result: dict[str, Any]) -> list[str]:
    workers, rate, total = result["per_worker"], result["comments_per_second"], result["comments"]
    return [
        result["run"] + ("" if result["text"] else " (structure only)"),
        str(result["workers"]),
        str(len(result["jobs"])),
        f"{total:,}",
        str(result["seconds"]),
        f"{rate:,}",
        f"{rate // result['workers']:,}",
        f"{result['comments_per_worker_cpu_second']:,}",
        " / ".join(f"{w['peak_rss_mb'] + w['children_peak_rss_mb']:.0f}" for w in workers),
        str(max(job["seconds_to_202"] for job in result["jobs"])),
        ", ".join(f"{w['label']}: {len(w['jobs_read'])}" for w in workers),
        ", ".join(f"{w['label']}: {w['comments_stored'] / max(total, 1):.0%}" for w in workers),
    ]


def table(results: list[dict[str, Any]]) -> str:
    rows = [HEAD, *map(_row, results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEAD))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows
    )


def cpu_line(result: dict[str, Any]) -> str:
    """Where the run's CPU time went: "CPU-s: workers 26.6, postgresql 9.8, …, busy 41.0 of
    60.2 available"."""
    cpu = dict(result["cpu_seconds"])
    busy, available = cpu.pop("busy"), cpu.pop("available")
    spent = ", ".join(f"{group} {seconds}" for group, seconds in cpu.items())
    return f"  CPU-s: {spent}; busy {busy} of {available} available"
