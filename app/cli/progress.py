"""Progress of a long command on stderr, drawn by rich: a spinner while the input is read, then a
bar of threads done with the comments measured per second and the time left.

Only stderr: stdout carries the results (a table, or JSON another program reads).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

# On a terminal, inputs this large (bytes, as stored) show progress unless told otherwise: about
# 3,000 comments, which take a second or more to measure with the text step. Smaller ones finish
# before a bar could be read.
LARGE_INPUT_BYTES = 1 << 20


def progress_wanted(asked: bool | None, input_bytes: int, stderr_is_terminal: bool) -> bool:
    """Whether to show progress: as asked (--progress / --no-progress), else on a terminal for
    large inputs."""
    if asked is not None:
        return asked
    return stderr_is_terminal and input_bytes >= LARGE_INPUT_BYTES


class ThreadProgress:
    """What a command reports as it goes; does nothing when made without a `Progress`."""

    def __init__(self, bar: Progress | None) -> None:
        self._bar = bar
        self._task: TaskID | None = None
        self._comments = 0
        self._started = time.perf_counter()
        self._threads = 0
        self._done = 0

    def reading(self, what: str) -> None:
        """The input is being read (its size is not known yet)."""
        if self._bar is not None:
            self._task = self._bar.add_task(f"reading {what}", total=None, counts="")

    def measuring(self, threads: int) -> None:
        """Reading is done; `threads` are to be measured."""
        if self._bar is None:
            return
        if self._task is not None:
            self._bar.update(self._task, total=1, completed=1, visible=False)
        self._task = self._bar.add_task("measuring", total=threads, counts="")
        self._comments, self._done, self._threads = 0, 0, threads
        self._started = time.perf_counter()

    def thread_done(self, comments: int) -> None:
        """One more thread measured, holding `comments` comments."""
        if self._bar is None or self._task is None:
            return
        self._comments += comments
        self._done += 1
        seconds = max(time.perf_counter() - self._started, 1e-9)
        counts = (
            f"{self._done:,}/{self._threads:,} threads, {self._comments / seconds:,.0f} comments/s"
        )
        self._bar.update(self._task, advance=1, counts=counts)


@contextmanager
def thread_progress(shown: bool, *, force_terminal: bool = False) -> Iterator[ThreadProgress]:
    """A ThreadProgress drawn on stderr while the block runs (nothing when not `shown`).
    `force_terminal` draws it even when stderr is not a terminal (a log, `2>&1 | tee`)."""
    if not shown:
        yield ThreadProgress(None)
        return
    console = Console(stderr=True, force_terminal=force_terminal or None)
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        TextColumn("elapsed,"),
        TimeRemainingColumn(),
        TextColumn("left"),
        console=console,
    )
    with bar:
        yield ThreadProgress(bar)
