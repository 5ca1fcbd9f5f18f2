"""Slow clients against a real server (1 s for headers, 1 s of grace for a body): connections
that trickle their headers or their body, or send nothing more, are answered 408 and closed soon
after the deadline, while /healthz keeps answering; a body above the minimum rate is not cut."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import httpx

from bench.serve import LiveServer
from tests.api.bodies import chain
from tests.api.limits.conftest import TIMEOUT_SECONDS
from tests.api.limits.live import HealthProbe, Trickler, trickle

CLIENTS = 50
PERIOD = 0.25  # a byte every quarter second: 4 bytes/s, far below the minimum rate
MARGIN = 1.5  # seconds allowed past the deadline (the tricklers' own pace, a loaded machine)


def cut_off_times(clients: list[Trickler]) -> list[float]:
    closed = [client.closed_after for client in clients]
    assert None not in closed, f"{closed.count(None)} of {len(closed)} connections still open"
    return sorted(time for time in closed if time is not None)


def problem_in(answer: bytes) -> dict[str, object]:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 "), head
    problem: dict[str, object] = json.loads(body)
    return problem


def test_tricklers_are_cut_off_and_healthz_keeps_answering(server: LiveServer) -> None:
    with HealthProbe(server) as probe:
        clients = trickle(server.port, CLIENTS, period=PERIOD, give_up=10)
    for body in (False, True):
        times = cut_off_times([client for client in clients if client.body is body])
        assert times[0] >= TIMEOUT_SECONDS - 0.05, f"cut before the deadline: {times[0]:.2f} s"
        assert times[-1] <= TIMEOUT_SECONDS + MARGIN, f"cut off after {times[-1]:.2f} s"
    assert probe.answered >= 10
    assert not probe.failures
    assert probe.worst < 1.0


def test_a_silent_client_gets_a_408_problem(server: LiveServer) -> None:
    for opening, slug in (
        (b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n", "headers-too-slow"),
        (
            b"POST /v1/threads HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Content-Length: 10\r\n\r\n{",
            "body-too-slow",
        ),
    ):
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(opening)
            started = time.monotonic()
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
            waited = time.monotonic() - started
        assert TIMEOUT_SECONDS - 0.05 <= waited <= TIMEOUT_SECONDS + MARGIN
        problem = problem_in(answer)
        assert problem["status"] == 408
        assert str(problem["type"]).endswith(f"/{slug}")


def test_a_body_above_the_minimum_rate_is_not_cut(server: LiveServer) -> None:
    """Longer than the grace period in total, at about 64 KiB/s: four times the minimum."""
    thread = chain("steady", "youtube", 50)
    for comment in thread["comments"]:
        comment["text"] = "a steady upload " * 160
    body = json.dumps(thread).encode()  # about 128 KiB
    piece = 4096
    pause = piece / (64 * 1024)

    def steady() -> Iterator[bytes]:
        for start in range(0, len(body), piece):
            time.sleep(pause)
            yield body[start : start + piece]

    started = time.monotonic()
    response = httpx.post(
        f"{server.base}/v1/threads",
        content=steady(),
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert time.monotonic() - started > TIMEOUT_SECONDS
    assert response.status_code == 201, response.text
