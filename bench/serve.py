"""A real `parley serve` on a free loopback port, for the benchmarks and for the tests that need
a live server (limits, logs, the CLI, schemathesis in CI).

Settings go in as PARLEY_* variables; the caller's own PARLEY_* environment is left out, so a
run does not depend on the shell it was started from.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
LISTEN, ESTABLISHED = "0A", "01"  # socket states as /proc/net/tcp gives them
# Two languages keep start-up quick; a caller names others (or preloading) when it needs them.
DEFAULT_SETTINGS = {"text_languages": '["en", "es"]', "preload_text_pipelines": "false"}


@dataclass(frozen=True)
class LiveServer:
    base: str
    port: int
    pid: int  # one process (no --workers): the server itself
    log: Path | None

    def memory_mb(self, field_name: str) -> float:
        """A /proc/<pid>/status field in MB: VmRSS (now) or VmHWM (the peak)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(f"{field_name}:"):
                return int(line.split()[1]) / 1024
        raise KeyError(field_name)

    def reset_peak(self) -> None:
        """Start VmHWM again from the current RSS (Linux >= 4.0)."""
        Path(f"/proc/{self.pid}/clear_refs").write_text("5")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def sockets_on_port(port: int, state: str = LISTEN) -> set[str]:
    """Inodes of this machine's TCP sockets (IPv4 and IPv6) on the local `port` in `state`
    (/proc/net/tcp's hex code: LISTEN, ESTABLISHED)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
                found.add(fields[9])
    return found


def wait_until_listening(port: int, count: int, seconds: float = 90) -> None:
    """Until `count` sockets listen on the port: `parley serve --workers N` answers once its first
    process does, and connections opened before the others listen all go to that one."""
    deadline = time.monotonic() + seconds
    while len(sockets_on_port(port)) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"fewer than {count} sockets listen on port {port}")
        time.sleep(0.05)


def wait_until_up(base: str, server: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"parley serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.05)  # fine enough for bench.startup to time start-up
    raise RuntimeError(f"parley serve did not answer within {seconds} s")


@contextmanager
def parley_serve(
    settings: Mapping[str, str],
    *,
    log: Path | None = None,
    cwd: Path | None = None,
    arguments: Sequence[str] = (),
    seconds: float = 90,
) -> Iterator[LiveServer]:
    """`parley serve` (migrations first) with PARLEY_<NAME> = value for each setting, its output
    in `log` (discarded when None); stopped on exit."""
    port = free_port()
    env = parley_environment(settings)
    command = [str(BIN / "parley"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with open(log or os.devnull, "wb") as output:
        server = subprocess.Popen(
            [*command, *arguments], env=env, cwd=cwd, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base, server, seconds)
            yield LiveServer(base, port, server.pid, log)
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def parley_environment(settings: Mapping[str, str]) -> dict[str, str]:
    """This process's environment without its PARLEY_* variables, plus `settings` (and the
    defaults above) as PARLEY_<NAME>."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PARLEY_")}
    chosen = DEFAULT_SETTINGS | dict(settings)
    return env | {f"PARLEY_{name.upper()}": value for name, value in chosen.items()}


def start_worker(
    settings: Mapping[str, str],
    *,
    log: Path | None = None,
    prefix: Sequence[str] = (),
    arguments: Sequence[str] = (),
) -> subprocess.Popen[bytes]:
    """A `parley worker` process (run under `prefix`, e.g. `ip netns exec NAME`); the caller
    stops it (`stop_process`)."""
    output = open(log or os.devnull, "ab")  # noqa: SIM115  (handed to the child, closed here)
    try:
        return subprocess.Popen(
            [*prefix, str(BIN / "parley"), "worker", *arguments],
            env=parley_environment(settings),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    finally:
        output.close()


def stop_process(process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    """SIGTERM, then SIGKILL if it has not exited within `seconds`."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def serve_on_sqlite(folder: Path, **settings: str) -> Iterator[LiveServer]:
    """`parley serve` on a SQLite file in `folder`, its output in folder/server.log, with
    PARLEY_<NAME> settings given as name=value: the live server most tests need."""
    database = {"database_url": f"sqlite:///{folder / 'parley.db'}"}
    with parley_serve(database | settings, log=folder / "server.log", seconds=60) as server:
        yield server
