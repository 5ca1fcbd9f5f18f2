"""How deeply JSON text nests, found without parsing it: deeper JSON is refused before it is
parsed, since Python's parser recurses once per level. Real exports nest far less (a Reddit
listing about five levels per level of replies)."""

from __future__ import annotations

import re
from itertools import accumulate

MAX_JSON_DEPTH = 512
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
# The byte-level count (`valid_json_depth`): escapes dropped first, then everything but quotes
# and brackets (bytes.translate runs at memory speed, where a regular expression steps through
# every character of every string), then the strings left, which now hold no quote.
_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_NOT_QUOTE_OR_BRACKET = bytes(set(range(256)) - set(b'"[]{}'))
_NOT_BRACKET_BYTE = bytes(set(range(256)) - set(b"[]{}"))
_QUOTED = re.compile(rb'"[^"]*"')
_BYTE_STEP = {ord(bracket): step for bracket, step in _STEP.items()}


def json_depth(text: str) -> int:
    """How deeply JSON text nests arrays and objects (JSON Lines: its deepest line): strings
    dropped, then a running count of the brackets left. Exact for any text, valid JSON or not."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return 0  # too few brackets to go too deep; the exact depth is not needed
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def valid_json_depth(data: bytes) -> int:
    """`json_depth` of the UTF-8 text `data`, about twice as fast, and equal to it whenever the
    text is valid JSON or JSON Lines (where every backslash opens an escape within a string).

    On other text it may differ, but never below the depth a JSON parser reaches before the
    text stops being valid JSON: a parse it allows is as safe as one `json_depth` allows.
    """
    if b"\\" in data:  # a file without escapes (a search tells at memory speed) skips this pass
        data = _ESCAPE.sub(b"", data)
    skeleton = data.translate(None, _NOT_QUOTE_OR_BRACKET)
    # Too few brackets to go too deep (counted in one pass, where `data` took two): escapes
    # hide no bracket in valid JSON, so there these are the brackets `json_depth` counts.
    if skeleton.count(b"[") + skeleton.count(b"{") <= MAX_JSON_DEPTH:
        return 0
    # Two quotes side by side bound nothing (an empty string, or nothing between two strings):
    # dropping them leaves every other quote's pairing and every bracket as it was.
    outside = _QUOTED.sub(b"", skeleton.replace(b'""', b""))
    brackets = outside.translate(None, _NOT_BRACKET_BYTE)
    return max(accumulate(map(_BYTE_STEP.__getitem__, brackets)), default=0)
