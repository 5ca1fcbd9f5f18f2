"""A real `parley serve` on loopback and what attacks it: compression bombs, a huge chunked
multipart body, clients that trickle their headers or body. Used by the tests beside it and by
`python -m bench.limits`.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import selectors
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import TracebackType

import httpx
import zstandard

from bench.serve import LiveServer

MIB = 1 << 20
GIB = 1 << 30
ZEROS = bytes(16 * MIB)


def zstd_bomb(inflated: int, window_log: int | None = None) -> bytes:
    """`inflated` zero bytes through zstd's stream writer (no content size in the frame)."""
    params = None
    if window_log is not None:
        params = zstandard.ZstdCompressionParameters.from_level(3, window_log=window_log)
    compressor = zstandard.ZstdCompressor(compression_params=params)
    out = io.BytesIO()
    with compressor.stream_writer(out, closefd=False) as writer:
        for _ in range(inflated // len(ZEROS)):
            writer.write(ZEROS)
    return out.getvalue()


def gzip_bomb(inflated: int) -> bytes:
    """`inflated` zero bytes as gzip: one 64 MiB member repeated (a gzip file may hold many;
    one member of the whole would be no smaller, deflate stops near 1:1000)."""
    member = gzip.compress(bytes(64 * MIB), compresslevel=9)
    return member * (inflated // (64 * MIB))


class HealthProbe:
    """GET /healthz every `interval` seconds in a thread while in use; `worst` is the slowest
    answer (or the time waited for one still outstanding)."""

    def __init__(self, server: LiveServer, interval: float = 0.02) -> None:
        self.url = f"{server.base}/healthz"
        self.interval = interval
        self.worst = 0.0
        self.answered = 0
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> HealthProbe:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        with httpx.Client(timeout=30) as client:
            while not self._stop.is_set():
                started = time.perf_counter()
                try:
                    status = client.get(self.url).status_code
                except httpx.HTTPError as exc:
                    self.failures.append(repr(exc))
                else:
                    if status != 200:
                        self.failures.append(f"status {status}")
                    self.answered += 1
                self.worst = max(self.worst, time.perf_counter() - started)
                self._stop.wait(self.interval)


@dataclass
class Sent:
    total: int = 0


def endless_multipart(sent: Sent, up_to: int, boundary: str) -> Iterator[bytes]:
    """A multipart body whose one file part goes on for `up_to` bytes, counted in `sent`."""
    yield (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.json"\r\n'
        "Content-Type: application/json\r\n\r\n"
    ).encode()
    chunk = b" " * MIB
    while sent.total < up_to:
        sent.total += len(chunk)
        yield chunk
    yield f"\r\n--{boundary}--\r\n".encode()


HEADER_OPENING = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n"
BODY_OPENING = (
    b"POST /v1/threads HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
    b"Content-Length: 100000\r\n\r\n"
)


@dataclass
class Trickler:
    sock: socket.socket
    body: bool  # trickles its body (its headers sent whole), else its headers
    opened: float
    closed_after: float | None = None
    answer: bytearray = field(default_factory=bytearray)


def trickle(port: int, per_kind: int, period: float, give_up: float) -> list[Trickler]:
    """`per_kind` connections that trickle their headers and as many that send whole headers
    and trickle the body: one byte every `period` s, each until the server closes it (or
    `give_up` s have passed)."""
    selector = selectors.DefaultSelector()
    clients = []
    for body in [False] * per_kind + [True] * per_kind:
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(BODY_OPENING if body else HEADER_OPENING)
        sock.setblocking(False)
        client = Trickler(sock, body, time.monotonic())
        selector.register(sock, selectors.EVENT_READ, client)
        clients.append(client)
    started = time.monotonic()
    next_byte = started + period
    open_clients = len(clients)
    while open_clients and time.monotonic() - started < give_up:
        for key, _ in selector.select(timeout=max(0.0, next_byte - time.monotonic())):
            client = key.data
            try:
                data = client.sock.recv(65536)
            except ConnectionResetError:
                data = b""
            client.answer += data
            if not data:
                client.closed_after = time.monotonic() - client.opened
                selector.unregister(client.sock)
                open_clients -= 1
        if time.monotonic() >= next_byte:
            next_byte += period
            for client in clients:
                if client.closed_after is None:
                    with contextlib.suppress(OSError):  # closed: the read above sees it
                        client.sock.send(b"{" if client.body else b"X")  # a never-ending name
    for client in clients:
        client.sock.close()
    selector.close()
    return clients
