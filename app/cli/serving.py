"""`parley serve`: one server process, or `--workers N` of them, each listening on a socket of
its own bound to the same address with SO_REUSEPORT, so that the kernel deals new connections
out among them.

uvicorn's own --workers has every process accept from one shared socket: whichever wakes first
takes the connection, and a keep-alive client stays with it. 20 benchmark clients split 20/0,
13/7, 11/9 or 2/18 between two workers from run to run, and the thread read's p99 followed the
split (16-18 ms when even, 40-60 ms when not). Among SO_REUSEPORT sockets the kernel picks by a
hash of each connection's addresses: even on average, whatever each process is busy with.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
import time

from app.cli.processes import run_together
from app.settings import get_settings

PARENT_CHECK_SECONDS = 1.0


def serve(host: str, port: int, workers: int) -> int:
    """Serve until stopped; the exit code."""
    if workers < 1:
        print("parley serve: --workers must be at least 1", file=sys.stderr)
        return 2
    if workers == 1:
        _serve_one(host, port, None)
        return 0
    if port == 0:
        print("parley serve: --workers above 1 needs a --port (not 0)", file=sys.stderr)
        return 2
    shown = f"[{host}]" if ":" in host else host
    # uvicorn names the address only when it binds the socket itself, as with one process.
    print(f"parley serve: {workers} processes on http://{shown}:{port}", file=sys.stderr)
    return run_together(_serve_one_process, (host, port), workers, "parley-serve")


def _serve_one_process(host: str, port: int) -> None:
    threading.Thread(target=_stop_with_parent, args=(os.getppid(),), daemon=True).start()
    _serve_one(host, port, listening_socket(host, port))


def _stop_with_parent(parent: int) -> None:
    """Stop (as on SIGTERM: requests under way finish) once the parent is gone: killed, it
    could not stop this process, which would serve on without it."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)


def _serve_one(host: str, port: int, sock: socket.socket | None) -> None:
    import uvicorn  # the server's modules, imported only to serve

    from app.limits.server import uvicorn_options
    from app.request_log import uvicorn_logging

    options = uvicorn_options(get_settings()) | uvicorn_logging(get_settings())
    if sock is None:
        uvicorn.run("app.main:create_app", factory=True, host=host, port=port, **options)
        return
    config = uvicorn.Config("app.main:create_app", factory=True, host=host, port=port, **options)
    uvicorn.Server(config).run(sockets=[sock])


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to (host, port) that other processes may bind too (SO_REUSEPORT):
    as uvicorn binds one (IPv6 when the host is an IPv6 address), not yet listening."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock
