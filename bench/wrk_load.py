"""Load from wrk (a C HTTP benchmarking tool), for latency figures the load generator does not
inflate: 20 Python client threads share one interpreter lock, so their own waits show up as
server latency (bench.aggregates with the Python clients measured thread reads at p99 184 ms
where wrk measured 156 ms against the same server, and lower as the server got faster).

`apt-get install wrk` (Debian's package). Each run requests a path template for a number of
seconds from `connections` connections on two threads; `{id}` in the template becomes a random
stored thread id on every request (a Lua script, seeded). The Lua `done` hook prints the counts
and percentiles (microseconds) on one line that `run_wrk` parses.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SCRIPT = """
math.randomseed({seed})
local template = "{template}"
request = function()
  local path = template:gsub("{{id}}", tostring(math.random(1, {ids})))
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  io.write(string.format("parley-wrk %d %d %d %d %d %d\\n", summary.requests,
    summary.errors.status, latency:percentile(50), latency:percentile(99), latency.max,
    latency.mean))
end
"""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    errors: int  # answers with a status of 400 or more
    p50_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(
    base: str, template: str, ids: int, connections: int, seconds: float, seed: int = 1
) -> WrkResult:
    """`template` requested for `seconds` from `connections` connections at once."""
    script = SCRIPT.format(seed=seed, template=template, ids=max(1, ids))
    with tempfile.TemporaryDirectory() as folder:
        lua = Path(folder) / "paths.lua"
        lua.write_text(script)
        command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", "-s", str(lua), base]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(text for text in output.splitlines() if text.startswith("parley-wrk "))
    requests, errors, p50, p99, longest, mean = (float(v) for v in line.split()[1:])
    return WrkResult(
        int(requests), int(errors), p50 / 1000, p99 / 1000, longest / 1000, mean / 1000
    )
