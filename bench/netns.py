"""The processes of the job benchmark (bench/jobs.py): `parley worker`s, waited for until they
take jobs and measured (peak RSS, CPU time) before they stop; a RabbitMQ queue of its own per
run; and several "machines" on one box for its multi-machine run: Linux network namespaces
joined by veth pairs to a bridge in the root namespace, on a private /24, with a private
PostgreSQL and Redis in one of them. The namespaces need root (`ip netns`, `ip link`).

The root namespace (where `parley serve` runs) holds the bridge at .1; each namespace has one
veth end, `eth0`, at .2, .3, … in the order the hosts are named. A process started in a host
gets a UTS namespace of its own with the host's name, so `parley worker` reports it in each
job's `worker` (host:pid:thread); `ip netns exec`, `unshare` and `sh -c exec` all exec, so the
pid seen here is the worker's own. Everything made is removed on exit, Ctrl-C included.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pika  # type: ignore[import-untyped]
import psycopg
import redis

from bench.cpu_share import family

READY_SECONDS = 60
WORKER_READY = "waiting for import jobs"  # what `parley worker` prints once it takes jobs
WORKER_READY_SECONDS = 120
STOP_SECONDS = 30
POSTGRES_USER = "postgres"  # PostgreSQL refuses to run as root
SUBNETS = range(200, 250)  # 10.213.<n>.0/24, the first not seen on this machine's interfaces


@dataclass
class Network:
    """Namespaces `<prefix><host>` on the bridge `<prefix>br`; `address(host)` is its IPv4."""

    prefix: str
    subnet: str  # "10.213.n"
    hosts: list[str] = field(default_factory=list)

    def namespace(self, host: str) -> str:
        return f"{self.prefix}{host}"

    def address(self, host: str) -> str:
        return f"{self.subnet}.{self.hosts.index(host) + 2}"

    def command(self, host: str, command: Sequence[str]) -> list[str]:
        """`command` run in the host's namespace under the host's name."""
        named = ["unshare", "--uts", "sh", "-c", 'hostname "$0" && exec "$@"', host]
        return ["ip", "netns", "exec", self.namespace(host), *named, *command]


def _ip(*arguments: str, check: bool = True) -> None:
    subprocess.run(["ip", *arguments], check=check, capture_output=True)


def _free_subnet() -> str:
    in_use = subprocess.run(["ip", "-4", "addr"], capture_output=True, text=True).stdout
    free = [n for n in SUBNETS if f"10.213.{n}." not in in_use]
    if not free:
        raise RuntimeError("no free 10.213.x.0/24 subnet for the benchmark's namespaces")
    return f"10.213.{random.choice(free)}"


@contextmanager
def private_network(hosts: Sequence[str]) -> Iterator[Network]:
    """A namespace per host, all on one bridge with the root namespace; removed on exit."""
    network = Network(f"pj{os.getpid() % 100_000}", _free_subnet())
    bridge = f"{network.prefix}br"
    try:
        _ip("link", "add", bridge, "type", "bridge")
        _ip("addr", "add", f"{network.subnet}.1/24", "dev", bridge)
        _ip("link", "set", bridge, "up")
        for host in hosts:
            namespace = network.namespace(host)
            _ip("netns", "add", namespace)
            network.hosts.append(host)
            _ip(
                "link", "add", namespace, "type", "veth", "peer", "name", "eth0", "netns", namespace
            )
            _ip("link", "set", namespace, "master", bridge, "up")
            address = f"{network.address(host)}/24"
            _ip("-n", namespace, "addr", "add", address, "dev", "eth0")
            _ip("-n", namespace, "link", "set", "eth0", "up")
            _ip("-n", namespace, "link", "set", "lo", "up")
        yield network
    finally:
        for host in network.hosts:  # deleting a namespace deletes its veth pair
            _ip("netns", "del", network.namespace(host), check=False)
        _ip("link", "del", bridge, check=False)


def stop(*processes: subprocess.Popen[bytes]) -> None:
    """SIGTERM to each, then SIGKILL to those still running after STOP_SECONDS."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def spawn(
    command: Sequence[str], log: Path, env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """`command` with its output in `log`, in a session of its own: Ctrl-C reaches only the
    benchmark, which stops its processes in order (workers before the database they write)."""
    with log.open("wb") as output:
        return subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


