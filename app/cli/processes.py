"""Processes run side by side and stopped together: `parley worker --processes N` and
`parley serve --workers N`. If one stops (it died, or failed to start), the others are stopped
too and the command exits with its code, for a supervisor (systemd, Docker's restart policy) to
start them again: a half-running service is not left behind."""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Callable
from typing import Any


def run_together(target: Callable[..., Any], args: tuple[Any, ...], count: int, name: str) -> int:
    """`count` spawned processes running `target(*args)`, until SIGTERM or SIGINT, or until one
    of them stops; then each is sent SIGTERM and waited for. The highest exit code."""
    spawn = multiprocessing.get_context("spawn")
    children = [spawn.Process(target=target, args=args, name=f"{name}-{n}") for n in range(count)]
    for child in children:
        child.start()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: stop.set())
    while not stop.wait(1.0) and all(child.is_alive() for child in children):
        pass
    stopped = [child for child in children if child.is_alive()]
    for child in stopped:
        child.terminate()  # SIGTERM: each finishes what it is doing first
    for child in children:
        child.join()
    return max((_exit_code(child.exitcode, child in stopped) for child in children), default=0)


def _exit_code(exitcode: int | None, stopped: bool) -> int:
    """A child's exit code as a shell gives it: 128 + N for one killed by signal N (which
    multiprocessing reports as -N), so that a child killed is never taken for a clean stop; but
    0 for one `stopped` here that ended by the SIGTERM it was sent (uvicorn shuts down cleanly,
    then raises the signal it caught)."""
    if exitcode is None or (stopped and exitcode == -signal.SIGTERM):
        return 0
    return 128 - exitcode if exitcode < 0 else exitcode
