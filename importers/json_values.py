"""JSON text to Python values, as `json.loads` gives them, about twice as fast.

msgspec decodes every valid JSON text to the values `json.loads` gives (integers of any size
included). What it refuses and `json.loads` accepts (NaN, Infinity, numbers out of a float's
range, escaped lone surrogates; a str holding a lone surrogate, which has no UTF-8), or what
neither accepts, goes to `json.loads`: its value, or
its JSONDecodeError with the line and column the refusals name. So the fast path changes
nothing a caller sees, only the time.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

_DECODER = msgspec.json.Decoder()


class NotRead(ValueError):
    """msgspec does not read the text (`read_valid` says why in its cause)."""


def read_valid(data: bytes) -> Any:
    """The value of the JSON text `data` when msgspec reads it, else NotRead: `data` is then
    not UTF-8, not JSON, JSON msgspec leaves to `json.loads` (see above), or nested deeper than
    the interpreter's recursion limit, which msgspec refuses without recursing in Python.

    A value read says the bytes are valid UTF-8 (msgspec checks every string's; nothing else
    may be other than ASCII) and valid JSON; nothing needs decoding them as text first.
    """
    try:
        return _DECODER.decode(data)
    except (msgspec.DecodeError, RecursionError) as exc:
        raise NotRead(str(exc)) from exc


def loads(text: str | bytes) -> Any:
    """The value of the JSON `text` (UTF-8 when bytes); json.JSONDecodeError where json.loads
    raises one."""
    try:
        return _DECODER.decode(text)
    except (msgspec.DecodeError, UnicodeEncodeError):
        return json.loads(text)
