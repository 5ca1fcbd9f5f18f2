"""nlp.affix_search's searches made from a tokenizer's patterns, with their readings of the
patterns kept between runs (nlp.pattern_cache) and shared by the languages whose patterns are
the same: reading a suffix or infix pattern takes 10 to 20 ms, the twelve default languages'
about 0.2 s at every start.

A reading is stored under the pattern's text and flags and a hash of nlp.affix_search's source,
so a change to how patterns are read is never answered by an older reading.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Final

from nlp import affix_search
from nlp.affix_search import InfixFinditer, SuffixEnds, SuffixSearch, first_characters, suffix_ends
from nlp.pattern_cache import Json, cached, source_digest

SUFFIX_ENDS: Final = "suffix-ends"
FIRST_CHARACTERS: Final = "first-characters"
_PAIR: Final = 2  # characters in each of SuffixEnds.pairs


@lru_cache(maxsize=64)
def suffix_search(pattern: re.Pattern[str], folder: Path | None) -> SuffixSearch:
    """`SuffixSearch(pattern)`, its reading kept in `folder` (None: not kept)."""
    stored = cached(_kept_in(folder), SUFFIX_ENDS, _key(pattern), lambda: _ends_json(pattern))
    if stored is None:
        return SuffixSearch(pattern, None)
    last, pairs = stored
    return SuffixSearch(pattern, SuffixEnds(frozenset(last), _pairs(pairs)))


@lru_cache(maxsize=64)
def infix_finditer(pattern: re.Pattern[str], folder: Path | None) -> InfixFinditer:
    """`InfixFinditer(pattern)`, its reading kept in `folder` (None: not kept)."""
    stored = cached(
        _kept_in(folder), FIRST_CHARACTERS, _key(pattern), lambda: _starts_json(pattern)
    )
    return InfixFinditer(pattern, None if stored is None else frozenset(stored))


def _ends_json(pattern: re.Pattern[str]) -> Json:
    ends = suffix_ends(pattern)
    if ends is None:
        return None
    return ["".join(sorted(ends.last)), "".join(sorted(ends.pairs))]


def _starts_json(pattern: re.Pattern[str]) -> Json:
    found = first_characters(pattern)
    return None if found is None else "".join(sorted(found))


def _pairs(joined: str) -> frozenset[str]:
    return frozenset(joined[i : i + _PAIR] for i in range(0, len(joined), _PAIR))


def _kept_in(folder: Path | None) -> Path | None:
    """`folder`, or None (nothing kept) when nlp.affix_search's source cannot be read."""
    return folder if _reader_version() else None


def _key(pattern: re.Pattern[str]) -> str:
    return f"{_reader_version()}\0{pattern.flags}\0{pattern.pattern}"


def _reader_version() -> str:
    """A hash of nlp.affix_search's source, "" when it cannot be read."""
    return source_digest(affix_search.__file__)
