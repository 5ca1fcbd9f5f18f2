"""spaCy's suffix and infix searches, answering exactly as its patterns do, skipping words
that cannot match.

A tokenizer asks each new word for a suffix, again after each one it splits off, and for its
infixes; every search tries about 80 alternatives at every character, some of them classes of
thousands of symbols, which sre checks range by range. So:

- an infix match starts with a character that one of the infixes can start with (none matches
  the empty string): a word holding none of those (most words) has no infix;
- a suffix match ("$"-anchored) ends the word, or stops before its final newline, with an ending
  the suffixes allow. Some end with a letter ("'s", units: "5km", "3g"), so the last character
  would let most words through; the last two do not ("'s", "km", a digit (lookbehind) and "g").

spaCy's URL pattern, tried on every word left once its affixes are off, cannot match a word
without a ".": every host it allows (an IP address, or names followed by ".") holds one.
Those characters are read from the parsed pattern (nlp.affix_cache keeps suffix and infix
readings between runs). Where it holds something the reading does not follow (a negated or
category class, inline flags, flags), more words or all are searched: slower, never different.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from importlib import import_module
from types import EllipsisType
from typing import Any, Final

# Python's own regular expression parser and its node kinds (no type stubs: hence Any).
sre_parse: Any = import_module("re._parser")
sre: Any = import_module("re._constants")

_FOLLOWED_FLAGS: Final = re.UNICODE  # the flags the reading below follows: every str pattern's
# Characters (or pairs) kept in a set at most: more (say, all letters) is not worth the memory.
MAX_CHARACTERS: Final = 50_000
_ZERO_WIDTH: Final = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS: Final = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_PAIR: Final = 2  # a suffix ending is read up to its last two characters
Nodes = Sequence[tuple[Any, Any]]
Ranges = tuple[tuple[int, int], ...]  # a character class, as code point ranges
# The classes of a match's last characters, last first, and whether the nodes read may have
# matched only those (open: the nodes before give the characters before them).
Ending = tuple[tuple[Ranges, ...], bool]
_ANYTHING: Final[Ending] = ((), False)  # any characters, here and before
_NOTHING: Final[Ending] = ((), True)  # nothing matched yet: the nodes before tell
Unread = EllipsisType  # a reading not given to a search (`SuffixSearch(pattern)`): read here


class NotFollowed(ValueError):
    """The pattern holds something `_first_characters` does not follow."""


@dataclass(frozen=True)
class SuffixEnds:
    """What a word must end with for a suffix to match: one of `last`, or one of `pairs`."""

    last: frozenset[str]  # a suffix may end with it, whatever comes before
    pairs: frozenset[str]  # two characters a suffix may end with


class SuffixSearch:
    """`search` gives what `pattern.search` gives, for a pattern whose matches end the text."""

    def __init__(self, pattern: re.Pattern[str], ends: SuffixEnds | Unread | None = ...) -> None:
        self.compiled = pattern
        self.pattern = pattern.pattern  # spaCy serialises a tokenizer's `search.__self__.pattern`
        self.ends = suffix_ends(pattern) if isinstance(ends, Unread) else ends

    def search(self, text: str) -> re.Match[str] | None:
        ends = self.ends
        if (
            ends is None
            or not text
            or text[-1] in ends.last
            or text[-2:] in ends.pairs
            or (text[-1] == "\n" and (text[-2:-1] in ends.last or text[-3:-1] in ends.pairs))
        ):
            return self.compiled.search(text)
        return None


class InfixFinditer:
    """`finditer` gives what `pattern.finditer` gives."""

    def __init__(
        self, pattern: re.Pattern[str], starts: frozenset[str] | Unread | None = ...
    ) -> None:
        self.compiled = pattern
        self.pattern = pattern.pattern
        self.first_characters = first_characters(pattern) if isinstance(starts, Unread) else starts

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


def suffix_ends(pattern: re.Pattern[str]) -> SuffixEnds | None:
    """The endings every match of `pattern` has; None when they cannot be told (see the module's
    docstring), are more than `MAX_CHARACTERS`, or a match may not end the text."""
    if pattern.flags & ~_FOLLOWED_FLAGS:
        return None
    nodes = list(sre_parse.parse(pattern.pattern, pattern.flags))
    if not _ends_the_text(nodes):
        return None
    last, pairs = set[str](), set[str]()
    for classes, _ in _sequence_endings(nodes, _PAIR):
        sizes = [sum(high - low + 1 for low, high in ranges) for ranges in classes]
        if not classes or sizes[0] > MAX_CHARACTERS:
            return None
        if len(classes) == 1 or sizes[0] * sizes[1] > MAX_CHARACTERS:  # then by its last alone
            last.update(_characters(classes[0]))
        else:
            before = _characters(classes[1])
            pairs.update(b + end for end in _characters(classes[0]) for b in before)
        if len(last) + len(pairs) > MAX_CHARACTERS:
            return None
    return SuffixEnds(frozenset(last), frozenset(pairs))


def _ends_the_text(nodes: Nodes) -> bool:
    """Whether `nodes` end with "$" (or "\\Z") in every alternative."""
    if not nodes:
        return False
    kind, value = nodes[-1]
    if kind is sre.AT:
        return value in (sre.AT_END, sre.AT_END_STRING)
    if kind is sre.BRANCH:
        return all(_ends_the_text(list(alternative)) for alternative in value[1])
    return kind is sre.SUBPATTERN and not (value[1] or value[2]) and _ends_the_text(list(value[3]))


def _sequence_endings(nodes: Nodes, wanted: int) -> set[Ending]:
    """The endings, up to `wanted` characters, of what `nodes` match one after the other."""
    endings = {_NOTHING}
    for node in reversed(nodes):
        endings = _before(endings, partial(_node_endings, node), wanted)
    return endings


def _before(
    endings: set[Ending], earlier: Callable[[int], set[Ending]], wanted: int
) -> set[Ending]:
    """`endings` after what `earlier` matches (asked for the characters still wanted)."""
    found: set[Ending] = set()
    for classes, is_open in endings:
        if not is_open:
            found.add((classes, False))
            continue
        for more, more_open in earlier(wanted - len(classes)):
            both = classes + more
            found.add((both, more_open and len(both) < wanted))
    return found


def _node_endings(node: tuple[Any, Any], wanted: int) -> set[Ending]:
    kind, value = node
    if kind is sre.LITERAL or kind is sre.IN:
        try:
            return {((_class_ranges([node] if kind is sre.LITERAL else value),), True)}
        except NotFollowed:  # a negated or category class: any character
            return {_ANYTHING}
    if kind is sre.ASSERT and value[0] < 0:  # a lookbehind: the characters before are its own
        return {(classes, False) for classes, _ in _sequence_endings(list(value[1]), wanted)}
    if kind in _ZERO_WIDTH:  # "$", a lookahead, a negative lookbehind: nothing said here
        return {_NOTHING}
    if kind is sre.BRANCH:
        return {e for alternative in value[1] for e in _sequence_endings(list(alternative), wanted)}
    if kind is sre.SUBPATTERN and not (value[1] or value[2]):
        return _sequence_endings(list(value[3]), wanted)
    if kind in _REPEATS:
        return _repeat_endings(value[0], value[1], list(value[2]), wanted)
    return {_ANYTHING}


def _repeat_endings(least: int, most: int, inner: Nodes, wanted: int) -> set[Ending]:
    """The endings of `inner` repeated `least` to `most` times; for `most` over `wanted`, of it
    repeated at least min(least, wanted) times: those matches hold all of the others."""
    more = partial(_sequence_endings, inner)
    copies = {_NOTHING}
    for _ in range(min(least, wanted)):
        copies = _before(copies, more, wanted)
    found = set(copies)
    if most <= wanted:
        for _ in range(least, most):
            copies = _before(copies, more, wanted)
            found |= copies
        return found
    while (grown := found | _before(found, more, wanted)) != found:
        found = grown
    return found


def first_characters(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The characters every match of `pattern` starts with; None when they cannot be told (see
    the module's docstring) or are more than `MAX_CHARACTERS`."""
    if pattern.flags & ~_FOLLOWED_FLAGS:
        return None
    try:
        nodes = list(sre_parse.parse(pattern.pattern, pattern.flags))
        ranges, may_be_empty = _first_characters(nodes)
    except NotFollowed:
        return None
    if may_be_empty or sum(high - low + 1 for low, high in ranges) > MAX_CHARACTERS:
        return None
    return _characters(ranges)


