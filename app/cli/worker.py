"""`parley worker`: take import jobs from the broker's queue and run them, until stopped.

Run any number, on any number of machines, with the same PARLEY_DATABASE_URL, PARLEY_BROKER_URL
(and pseudonym settings) as the server. SIGTERM or Ctrl-C stops a worker after the unit it is
storing; its job goes back to the queue and is resumed where it stopped.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from app.cli.processes import run_together
from app.settings import get_settings
from app.text_pipeline import text_analyzer

# Two, not one: while one thread waits on the database (a COPY, a commit) or reads an upload,
# the other analyses (the TikTok set, structure only, one worker: 14,300-15,900 comments/s
# against 12,100-13,300 with one thread; the text step holds the GIL, so more threads gain little).
DEFAULT_THREADS = 2


def add_worker_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    worker = commands.add_parser("worker", help="run import jobs from the queue (needs a broker)")
    worker.add_argument(
        "--threads",
        type=int,
        default=DEFAULT_THREADS,
        help=f"jobs and batches run at once per process (default {DEFAULT_THREADS})",
    )
    worker.add_argument(
        "--processes",
        type=int,
        default=1,
        help="worker processes to run (default 1; one per core analyses in parallel)",
    )
    worker.set_defaults(handler=_workers)


def _workers(args: argparse.Namespace) -> int:
    """One worker here, or `--processes` of them, each its own process (text analysis holds the
    GIL: threads share one core), stopped together."""
    if args.threads < 1 or args.processes < 1:
        print("parley worker: --threads and --processes must be at least 1", file=sys.stderr)
        return 2
    if args.processes == 1:
        return _worker(args.threads)
    # SIGTERM to each: it finishes its unit and hands its work back.
    return run_together(_worker, (args.threads,), args.processes, "parley-worker")


def _worker(threads: int) -> int:
    # The queue's and the database's modules, imported only to work: `parley` starts without them.
    import dramatiq

    from app.jobs.batches import run_batch
    from app.jobs.broker import BATCH_ACTOR, READ_ACTOR, job_actor, make_broker
    from app.jobs.lease import worker_name
    from app.jobs.runner import JobContext, run_job
    from app.process_memory import freeze_long_lived_objects
    from db.engine import make_engine, make_session_factory
    from db.jobs import Claim
    from db.migrate import upgrade

    settings = get_settings()
    if settings.broker_url is None:
        print(
            "parley worker: PARLEY_BROKER_URL is not set. Without a broker the server runs "
            "import jobs itself; set amqp://… or redis://… to run them in workers.",
            file=sys.stderr,
        )
        return 2
    upgrade(settings.database_url)
    # Only import jobs use a worker's engine: none of its commits waits for the disk.
    engine = make_engine(settings.database_url, relaxed_commits=True)
    queue_name = settings.job_queue_name
    broker = make_broker(settings.broker_url, queue_name)

    def read(job_id: int) -> None:
        if run_job(job_id, context) is Claim.RELEASED:
            reader.send(job_id)  # handed back before this message is acknowledged: never lost

    def store(job_id: int, batch: int) -> None:
        if not run_batch(job_id, batch, context):
            storer.send(job_id, batch)

    reader = job_actor(broker, queue_name, READ_ACTOR, read)
    storer = job_actor(broker, queue_name, BATCH_ACTOR, store)
    context = JobContext(
        make_session_factory(engine),
        settings,
        text_analyzer(settings),
        submit_batch=lambda job_id, batch: storer.send(job_id, batch),
    )
    freeze_long_lived_objects()
    worker = dramatiq.Worker(broker, queues={queue_name}, worker_threads=threads)
    # One message per thread at a time: a prefetched one would wait here while another worker
    # idles.
    worker.queue_prefetch = threads
    stop = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        context.stopping.set()
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    worker.start()
    print(f"parley worker {worker_name()}: waiting for import jobs", file=sys.stderr, flush=True)
    stop.wait()
    worker.stop()
    broker.close()
    engine.dispose()
    return 0
