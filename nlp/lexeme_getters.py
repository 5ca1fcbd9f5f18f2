"""spaCy's lexical attribute getters with faster stand-ins that answer exactly as they do.

A blank pipeline computes the lexical attributes of each new word form in Python (see
nlp.blank_pipeline), and a run over new comments is mostly new forms. spaCy's `like_url` walks a
form character by character looking for a "." before anything else, `like_email` runs a
pattern on forms without the "@" it needs, and `lower`, `is_alpha` and `is_space` wrap a `str`
method in a Python function: the stand-ins skip all that.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from spacy.lang import lex_attrs

_SCHEMES: Final = ("http://", "https://")

Getter = Callable[[str], Any]


def like_url(text: str) -> bool:
    """spaCy's `like_url`, which answers False for a form without a "." unless it starts with
    "http://" or "https://" (spaCy's own raises IndexError on "", which no lexeme is)."""
    if "." not in text and not text.startswith(_SCHEMES):
        return False
    return bool(lex_attrs.like_url(text))


def like_email(text: str) -> bool:
    """spaCy's `like_email`, whose pattern needs an "@"."""
    return "@" in text and lex_attrs.like_email(text)


STAND_INS: Final[Mapping[Getter, Getter]] = {
    lex_attrs.lower: str.lower,
    lex_attrs.is_alpha: str.isalpha,
    lex_attrs.is_space: str.isspace,
    lex_attrs.like_url: like_url,
    lex_attrs.like_email: like_email,
}


def faster_getters(getters: Mapping[int, Getter]) -> dict[int, Getter]:
    """`getters` with spaCy's own functions replaced by their stand-ins; a language's own getter
    (say, a `like_num` that knows number words) is kept as it is."""
    return {attr: STAND_INS.get(get, get) for attr, get in getters.items()}
