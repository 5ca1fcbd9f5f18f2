"""Timestamps as the platforms write them, turned into timezone-aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime

# Unix times above this are milliseconds (year 2286 in seconds): TikTok and Zeeschuimer use both.
_MILLISECONDS_THRESHOLD = 10_000_000_000


class TimestampError(ValueError):
    """A value that should be a time is not one we can read."""


def parse_timestamp(value: object) -> datetime | None:
    """ISO-8601 text (with or without zone; no zone means UTC), or unix seconds / milliseconds.

    None and "" mean "no timestamp". Anything else unreadable raises TimestampError.
    """
    if type(value) is int and abs(value) < _MILLISECONDS_THRESHOLD:
        # The usual case, as `_from_unix` reads it: seconds well within datetime's years, whole
        # as a float too. (The zone by position: a third faster than by keyword.)
        return datetime.fromtimestamp(value, UTC)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise TimestampError(f"not a timestamp: {value!r}")
    if isinstance(value, int | float):
        return _from_unix(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            return _from_unix(float(text))
        except ValueError:
            pass
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            parsed = _parse_other_formats(text)
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=UTC)
        try:
            return parsed.astimezone(UTC)
        except OverflowError as exc:  # year 1 at +14:00, year 9999 at -14:00: no UTC time
            raise TimestampError(f"time out of range in UTC: {text!r}") from exc
    raise TimestampError(f"not a timestamp: {value!r}")


def _from_unix(number: float) -> datetime:
    try:
        seconds = float(number)
    except OverflowError as exc:  # an integer of hundreds of digits
        raise TimestampError(f"unix time out of range: {str(number)[:20]}…") from exc
    if abs(seconds) >= _MILLISECONDS_THRESHOLD:
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise TimestampError(f"unix time out of range: {seconds!r}") from exc


_OTHER_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%z",  # Graph API: 2017-08-31T18:10:30+0000
    "%a %b %d %H:%M:%S %z %Y",  # Twitter v1.1: Wed Aug 27 13:08:45 +0000 2008
    "%Y-%m-%d %H:%M:%S%z",
)


def _parse_other_formats(text: str) -> datetime:
    for pattern in _OTHER_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise TimestampError(f"not an ISO-8601 time or unix seconds: {text!r}")
