"""One real server for the limit tests: the default size limit (50 MiB), and one second for a
request's headers and for a body's grace period, so slow clients are cut off quickly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.serve import LiveServer, serve_on_sqlite

TIMEOUT_SECONDS = 1.0


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve_on_sqlite(
        tmp_path_factory.mktemp("limits"),
        header_timeout_seconds=str(TIMEOUT_SECONDS),
        body_grace_seconds=str(TIMEOUT_SECONDS),
    ) as running:
        yield running
