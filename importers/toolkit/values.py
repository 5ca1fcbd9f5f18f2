"""Reading single values the way every importer needs them: ids, texts, counts, nested objects.

Also what every stored value must be, on SQLite and PostgreSQL alike: text without NUL characters
(PostgreSQL cannot store U+0000 in text), counts within 64 bits, ids and tags short enough for the
indexes that hold them, links only when they are http(s). `importers.toolkit.reports.finish_drafts`
applies these to every format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeGuard
from urllib.parse import urlsplit

JsonObject = dict[str, Any]

_PLAIN_COUNT = re.compile(r"^\d{1,3}(?:[,.]\d{3})+$|^\d+$")
_ABBREVIATED_COUNT = re.compile(r"^(\d+(?:[.,]\d+)?)([kmb])$")
_MULTIPLIERS = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}

NUL = "\x00"
NUL_REPLACEMENT = "\ufffd"  # U+FFFD REPLACEMENT CHARACTER
# The largest count stored: a signed 64-bit integer (PostgreSQL BIGINT, SQLite INTEGER).
MAX_COUNT = 2**63 - 1
# Comment ids, post ids and tags sit in unique indexes; a PostgreSQL btree entry holds at most
# 2,704 bytes, and 500 characters take at most 2,000 bytes of UTF-8.
MAX_KEY_LENGTH = 500
WEB_SCHEMES = ("http", "https")  # the only links stored
_SHOWN_SCHEME = 20  # characters of a refused scheme quoted back


def without_nul(value: str) -> str:
    """The text with every NUL character (U+0000) replaced by U+FFFD."""
    return value.replace(NUL, NUL_REPLACEMENT) if NUL in value else value


def link_problem(value: str) -> str | None:
    """Why `value` cannot be stored as a post's link; None when it is an absolute http(s) URL.

    A stored link is shown to people and may be made clickable: a `javascript:` or `data:` URL
    would run in the page that shows it. The scheme is read as browsers read it (case, leading
    control characters and embedded tabs or newlines ignored).
    """
    try:
        parts = urlsplit(value)
    except ValueError:
        return "is not a well-formed URL; only http and https links are kept"
    if parts.scheme not in WEB_SCHEMES:
        scheme = f"scheme {parts.scheme[:_SHOWN_SCHEME]!r}" if parts.scheme else "no scheme"
        return f"has {scheme}; only http and https links are kept"
    if not parts.hostname:
        return "names no host; only absolute http and https links are kept"
    return None


def count_problem(value: object) -> str | None:
    """Why `value` cannot be stored as a count (a boolean, not a whole number, beyond 64 bits);
    None when it can. None itself is an absent count, which is fine."""
    if value is None:
        return None
    if isinstance(value, bool):
        return f"must be a whole number, not a boolean ({str(value).lower()})"
    if not isinstance(value, int):
        return f"must be a whole number, not {value!r}"
    if abs(value) > MAX_COUNT:
        return f"{value} is beyond 2^63-1 ({MAX_COUNT}), the largest count stored"
    return None


def refuse_boolean(value: object) -> object:
    """The value as it is, or ValueError for a boolean: for validators of count fields, since a
    boolean is a subclass of int in Python and `True` would pass as 1."""
    if isinstance(value, bool):
        raise ValueError("must be a whole number, not a boolean")
    return value


def as_id(value: object) -> str | None:
    """An id as text: platforms and JSON writers hand out strings and numbers; blank means none."""
    if isinstance(value, str):  # the usual case first
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def nonempty_text(value: object) -> str | None:
    """The string as it is, or None when it is absent, blank or not a string."""
    # Blank is empty or all whitespace, as str.strip sees it (isspace copies nothing).
    return value if isinstance(value, str) and value and not value.isspace() else None


def as_count(value: object) -> int | None:
    """A non-negative count given as a JSON number or as digits; None when absent or unreadable.

    A boolean is never a count (None). A count beyond MAX_COUNT is returned as read:
    `finish_drafts` refuses it, naming the comment and field.
    """
    if value is None or isinstance(value, bool):
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
    wanted = keys if isinstance(keys, frozenset | set) else set(keys)
    return isinstance(value, dict) and value.keys() >= wanted


def nested_object(item: JsonObject, key: str) -> JsonObject:
    """A nested object such as `from`, `owner` or `user`; {} when it is absent or not an object."""
    value = item.get(key)
    return value if isinstance(value, dict) else {}


def items_of(document: Any) -> list[Any]:
    """A JSON document's items: the array itself, or the single value as a one-item list."""
    return document if isinstance(document, list) else [document]
