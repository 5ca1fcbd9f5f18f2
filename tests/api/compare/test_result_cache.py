"""The in-process result cache (app/api/compare/cache.py): one computation per key and version,
least recently used results dropped first, failures not kept."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from app.api.compare.cache import ResultCache


def test_clients_asking_at_once_share_one_computation() -> None:
    cache = ResultCache(8)
    calls: list[int] = []
    started = threading.Event()

    def slow() -> str:
        calls.append(1)
        started.set()
        time.sleep(0.2)
        return "answer"

    with ThreadPoolExecutor(10) as pool:
        answers = list(pool.map(lambda _: cache.get("k", 1, slow), range(10)))
    assert answers == ["answer"] * 10
    assert len(calls) == 1


def test_a_new_version_is_computed_afresh() -> None:
    cache = ResultCache(8)
    assert cache.get("k", 1, lambda: "old") == "old"
    assert cache.get("k", 1, lambda: "never") == "old"
    assert cache.get("k", 2, lambda: "new") == "new"


def test_a_version_going_back_empties_the_cache() -> None:
    """The counter restarts when its row is re-created (a restored database): what was
    computed under a number it reaches again must not be served."""
    cache = ResultCache(8)
    cache.get("k", 1, lambda: "first")
    cache.get("other", 5, lambda: "x")
    assert cache.get("k", 1, lambda: "after the restart") == "after the restart"


def test_the_least_recently_used_result_goes_first() -> None:
    cache = ResultCache(2)
    cache.get("a", 1, lambda: "a")
    cache.get("b", 1, lambda: "b")
    cache.get("a", 1, lambda: "never")  # a is now the most recently used
    cache.get("c", 1, lambda: "c")  # b goes
    assert cache.get("a", 1, lambda: "recomputed") == "a"
    assert cache.get("b", 1, lambda: "recomputed") == "recomputed"


def test_a_failure_reaches_every_waiter_and_is_not_kept() -> None:
    cache = ResultCache(8)
    release = threading.Event()

    def failing() -> str:
        release.wait(5)
        raise RuntimeError("budget used up")

    with ThreadPoolExecutor(3) as pool:
        futures = [pool.submit(cache.get, "k", 1, failing) for _ in range(3)]
        time.sleep(0.1)
        release.set()
        for future in futures:
            with pytest.raises(RuntimeError, match="budget used up"):
                future.result()
    assert cache.get("k", 1, lambda: "fine") == "fine"
