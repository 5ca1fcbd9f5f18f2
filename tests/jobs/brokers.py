"""The local brokers for the worker tests: each test gets a queue name of its own, so runs that
share a broker never take each other's jobs. A broker that does not answer skips the test,
unless PARLEY_REQUIRE_BROKERS=1 (CI), where that is a failure."""

from __future__ import annotations

import os
import socket
import uuid

import pytest

BROKERS = {
    "rabbitmq": ("amqp://guest:guest@127.0.0.1:5672/%2F", 5672),
    "redis": ("redis://127.0.0.1:6379/0", 6379),
}


def broker_url(name: str) -> str:
    url, port = BROKERS[name]
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
    except OSError as exc:
        if os.environ.get("PARLEY_REQUIRE_BROKERS") == "1":
            pytest.fail(f"{name} required but unreachable: {exc}")
        pytest.skip(f"no {name} on 127.0.0.1:{port}")
    return url


def queue_name() -> str:
    return f"parley-test-{uuid.uuid4().hex[:10]}"
