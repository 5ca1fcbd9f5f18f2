"""Per-key rate limits on writes and expensive reads (the `limits` library, moving window).

Counted in this process's memory: with `--workers N` each worker keeps its own count, so a key
may make up to N times the limit. Development mode (no master key) has no limiter at all.
"""

from __future__ import annotations

import math
import time
from enum import StrEnum

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from app.settings import Settings


class Charge(StrEnum):
    """What an operation costs against its key's limits: one limit per kind of work."""

    WRITE = "write"
    EXPENSIVE_READ = "expensive read"


class RateLimited(RuntimeError):
    def __init__(self, charge: Charge, limit: RateLimitItem, retry_after: int) -> None:
        super().__init__(
            f"this key made {limit.amount} {charge.value}s in {_window(limit)}, its limit; "
            f"retry in {retry_after} s"
        )
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


class InvalidRateLimit(ValueError):
    """A rate setting that `limits` cannot read, refused at start-up."""


class RateLimiter:
    def __init__(self, settings: Settings) -> None:
        self.limits = {
            Charge.WRITE: _parsed("write_rate_limit", settings.write_rate_limit),
            Charge.EXPENSIVE_READ: _parsed(
                "expensive_read_rate_limit", settings.expensive_read_rate_limit
            ),
        }
        self.window = MovingWindowRateLimiter(MemoryStorage())

    def charge(self, charge: Charge, principal: str) -> None:
        """Count one request of `principal` (a key id, or "master"); RateLimited when over."""
        limit = self.limits[charge]
        if self.window.hit(limit, charge.value, principal):
            return
        stats = self.window.get_window_stats(limit, charge.value, principal)
        raise RateLimited(charge, limit, max(1, math.ceil(stats.reset_time - time.time())))


def _parsed(setting: str, value: str) -> RateLimitItem:
    try:
        return parse(value)
    except ValueError as exc:
        raise InvalidRateLimit(
            f"PARLEY_{setting.upper()}={value!r} is not a rate such as '60/minute'"
        ) from exc


def _window(limit: RateLimitItem) -> str:
    unit = limit.GRANULARITY.name
    return f"{limit.multiples} {unit}s" if limit.multiples > 1 else f"1 {unit}"
