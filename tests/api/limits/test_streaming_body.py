"""The raw body capped while it streams: a chunked multipart upload with an endless file part is
refused once it passes the limit, not after it was spooled in full, and the connection closes so
the rest is never read; a declared Content-Length over the limit is refused before any byte."""

from __future__ import annotations

import json
import socket

import httpx

from app.settings import Settings
from bench.serve import LiveServer
from tests.api.limits.live import GIB, MIB, Sent, endless_multipart
from tests.api.problems import assert_problem

LIMIT = Settings.model_fields["max_body_bytes"].default
# What is in flight when the server stops reading: socket buffers on both sides, a few MB.
IN_FLIGHT = 16 * MIB


def test_an_endless_file_part_is_cut_off_at_the_limit(server: LiveServer) -> None:
    sent = Sent()
    response = httpx.post(
        f"{server.base}/v1/threads",
        content=endless_multipart(sent, 1 * GIB, "b0undary"),
        headers={"content-type": "multipart/form-data; boundary=b0undary"},
        timeout=60,
    )
    body = assert_problem(response, 413)
    assert body["detail"] == f"the request body is larger than the limit of {LIMIT} bytes"
    assert response.headers["connection"] == "close"
    assert LIMIT < sent.total < LIMIT + IN_FLIGHT, f"{sent.total / MIB:.0f} MiB were sent"


def test_a_declared_length_over_the_limit_is_refused_before_the_body(server: LiveServer) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(
            b"POST /v1/threads HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {LIMIT + 1}\r\n\r\n".encode()
        )
        answer = b""
        while chunk := sock.recv(65536):  # the server answers and closes without a body byte
            answer += chunk
    head, _, problem = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b"connection: close" in head.lower()
    assert json.loads(problem)["type"].endswith("/body-too-large")


def test_a_body_within_the_limit_keeps_the_connection(server: LiveServer) -> None:
    with httpx.Client(base_url=server.base) as client:
        refused = client.post(
            "/v1/threads", content=b"[]", headers={"content-type": "application/json"}
        )
        assert 400 <= refused.status_code < 500
        assert refused.headers.get("connection") != "close"
