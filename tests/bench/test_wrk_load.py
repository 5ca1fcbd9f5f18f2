"""bench.wrk_load against a real `parley serve`: wrk's counts and percentiles come back parsed,
and answers of 400 or more are counted (a thread id past those stored is a 404)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.serve import parley_serve
from bench.wrk_load import run_wrk, wrk_available

pytestmark = pytest.mark.skipif(not wrk_available(), reason="wrk is not installed")


def test_wrk_times_a_live_server_and_counts_errors(tmp_path: Path) -> None:
    settings = {"database_url": f"sqlite:///{tmp_path / 'wrk.db'}"}
    with parley_serve(settings) as server:
        healthy = run_wrk(server.base, "/healthz", ids=1, connections=4, seconds=1)
        # No thread is stored: every random id from 1 to 50 is a 404.
        missing = run_wrk(server.base, "/v1/threads/{id}", ids=50, connections=4, seconds=1)
    assert healthy.requests > 10
    assert healthy.errors == 0
    assert 0 < healthy.p50_ms <= healthy.p99_ms <= healthy.max_ms
    assert missing.requests > 10
    assert missing.errors == missing.requests
