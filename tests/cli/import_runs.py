"""Inputs and checks of the `parley import` tests: exports written in the test, the threads a
database holds, the summary table's rows, and a `parley` process interrupted by Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.serve import BIN
from db.engine import make_engine, make_session_factory
from db.models import SIZE_METRIC, ThreadRow
from tests.api.bodies import dialogue_thread, flat_thread

BROKEN = b'[{"platform": "youtube",\n  "external_id": }]'  # malformed on line 2


def write(path: Path, document: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(document if isinstance(document, bytes) else json.dumps(document).encode())
    return path


def exports(folder: Path, prefix: str = "") -> Path:
    """folder/v1.json (dialogue: 4 comments), folder/more/t1.json (flat: 3 comments) and a
    hidden file; the posts' ids are v1 and t1 after `prefix`."""
    write(folder / "v1.json", dialogue_thread(f"{prefix}v1"))
    write(folder / "more" / "t1.json", flat_thread(f"{prefix}t1", 3))
    write(folder / ".notes.json", b"not sent")
    return folder


def posts(folder: Path, count: int) -> Path:
    """`count` files of one 40-comment reply chain each: a job of `count` units."""
    for n in range(count):
        thread = flat_thread(f"p{n}", 40, platform="reddit")
        for i, comment in enumerate(thread["comments"]):
            comment["reply_to"] = f"c{i - 1}" if i else None
        write(folder / f"p{n:03d}.json", thread)
    return folder


def stored(database: str) -> dict[str, int]:
    """External id → comments of every thread stored in the database."""
    engine = make_engine(database)
    try:
        with make_session_factory(engine)() as session:
            rows = session.scalars(select(ThreadRow)).unique()
            return {row.external_id: int(getattr(row.metrics, SIZE_METRIC)) for row in rows}
    finally:
        engine.dispose()


def table(text: str) -> dict[str, str]:
    """The summary table's rows: what → value."""
    cells = [line.strip("│ ").split("│") for line in text.splitlines() if line.startswith("│")]
    return {what.strip(): value.strip() for what, value in cells}


def clean_env() -> dict[str, str]:
    """This environment without its PARLEY_* settings, with two text languages."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PARLEY_")}
    return env | {"PARLEY_TEXT_LANGUAGES": '["en", "es"]'}


def interrupted(command: list[str], started: Callable[[], bool]) -> int:
    """`parley COMMAND…` sent Ctrl-C (SIGINT) once `started()`; its exit code. SIGINT is made
    to raise KeyboardInterrupt as on a terminal: a process started in the background may
    inherit it ignored."""
    child = subprocess.Popen(
        [str(BIN / "parley"), *command],
        env=clean_env(),
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while not started() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)
    return child.wait(timeout=60)
