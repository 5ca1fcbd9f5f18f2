"""Collecting what is wrong with an input, so that one refusal names every place to fix."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from importers.base import InvalidInput, Location, Problem
from importers.timeparse import TimestampError, parse_timestamp
from importers.toolkit.values import JsonObject

# A broken export can fail on every row; the first problems are enough to fix it.
MAX_PROBLEMS = 50


def raise_problems(format_label: str, problems: Sequence[Problem]) -> None:
    """Refuse the input with the first MAX_PROBLEMS problems, if there are any."""
    if not problems:
        return
    count = len(problems)
    more = f" (first {MAX_PROBLEMS} shown)" if count > MAX_PROBLEMS else ""
    raise InvalidInput(
        f"the {format_label} input has {count} problem{'s' * (count > 1)}{more}",
        problems[:MAX_PROBLEMS],
    )


def refusal(loc: Location, msg: str, detail: str | None = None) -> InvalidInput:
    """The refusal of an input with one problem, `msg` at `loc`; `detail` (else `msg`) says it
    as a whole."""
    return InvalidInput(detail or msg, [Problem(loc, msg)])


def time_problem(value: object, loc: Location, subject: str) -> Problem:
    """The problem of a time that `parse_timestamp` cannot read."""
    return Problem(loc, f"{subject}: not a readable time (unix seconds or ISO-8601): {value!r}")


def place(loc: Location) -> str:
    """A location in words for problem messages: ("line", 3, "text") -> "line 3 text"."""
    return " ".join(str(part) for part in loc)


class Problems:
    """Collects what is wrong with an input, so that one error names every place to fix."""

    def __init__(self, format_label: str) -> None:
        self.format_label = format_label
        self.found: list[Problem] = []

    def add(self, loc: Location, msg: str) -> None:
        self.found.append(Problem(loc, msg))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.found.extend(problems)

    def time(self, value: object, loc: Location, subject: str) -> datetime | None:
        """The time, or None with a problem recorded when it is unreadable."""
        try:
            return parse_timestamp(value)
        except TimestampError:
            self.found.append(time_problem(value, loc, subject))
            return None

    def raise_if_any(self, detail: str | None = None) -> None:
        """Refuse the input if anything was found; `detail` says what is wrong as a whole
        (else how many problems there are)."""
        if detail is not None and self.found:
            raise InvalidInput(detail, self.found[:MAX_PROBLEMS])
        raise_problems(self.format_label, self.found)

    def text(self, item: JsonObject, key: str, loc: Location, subject: str) -> str:
        """The string at `key` ("" when absent), or "" with a problem when it is not a string."""
        value = item.get(key)
        if not isinstance(value, str | None):
            self.add((*loc, key), f"{subject}: {key} must be a string")
        return value if isinstance(value, str) else ""

    def required_text(self, item: JsonObject, key: str, loc: Location, subject: str) -> str | None:
        """The string at `key`, or None with a problem when it is absent or not a string."""
        value = item.get(key)
        if not isinstance(value, str):
            self.add((*loc, key), f"{subject}: {key} must be a string, not {value!r}")
            return None
        return value
