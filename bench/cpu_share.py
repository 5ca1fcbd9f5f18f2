"""Where a run's CPU time went, by kind of process: the workers, PostgreSQL, the broker, the
server and the rest, against what the machine's CPUs could give in that time. On a machine
where the database and the broker share the CPUs with the workers, this is the ceiling a
second worker meets.

A process's CPU time is read from /proc/PID/stat (user + system, its reaped children's
included) at the start and at the end; a process started meanwhile counts from zero. One that
started and exited between the two readings is missed, as its parent's cutime only counts it
once waited for; the machine's busy time (/proc/stat) counts everything, and `other` is the
difference.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
# /proc/PID/stat's command names (truncated to 15 characters) of the services a run uses.
SERVICES = {"postgres": "postgresql", "beam.smp": "rabbitmq", "redis-server": "redis"}
IDLE_FIELDS = (3, 4)  # idle and iowait of /proc/stat's "cpu" line, after the label


@dataclass(frozen=True, slots=True)
class CpuReading:
    ticks: Mapping[int, tuple[str, int]]  # pid -> (command name, user + system ticks)
    busy_ticks: int  # the machine's, all CPUs
    total_ticks: int


def read_cpu() -> CpuReading:
    ticks: dict[int, tuple[str, int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # it exited meanwhile
            continue
        name, _, rest = text.partition(" (")[2].rpartition(") ")
        fields = rest.split()
        ticks[int(stat.parent.name)] = (name, sum(int(value) for value in fields[11:15]))
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = sum(values[index] for index in IDLE_FIELDS)
    return CpuReading(ticks, sum(values) - idle, sum(values))


def family(pid: int) -> list[int]:
    """The process and its live descendants."""
    try:
        children = [
            int(child)
            for task in Path(f"/proc/{pid}/task").glob("*/children")
            for child in task.read_text().split()
        ]
    except FileNotFoundError:  # it exited meanwhile
        return [pid]
    return [pid, *(found for child in children for found in family(child))]


def cpu_share(
    before: CpuReading, after: CpuReading, groups: Mapping[str, Collection[int]]
) -> dict[str, float]:
    """CPU seconds between the two readings: per group of pids (`groups`, e.g. the workers and
    their children), per service of SERVICES, the rest as `other`; and the machine's `busy` and
    `available` seconds (every CPU, busy or idle)."""
    used: Counter[str] = Counter()
    group_of = {pid: group for group, pids in groups.items() for pid in pids}
    for pid, (name, ticks) in after.ticks.items():
        start = before.ticks.get(pid)
        spent = ticks - (start[1] if start is not None and start[0] == name else 0)
        group = group_of.get(pid) or SERVICES.get(name)
        if group is not None:
            used[group] += spent
    busy = after.busy_ticks - before.busy_ticks
    seconds = {group: ticks / TICKS for group, ticks in sorted(used.items())}
    seconds["other"] = max(busy / TICKS - sum(seconds.values()), 0.0)
    seconds["busy"] = busy / TICKS
    # /proc/stat counts every CPU's ticks in USER_HZ, like the processes' times.
    seconds["available"] = (after.total_ticks - before.total_ticks) / TICKS
    return {group: round(value, 1) for group, value in seconds.items()}
