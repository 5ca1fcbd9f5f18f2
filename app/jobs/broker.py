"""Import jobs on a message broker, with Dramatiq: RabbitMQ (amqp://) or Redis (redis://).

Why Dramatiq: its messages are acknowledged only once the job returns, so a job whose worker is
killed goes back to the queue (RabbitMQ at once, when the connection drops; Redis after the
broker's heartbeat timeout) and another worker takes it; Celery acknowledges early by default
and needs care to do the same. procrastinate would tie the queue to PostgreSQL, and the
embedded default runs on SQLite. The job's state lives in our own tables (db/jobs.py); the
message carries only its id, and a lease (app/jobs/lease.py) keeps two workers off one job.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dramatiq
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.redis import RedisBroker

from app.jobs.contract import QueueUnavailable

READ_ACTOR = "read_import_job"
BATCH_ACTOR = "store_import_batch"
# A job runs as long as its upload needs: far past Dramatiq's default 10-minute limit.
TIME_LIMIT_MS = 7 * 24 * 3600 * 1000
# Redis hands a dead worker's messages to others after this long without its heartbeat, at the
# next maintenance: run on a tenth of the broker's commands (Dramatiq's default, one in a
# thousand, leaves an idle deployment's dead work waiting for many minutes).
REDIS_HEARTBEAT_MS = 15_000
REDIS_MAINTENANCE_CHANCE = 100_000  # per million commands


class UnsupportedBroker(ValueError):
    def __init__(self, url: str) -> None:
        scheme = url.split(":", 1)[0]
        super().__init__(
            f"PARLEY_BROKER_URL: unsupported scheme {scheme!r}; use amqp:// or redis://"
        )


def make_broker(url: str, queue_name: str) -> dramatiq.Broker:
    if url.startswith(("amqp://", "amqps://")):
        return RabbitmqBroker(url=url, confirm_delivery=True)
    if url.startswith(("redis://", "rediss://")):
        return RedisBroker(  # type: ignore[no-untyped-call]
            url=url,
            namespace=queue_name,
            heartbeat_timeout=REDIS_HEARTBEAT_MS,
            maintenance_chance=REDIS_MAINTENANCE_CHANCE,
        )
    raise UnsupportedBroker(url)


def job_actor(
    broker: dramatiq.Broker, queue_name: str, name: str, run: Callable[..., Any]
) -> dramatiq.Actor[Any, Any]:
    """An actor of the jobs' queue: READ_ACTOR reads a job (its id), BATCH_ACTOR stores a
    batch (job id, batch). No retries of Dramatiq's own: the job's lease and the units'
    attempts decide what happens to work whose worker died."""
    return dramatiq.Actor(
        run,
        broker=broker,
        actor_name=name,
        queue_name=queue_name,
        priority=0,
        options={"max_retries": 0, "time_limit": TIME_LIMIT_MS},
    )


class BrokerQueue:
    """Submits jobs to the broker's queue: the server's side."""

    def __init__(self, url: str, queue_name: str) -> None:
        self.broker = make_broker(url, queue_name)
        self.actor = job_actor(self.broker, queue_name, READ_ACTOR, _not_run_here)

    def submit(self, job_id: int) -> None:
        try:
            self.actor.send(job_id)
        except dramatiq.errors.ConnectionError as exc:
            raise QueueUnavailable(exc) from exc

    def close(self) -> None:
        self.broker.close()


def _not_run_here(*_message: int) -> None:
    raise RuntimeError("the server submits jobs; `parley worker` runs them")