@contextmanager
def running(
    command: Sequence[str], log: Path, env: Mapping[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """`command` with its output in `log`, stopped on exit."""
    process = spawn(command, log, env)
    try:
        yield process
    finally:
        stop(process)


@dataclass(frozen=True, slots=True)
class Worker:
    label: str  # worker-1, … or the namespace's host name
    process: subprocess.Popen[bytes]
    log: Path


def _status_kib(pid: int, field_name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1])
    return 0


@dataclass(frozen=True, slots=True)
class Usage:
    peak_rss_mb: float  # the process's VmHWM
    children_peak_rss_mb: float  # its live descendants' VmHWM, summed
    cpu_seconds: float  # user + system time of it and its descendants (live or reaped)


def usage(pid: int) -> Usage:
    """What the process (a worker) used so far; read it before the process stops."""
    children_kib, ticks = 0, 0
    for process in family(pid):
        try:
            stat = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
            children_kib += _status_kib(process, "VmHWM") if process != pid else 0
        except FileNotFoundError:  # it exited meanwhile
            continue
        ticks += sum(int(value) for value in stat[11:15])  # utime stime cutime cstime
    cpu = ticks / os.sysconf("SC_CLK_TCK")
    return Usage(_status_kib(pid, "VmHWM") / 1024, children_kib / 1024, cpu)


@contextmanager
def started_workers(
    commands: Sequence[tuple[str, list[str]]], env: Mapping[str, str], logs: Path
) -> Iterator[list[Worker]]:
    """One process per (label, command), each waited for until it takes jobs; all stopped at
    once on exit (each finishes the unit it is storing first)."""
    workers: list[Worker] = []
    try:
        for label, command in commands:
            log = logs / f"{label}.log"
            workers.append(Worker(label, spawn(command, log, env), log))
        deadline = time.monotonic() + WORKER_READY_SECONDS
        for worker in workers:
            while WORKER_READY not in worker.log.read_text(errors="replace"):
                if worker.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{worker.label} did not start: {worker.log.read_text()}")
                time.sleep(0.2)
        yield workers
    finally:
        stop(*(worker.process for worker in workers))


@contextmanager
def rabbit_queue(url: str) -> Iterator[str]:
    """A queue name of its own for one run; the queues Dramatiq declared for it (the queue, its
    delay and dead-letter queues) deleted afterwards."""
    name = f"parley-bench-{uuid.uuid4().hex[:12]}"
    try:
        yield name
    finally:
        connection = pika.BlockingConnection(pika.URLParameters(url))
        try:
            channel = connection.channel()
            for queue in (name, f"{name}.DQ", f"{name}.XQ"):
                channel.queue_delete(queue)
        finally:
            connection.close()


def _wait_until(
    ready: Callable[[], bool], what: str, process: subprocess.Popen[bytes], log: Path
) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}: {log.read_text()}")
        try:
            if ready():
                return
        except (psycopg.OperationalError, redis.ConnectionError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer within {READY_SECONDS} s")


@contextmanager
def private_postgres(network: Network, host: str, workdir: Path) -> Iterator[str]:
    """A PostgreSQL cluster initialised in `workdir`, listening on the host's address (trust
    authentication from the private subnet): its SQLAlchemy URL."""
    data = workdir / "postgres"
    data.mkdir()
    shutil.chown(data, POSTGRES_USER, POSTGRES_USER)
    workdir.chmod(0o755)  # the postgres user reaches its data directory through it
    as_postgres = ["setpriv", f"--reuid={POSTGRES_USER}", f"--regid={POSTGRES_USER}"]
    as_postgres.append("--init-groups")
    initdb = ["initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "--no-sync"]
    subprocess.run([*as_postgres, *initdb], check=True, capture_output=True)
    with (data / "pg_hba.conf").open("a") as rules:
        rules.write(f"host all all {network.subnet}.0/24 trust\n")
    address = network.address(host)
    options = [f"listen_addresses={address}", f"unix_socket_directories={data}", "port=5432"]
    server = ["postgres", "-D", str(data), *(f"-c{option}" for option in options)]
    command = ["ip", "netns", "exec", network.namespace(host), *as_postgres, *server]
    with running(command, workdir / "postgres.log") as process:
        dsn = f"postgresql://postgres@{address}:5432/postgres"

        def answers() -> bool:
            with psycopg.connect(dsn, connect_timeout=2):
                return True

        _wait_until(answers, "PostgreSQL", process, workdir / "postgres.log")
        yield f"postgresql+psycopg://postgres@{address}:5432/postgres"


@contextmanager
def private_redis(network: Network, host: str, workdir: Path) -> Iterator[str]:
    """A Redis server without persistence on the host's address: its redis:// URL."""
    address = network.address(host)
    options = ["--bind", address, "--port", "6379", "--protected-mode", "no", "--save", ""]
    options += ["--appendonly", "no", "--dir", str(workdir)]
    command = ["ip", "netns", "exec", network.namespace(host), "redis-server", *options]
    with running(command, workdir / "redis.log") as process:
        client = redis.Redis(host=address, port=6379, socket_connect_timeout=2)

        def answers() -> bool:
            return bool(client.ping())

        try:
            _wait_until(answers, "Redis", process, workdir / "redis.log")
            yield f"redis://{address}:6379/0"
        finally:
            client.close()


@contextmanager
def database_and_broker(
    workdir: Path, workers: Sequence[str]
) -> Iterator[tuple[Network, str, str]]:
    """Namespaces "db" and one per worker host; PostgreSQL and Redis in "db": the network,
    the database URL and the broker URL."""
    with ExitStack() as stack:
        network = stack.enter_context(private_network(["db", *workers]))
        database = stack.enter_context(private_postgres(network, "db", workdir))
        broker = stack.enter_context(private_redis(network, "db", workdir))
        yield network, database, broker
