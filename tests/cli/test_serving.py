"""`parley serve --workers N`: N processes, each listening on a socket of its own on the same
port (SO_REUSEPORT), connections dealt out among them by the kernel, stopped together."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from app.cli.processes import _exit_code
from app.cli.serving import listening_socket
from bench.serve import (
    BIN,
    ESTABLISHED,
    LISTEN,
    free_port,
    parley_environment,
    sockets_on_port,
    wait_until_listening,
    wait_until_up,
)


def test_sockets_of_their_own_bind_one_port() -> None:
    port = free_port()
    first, second = listening_socket("127.0.0.1", port), listening_socket("127.0.0.1", port)
    with first, second:
        assert first.getsockname() == second.getsockname() == ("127.0.0.1", port)
        with socket.socket() as plain, pytest.raises(OSError, match="in use"):
            plain.bind(("127.0.0.1", port))  # without SO_REUSEPORT the port is taken


@pytest.mark.parametrize(
    ("exitcode", "stopped", "code"),
    [
        (None, False, 0),
        (0, False, 0),
        (3, False, 3),
        (3, True, 3),
        (-9, False, 137),
        (-9, True, 137),  # sent SIGTERM, but killed
        (-15, False, 143),  # SIGTERM from elsewhere: not a stop asked for
        (-15, True, 0),
    ],
)
def test_a_killed_child_is_never_a_clean_stop(
    exitcode: int | None, stopped: bool, code: int
) -> None:
    assert _exit_code(exitcode, stopped) == code


def _serve_two(tmp_path: Path, port: int) -> tuple[list[str], dict[str, str]]:
    """`parley serve --workers 2` on the port, and its environment (a SQLite file in tmp_path)."""
    env = parley_environment({"database_url": f"sqlite:///{tmp_path / 'parley.db'}"})
    return [str(BIN / "parley"), "serve", "--port", str(port), "--workers", "2"], env


@contextmanager
def two_workers(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = free_port()
    command, env = _serve_two(tmp_path, port)
    server = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # a group of its own: killed whole if it will not stop
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}", server)  # one of them answers
        wait_until_listening(port, 2)
        yield server, port
    finally:
        if server.poll() is None:
            server.terminate()  # it stops its processes
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _children(pid: int) -> list[int]:
    """The server processes `pid` started (not multiprocessing's resource tracker)."""
    children = [
        int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    ]
    return [
        child for child in children if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


def _held_by(pids: list[int], inodes: set[str]) -> Counter[int]:
    held: Counter[int] = Counter()
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            target = re.fullmatch(r"socket:\[(\d+)\]", os.readlink(fd))
            if target is not None and target.group(1) in inodes:
                held[pid] += 1
    return held


def test_connections_are_dealt_out_among_the_workers(tmp_path: Path) -> None:
    with two_workers(tmp_path) as (server, port), ExitStack() as connections:
        children = _children(server.pid)
        assert len(children) == 2
        listening = sockets_on_port(port, LISTEN)
        assert len(listening) == 2  # a socket each, not one shared
        assert _held_by(children, listening) == {children[0]: 1, children[1]: 1}
        for _ in range(40):  # kept open, as keep-alive clients do
            client = connections.enter_context(socket.create_connection(("127.0.0.1", port)))
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: parley\r\n\r\n")
            assert client.recv(1024).startswith(b"HTTP/1.1 200")
        accepted = _held_by(children, sockets_on_port(port, ESTABLISHED))
        # Each one took some: all 40 to one of two would happen once in 2**39 runs.
        assert sorted(accepted) == sorted(children)
        assert sum(accepted.values()) == 40
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
        assert not any(_alive(child) for child in children)


def test_a_worker_killed_stops_the_other_and_the_command_fails(tmp_path: Path) -> None:
    with two_workers(tmp_path) as (server, _port):
        first, second = _children(server.pid)
        os.kill(first, signal.SIGKILL)
        assert server.wait(timeout=30) == 128 + signal.SIGKILL
        assert not _alive(second)


def test_the_command_names_its_address(tmp_path: Path) -> None:
    port = free_port()
    command, env = _serve_two(tmp_path, port)
    with subprocess.Popen(command, env=env, stderr=subprocess.PIPE) as server:
        assert server.stderr is not None
        first_line = server.stderr.readline()
        server.terminate()
        server.communicate(timeout=30)
    assert first_line == f"parley serve: 2 processes on http://127.0.0.1:{port}\n".encode()


def test_more_than_one_worker_needs_a_port(tmp_path: Path) -> None:
    command, env = _serve_two(tmp_path, 0)
    done = subprocess.run(command, env=env, capture_output=True, timeout=60)
    assert done.returncode == 2
    assert b"--workers above 1 needs a --port" in done.stderr


def test_the_workers_stop_when_the_command_is_killed(tmp_path: Path) -> None:
    with two_workers(tmp_path) as (server, _port):
        children = _children(server.pid)
        server.kill()  # no chance to stop them: they notice it is gone
        server.wait()
        deadline = time.monotonic() + 30
        while any(_alive(child) for child in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(child) for child in children)


def _alive(pid: int) -> bool:
    """Whether the process runs (a zombie, gone but not yet reaped by init, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
