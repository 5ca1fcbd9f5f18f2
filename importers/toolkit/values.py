"""Reading single values the way every importer needs them: ids, texts, counts, nested objects."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeGuard

JsonObject = dict[str, Any]

_PLAIN_COUNT = re.compile(r"^\d{1,3}(?:[,.]\d{3})+$|^\d+$")
_ABBREVIATED_COUNT = re.compile(r"^(\d+(?:[.,]\d+)?)([kmb])$")
_MULTIPLIERS = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}


def as_id(value: object) -> str | None:
    """An id as text: platforms and JSON writers hand out strings and numbers; blank means none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def nonempty_text(value: object) -> str | None:
    """The string as it is, or None when it is absent, blank or not a string."""
    return value if isinstance(value, str) and value.strip() else None


def as_count(value: object) -> int | None:
    """A non-negative count given as a JSON number or as digits; None when absent or unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def display_count(value: object) -> int | None:
    """A count as a web page shows it (7, "7", "1,234", "1.2K", "9.8k", "3M"); None if unreadable.

    Pages leave a count empty when it is zero. Abbreviated counts are rounded by the site, so the
    result is only as precise as the page was.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\u00a0", "").replace(" ", "").casefold()
    if not text:
        return 0
    if _PLAIN_COUNT.match(text):
        # Below 1,000 sites show exact counts, so a separator here can only group thousands.
        return int(re.sub(r"[,.]", "", text))
    abbreviated = _ABBREVIATED_COUNT.match(text)
    if abbreviated is None:
        return None
    number = Decimal(abbreviated.group(1).replace(",", "."))
    return int(number * _MULTIPLIERS[abbreviated.group(2)])


def has_keys(value: object, keys: Iterable[str]) -> TypeGuard[JsonObject]:
    """Whether a JSON value is an object holding every one of `keys`: what detection looks for."""
    return isinstance(value, dict) and value.keys() >= set(keys)


def nested_object(item: JsonObject, key: str) -> JsonObject:
    """A nested object such as `from`, `owner` or `user`; {} when it is absent or not an object."""
    value = item.get(key)
    return value if isinstance(value, dict) else {}


def items_of(document: Any) -> list[Any]:
    """A JSON document's items: the array itself, or the single value as a one-item list."""
    return document if isinstance(document, list) else [document]
