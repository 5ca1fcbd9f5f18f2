"""spaCy's suffix and infix searches, answering exactly as its patterns do, skipping words
that cannot match.

A tokenizer asks each new word for a suffix, again after each one it splits off, and for its
infixes; every search tries about 80 alternatives at every character, some of them classes of
thousands of symbols, which sre checks range by range. None of these alternatives matches the
empty string, so:

- an infix match starts with a character that one of the infixes can start with: a word holding
  none of those (most words) has no infix;
- a suffix match ("$"-anchored) ends the word, or stops before its final newline, with a
  character one of the suffixes can end with: for a word ending otherwise there is no suffix.

Those characters are read from the parsed pattern. When it holds something `_edge_characters`
does not follow (flags, negated or category classes, an alternative that may match nothing),
every word is searched as spaCy's pattern would be: slower, never different.

spaCy's URL pattern, tried on every word left once its affixes are off, cannot match a word
without a ".": every host it allows (an IP address, or names followed by ".") holds one, which
`UrlMatch` reads from the parsed pattern too (`always_holds`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from importlib import import_module
from typing import Any, Final

# Python's own regular expression parser and its node kinds (no type stubs: hence Any).
sre_parse: Any = import_module("re._parser")
sre: Any = import_module("re._constants")

# Flags the reading below follows: re.UNICODE, which every str pattern has.
_FOLLOWED_FLAGS: Final = re.UNICODE
# Characters kept in a set at most: a class of more (say, all letters) is not worth the memory.
MAX_CHARACTERS: Final = 50_000
_ZERO_WIDTH: Final = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS: Final = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
Nodes = Sequence[tuple[Any, Any]]


class NotFollowed(ValueError):
    """The pattern holds something `_edge_characters` does not follow."""


class SuffixSearch:
    """`search` gives what `pattern.search` gives, for a pattern whose matches end the text."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.compiled = pattern
        self.pattern = pattern.pattern  # spaCy serialises a tokenizer's `search.__self__.pattern`
        self.last_characters = edge_characters(pattern, last=True)

    def search(self, text: str) -> re.Match[str] | None:
        last = self.last_characters
        if (
            last is None
            or not text
            or text[-1] in last
            or (text[-1] == "\n" and len(text) > 1 and text[-2] in last)
        ):
            return self.compiled.search(text)
        return None


class InfixFinditer:
    """`finditer` gives what `pattern.finditer` gives."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.compiled = pattern
        self.pattern = pattern.pattern
        self.first_characters = edge_characters(pattern, last=False)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.first_characters is not None and self.first_characters.isdisjoint(text):
            return iter(())
        return self.compiled.finditer(text)


class UrlMatch:
    """`match` gives what `pattern.match` gives; a word without a "." is not tried when no
    match can lack one (spaCy's URL pattern)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.compiled = pattern
        self.pattern = pattern.pattern  # as spaCy serialises it (see SuffixSearch)
        self.needs_dot = always_holds(pattern, ".")

    def match(self, text: str) -> re.Match[str] | None:
        if self.needs_dot and "." not in text:
            return None
        return self.compiled.match(text)


def always_holds(pattern: re.Pattern[str], character: str) -> bool:
    """Whether every match of `pattern` holds `character`; False when that cannot be told
    (flags, a class of more than that character, or an alternative that may do without it)."""
    if pattern.flags & ~_FOLLOWED_FLAGS:
        return False
    return _always_holds(list(sre_parse.parse(pattern.pattern, pattern.flags)), ord(character))


def _always_holds(nodes: Nodes, code: int) -> bool:
    """Whether one of `nodes` matches the character `code` whenever the nodes match at all."""
    for kind, value in nodes:
        if kind is sre.LITERAL and value == code:
            return True
        if kind is sre.IN and list(value) == [(sre.LITERAL, code)]:
            return True
        if kind is sre.BRANCH and all(_always_holds(list(a), code) for a in value[1]):
            return True
        inline_flags = kind is sre.SUBPATTERN and (value[1] or value[2])  # not followed
        if kind is sre.SUBPATTERN and not inline_flags and _always_holds(list(value[3]), code):
            return True
        if kind in _REPEATS and value[0] >= 1 and _always_holds(list(value[2]), code):
            return True
    return False


def edge_characters(pattern: re.Pattern[str], *, last: bool) -> frozenset[str] | None:
    """The characters every match of `pattern` starts with (ends with, when `last`); None when
    they cannot be told (see the module's docstring) or are more than `MAX_CHARACTERS`."""
    if pattern.flags & ~_FOLLOWED_FLAGS:
        return None
    try:
        nodes = list(sre_parse.parse(pattern.pattern, pattern.flags))
        ranges, may_be_empty = _edge_characters(nodes, last)
    except NotFollowed:
        return None
    if may_be_empty or sum(high - low + 1 for low, high in ranges) > MAX_CHARACTERS:
        return None
    return frozenset(chr(code) for low, high in ranges for code in range(low, high + 1))


def _edge_characters(nodes: Nodes, last: bool) -> tuple[list[tuple[int, int]], bool]:
    """The code point ranges of the first (or last) character `nodes` match, and whether they
    may match the empty string (then the nodes before, or after, give it too)."""
    found: list[tuple[int, int]] = []
    for kind, value in reversed(nodes) if last else nodes:
        if kind in _ZERO_WIDTH:
            continue
        if kind is sre.LITERAL:
            return [*found, (value, value)], False
        if kind is sre.IN:
            return [*found, *_class_ranges(value)], False
        if kind is sre.BRANCH:
            may_be_empty = False
            for alternative in value[1]:
                ranges, empty = _edge_characters(list(alternative), last)
                found += ranges
                may_be_empty = may_be_empty or empty
        elif kind is sre.SUBPATTERN:
            _, added_flags, removed_flags, inner = value
            if added_flags or removed_flags:
                raise NotFollowed("inline flags")
            ranges, may_be_empty = _edge_characters(list(inner), last)
            found += ranges
        elif kind in _REPEATS:
            least, _, inner = value
            ranges, empty = _edge_characters(list(inner), last)
            found += ranges
            may_be_empty = least == 0 or empty
        else:
            raise NotFollowed(str(kind))
        if not may_be_empty:
            return found, False
    return found, True


def _class_ranges(items: Nodes) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for kind, value in items:
        if kind is sre.LITERAL:
            ranges.append((value, value))
        elif kind is sre.RANGE:
            ranges.append((value[0], value[1]))
        else:  # a negated class, a category (\w, \d)
            raise NotFollowed(str(kind))
    return ranges