def _first_characters(nodes: Nodes) -> tuple[list[tuple[int, int]], bool]:
    """The code point ranges of the first character `nodes` match, and whether they may match
    the empty string (then the nodes after give it too)."""
    found: list[tuple[int, int]] = []
    for kind, value in nodes:
        if kind in _ZERO_WIDTH:
            continue
        if kind is sre.LITERAL:
            return [*found, (value, value)], False
        if kind is sre.IN:
            return [*found, *_class_ranges(value)], False
        if kind is sre.BRANCH:
            may_be_empty = False
            for alternative in value[1]:
                more, empty = _first_characters(list(alternative))
                found += more
                may_be_empty = may_be_empty or empty
        elif kind is sre.SUBPATTERN:
            _, added_flags, removed_flags, inner = value
            if added_flags or removed_flags:
                raise NotFollowed("inline flags")
            more, may_be_empty = _first_characters(list(inner))
            found += more
        elif kind in _REPEATS:
            least, _, inner = value
            more, empty = _first_characters(list(inner))
            found += more
            may_be_empty = least == 0 or empty
        else:
            raise NotFollowed(str(kind))
        if not may_be_empty:
            return found, False
    return found, True


def _class_ranges(items: Nodes) -> Ranges:
    ranges: list[tuple[int, int]] = []
    for kind, value in items:
        if kind is sre.LITERAL:
            ranges.append((value, value))
        elif kind is sre.RANGE:
            ranges.append((value[0], value[1]))
        else:  # a negated class, a category (\w, \d)
            raise NotFollowed(str(kind))
    return tuple(ranges)


def _characters(ranges: Sequence[tuple[int, int]]) -> frozenset[str]:
    return frozenset(chr(code) for low, high in ranges for code in range(low, high + 1))
