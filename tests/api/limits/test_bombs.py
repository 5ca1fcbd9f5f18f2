"""Compression bombs against a real server: refused with 413 once the inflated bytes pass the
limit, with the server's peak memory barely moved, and /healthz answering meanwhile."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import httpx
import pytest
import zstandard

from app.settings import Settings
from bench.serve import LiveServer, serve_on_sqlite
from tests.api.bodies import chain
from tests.api.limits.live import GIB, MIB, HealthProbe, gzip_bomb, zstd_bomb
from tests.api.problems import assert_problem

LIMIT = Settings.model_fields["max_body_bytes"].default  # the server runs with the default
MAX_GROWTH_MB = 100
ROOMY_LIMIT = 512 * MIB
BOMBS: dict[str, tuple[Callable[[], bytes], str]] = {
    "zstd": (lambda: zstd_bomb(4 * GIB), "application/zstd"),
    # the largest window an upload may demand, filled beside the inflated bytes
    "zstd-window-32MiB": (lambda: zstd_bomb(4 * GIB, window_log=25), "application/zstd"),
    "gzip": (lambda: gzip_bomb(4 * GIB), "application/gzip"),
}


def warm_up(server: LiveServer) -> None:
    """One ordinary upload first, so the baseline includes what any first upload loads."""
    response = httpx.post(f"{server.base}/v1/threads", json=chain("warm-up", "youtube", 3))
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_a_4_gib_bomb_is_refused_with_little_memory(server: LiveServer, kind: str) -> None:
    make, media_type = BOMBS[kind]
    bomb = make()
    assert len(bomb) < LIMIT // 10  # small on the wire: only its inflated size is too large
    warm_up(server)
    before = server.memory_mb("VmRSS")
    server.reset_peak()
    with HealthProbe(server) as probe:
        response = httpx.post(
            f"{server.base}/v1/threads",
            content=bomb,
            headers={"content-type": media_type},
            timeout=60,
        )
    growth = server.memory_mb("VmHWM") - before
    body = assert_problem(response, 413)
    assert body["detail"].startswith("the upload, decompressed, is larger than the limit")
    assert growth < MAX_GROWTH_MB, f"peak RSS grew by {growth:.0f} MB"
    assert probe.answered
    assert not probe.failures
    assert probe.worst < 1.0, f"/healthz took {probe.worst:.2f} s during the bomb"


@pytest.fixture(scope="module")
def roomy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server whose limit lets a bomb inflate long enough to show whether it blocks."""
    with serve_on_sqlite(
        tmp_path_factory.mktemp("roomy"), max_body_bytes=str(ROOMY_LIMIT)
    ) as running:
        yield running


def test_bombs_inflate_off_the_event_loop_within_the_limit(roomy_server: LiveServer) -> None:
    """Inflating 512 MiB takes about a second; on the event loop (as before) it held /healthz
    that long for every bomb. The peak stays about the limit: the inflated bytes, held once."""
    bomb = zstd_bomb(4 * GIB)
    before = roomy_server.memory_mb("VmRSS")
    roomy_server.reset_peak()
    with HealthProbe(roomy_server) as probe, httpx.Client(timeout=60) as client:
        for _ in range(2):
            response = client.post(
                f"{roomy_server.base}/v1/threads",
                content=bomb,
                headers={"content-type": "application/json", "content-encoding": "zstd"},
            )
            assert_problem(response, 413)
    growth = roomy_server.memory_mb("VmHWM") - before
    assert probe.answered >= 10
    assert not probe.failures
    assert probe.worst < 1.0, f"/healthz took {probe.worst:.2f} s while bombs were inflated"
    assert growth < 1.25 * ROOMY_LIMIT / MIB + 50, f"peak RSS grew by {growth:.0f} MB"


def test_a_frame_demanding_a_2_gib_window_is_refused_before_decoding(server: LiveServer) -> None:
    bomb = zstd_bomb(16 << 20, window_log=31)
    before = server.memory_mb("VmRSS")
    server.reset_peak()
    response = httpx.post(
        f"{server.base}/v1/threads", content=bomb, headers={"content-type": "application/zstd"}
    )
    body = assert_problem(response, 413)
    assert "2048 MiB decompression window" in body["detail"]
    assert server.memory_mb("VmHWM") - before < 10


def test_an_ordinary_compressed_upload_still_goes_through(server: LiveServer) -> None:
    thread = json.dumps(chain("compressed", "youtube", 20)).encode()
    compressed = zstandard.ZstdCompressor().compress(thread)
    response = httpx.post(
        f"{server.base}/v1/threads",
        content=compressed,
        headers={"content-type": "application/zstd"},
    )
    assert response.status_code == 201, response.text
