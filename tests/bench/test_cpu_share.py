"""Where a benchmark run's CPU time went (bench/cpu_share.py), on readings written here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench.cpu_share import TICKS, CpuReading, cpu_share, family, read_cpu


def test_cpu_share_by_group_service_and_rest() -> None:
    # pid 2: a worker; 5 and 6: the server and its child (6 was a shell before: pid reused,
    # counted from zero); 1 and 4: PostgreSQL (4 a backend started meanwhile); 3: RabbitMQ;
    # 7: a process of no group and no service, left in `other`.
    before = CpuReading(
        {1: ("postgres", 100), 2: ("python3", 50), 3: ("beam.smp", 10), 6: ("bash", 20)},
        busy_ticks=1_000,
        total_ticks=4_000,
    )
    after = CpuReading(
        {
            1: ("postgres", 160),  # +60
            2: ("python3", 250),  # +200
            3: ("beam.smp", 15),  # +5
            4: ("postgres", 30),  # +30
            5: ("python3", 40),  # +40
            6: ("python3", 70),  # +70
            7: ("sh", 500),
        },
        busy_ticks=1_600,
        total_ticks=6_000,
    )
    share = cpu_share(before, after, {"workers": [2], "server": [5, 6]})
    assert share == {
        "postgresql": round(90 / TICKS, 1),
        "rabbitmq": round(5 / TICKS, 1),
        "server": round(110 / TICKS, 1),
        "workers": round(200 / TICKS, 1),
        "other": round((600 - 405) / TICKS, 1),  # busy ticks no process above accounts for
        "busy": round(600 / TICKS, 1),
        "available": round(2_000 / TICKS, 1),
    }


def test_other_is_never_negative() -> None:
    # A process's ticks and the machine's are read moments apart: the groups may sum past busy.
    before = CpuReading({2: ("python3", 0)}, busy_ticks=0, total_ticks=0)
    after = CpuReading({2: ("python3", 300)}, busy_ticks=200, total_ticks=400)
    assert cpu_share(before, after, {"workers": [2]})["other"] == 0.0


def test_read_cpu_and_family_on_this_machine() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        reading = read_cpu()
        name = Path("/proc/self/comm").read_text().strip()  # "python3", "pytest", …
        assert reading.ticks[os.getpid()][0] == name
        assert 0 < reading.busy_ticks <= reading.total_ticks
        assert family(os.getpid())[0] == os.getpid()
        assert child.pid in family(os.getpid())
        assert family(child.pid) == [child.pid]
    finally:
        child.kill()
        child.wait()
