"""bench.aggregates --sqlite-file: stored into once, then read as it is by later runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench import aggregates


def test_a_kept_sqlite_file_is_stored_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stored: list[str] = []
    measured: list[str] = []

    def store(url: str, threads: int, seed: int) -> None:
        stored.append(url)
        Path(url.removeprefix("sqlite:///")).write_bytes(b"")  # the file now exists

    monkeypatch.setattr(aggregates, "upgrade", lambda url: None)
    monkeypatch.setattr(aggregates, "store_synthetic", store)
    monkeypatch.setattr(aggregates, "measure", lambda url, *_: measured.append(url))
    kept = tmp_path / "kept.db"
    argv = ["--database", "sqlite", "--threads", "3", "--sqlite-file", str(kept)]
    aggregates.main(argv)
    aggregates.main(argv)
    url = f"sqlite:///{kept.resolve()}"
    assert stored == [url]  # the second run found the file and stored nothing
    assert measured == [url, url]


def test_without_a_kept_file_every_run_stores(monkeypatch: pytest.MonkeyPatch) -> None:
    stored: list[Any] = []
    monkeypatch.setattr(aggregates, "upgrade", lambda url: None)
    monkeypatch.setattr(aggregates, "store_synthetic", lambda *a, **k: stored.append(a))
    monkeypatch.setattr(aggregates, "measure", lambda *_: None)
    aggregates.main(["--database", "sqlite", "--threads", "3"])
    aggregates.main(["--database", "sqlite", "--threads", "3"])
    assert len(stored) == 2
