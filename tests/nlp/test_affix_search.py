"""The suffix and infix searches of the blank pipelines (nlp.affix_search) skip words without
running spaCy's patterns: they must answer exactly as those patterns do."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from spacy.lang.tokenizer_exceptions import URL_PATTERN
from spacy.util import compile_infix_regex, compile_suffix_regex, get_lang_class

from nlp.affix_search import (
    InfixFinditer,
    SuffixEnds,
    SuffixSearch,
    UrlMatch,
    always_holds,
    first_characters,
    suffix_ends,
)
from nlp.lexicon import DEFAULT_LANGUAGES, MULTILINGUAL
from nlp.pipeline import build_pipeline
from tests.nlp.random_text import random_strings

# Letters, digits, the suffixes' and infixes' own characters, emoji and whitespace.
ALPHABET = [*"abcsmkgSKMdT09'’.,:;!?-–—+*^/=<>()[]\"«»%$€£°…#&_", *"😂❤\ufe0f🇪çßéıüяك\n²。？؟"]
WORDS = [
    "hello",
    "cats",
    "it's",
    "U.S.",
    "5km",
    "10$",
    "end...",
    "so…",
    "a,b",
    "x-y",
    "😂😂",
    "3+4",
]


def random_words(count: int, seed: int, pieces: list[str] = ALPHABET) -> list[str]:
    return random_strings(pieces, count, seed, longest=9)


def suffix_words(suffixes: list[str]) -> list[str]:
    """Words ending with the letters the suffixes hold ("'s", "km", "-nya", "</b>"), their last
    one or two, or one more, after what a lookbehind may want there or may not."""
    runs = {run for entry in suffixes for run in re.findall(r"\w+", entry) if len(run) <= 6}
    ends = {end for run in runs for end in (run, run[-1], run[-2:], run + "s")}
    starts = ["", "5", "a", "A", "'", "’", "-", "°C", ".", "😂", "x\n"]
    return [start + end + newline for end in ends for start in starts for newline in ("", "\n")]


def span(match: re.Match[str] | None) -> tuple[int, int] | None:
    return None if match is None else match.span()


def spans(matches: Iterator[re.Match[str]]) -> list[tuple[int, int]]:
    return [match.span() for match in matches]


@pytest.mark.parametrize("language", [*DEFAULT_LANGUAGES, MULTILINGUAL])
def test_searches_answer_as_spacys_patterns(language: str) -> None:
    defaults = get_lang_class(language).Defaults
    suffixes = compile_suffix_regex(defaults.suffixes or ())
    infixes = compile_infix_regex(defaults.infixes or ())
    suffix_search, infix_finditer = SuffixSearch(suffixes), InfixFinditer(infixes)
    words = [*WORDS, *random_words(4000, seed=len(language))]
    words += [word + "\n" for word in words[:500]]
    tricky = suffix_words([entry for entry in defaults.suffixes or () if isinstance(entry, str)])
    pieces = [*ALPHABET, *{word.strip() for word in tricky}]
    more = [*tricky, *random_words(4000, seed=len(language), pieces=pieces)]
    assert [span(suffix_search.search(w)) for w in words + more] == [
        span(suffixes.search(w)) for w in words + more
    ]
    assert sum(suffixes.search(w) is not None for w in more) > 200  # many words do match
    assert [spans(infix_finditer.finditer(w)) for w in words] == [
        spans(infixes.finditer(w)) for w in words
    ]


@pytest.mark.parametrize("language", [*DEFAULT_LANGUAGES, MULTILINGUAL])
def test_words_ending_with_a_letter_are_told_by_their_last_two(language: str) -> None:
    defaults = get_lang_class(language).Defaults
    ends = SuffixSearch(compile_suffix_regex(defaults.suffixes or ())).ends
    assert ends is not None
    assert not any(character.isalnum() for character in ends.last)
    assert "5g" in ends.pairs
    assert "ag" not in ends.pairs


def test_english_searches_are_prefiltered() -> None:
    defaults = get_lang_class("en").Defaults
    ends = SuffixSearch(compile_suffix_regex(defaults.suffixes or ())).ends
    assert ends is not None
    assert {"'s", "’s", "km", "..", "0%", "F."} <= ends.pairs
    # "." after any of 100,000 lowercase letters: kept by itself rather than as pairs
    assert {"…", ",", "!", ")", "."} <= ends.last
    assert InfixFinditer(compile_infix_regex(defaults.infixes or ())).first_characters is not None


def test_first_characters_of_small_patterns() -> None:
    pattern = re.compile(r"(?<=[0-9])(?:km|m)$|\.\.+$|'s$|[xy]z?$")
    assert first_characters(pattern) == frozenset("km.'xy")


def ends(last: str, *pairs: str) -> SuffixEnds:
    return SuffixEnds(frozenset(last), frozenset(pairs))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?<=[0-9])(?:km|g)$|'s$", ends("", "'s", "km", *(f"{d}g" for d in range(10)))),
        (r"\.\.+$|(?<=°[CF])\.$", ends("", "..", "C.", "F.")),
        (r"(?:xy){2,}$", ends("", "xy")),
        (r"[ab]{1,2}$", ends("ab", "aa", "ab", "ba", "bb")),
        (r"(?<=q)u+$", ends("", "qu", "uu")),
        (r"(?<=ab|cd)e$|(?:f|gh?)$", ends("fg", "be", "de", "gh")),
        (r"(?<=[^a]b)c$", ends("", "bc")),  # the class it cannot read is before the pair
        (r"(?<=\d)c$|(?i:k)m$", ends("cm")),  # nor these: the last character alone then
        (r"(?<=x)$", ends("x")),
    ],
)
def test_suffix_ends_of_small_patterns(pattern: str, expected: SuffixEnds) -> None:
    assert suffix_ends(re.compile(pattern)) == expected


@pytest.mark.parametrize(
    "pattern",
    [re.compile(p) for p in (r"a$|b?$", r"\w+$", r"[^a]$", r"(?i:a)$", r"a$|b", r"x*$")]
    + [re.compile("a$", re.IGNORECASE)],
)
def test_patterns_it_cannot_read_are_searched_as_they_are(pattern: re.Pattern[str]) -> None:
    assert suffix_ends(pattern) is None
    for word in ["zzab", "b", "A", "", "a\n", "x", "ba"]:
        assert span(SuffixSearch(pattern).search(word)) == span(pattern.search(word))


SMALL_PATTERNS = [
    r"(?<=[0-9])(?:km|g|m/s)$|'s$|n't$",
    r"(?<=[^a]b)c$|(?<=\d)c$|(?i:k)m$|(?<=x)$",
    r"(?:xy){2,}$|[ab]{1,2}$|(?<=q)u+?$|\.\.+$",
    r"(?<=ab|cd)e$|(?:f|gh?)$|(?<!z)y$|w(?=\n)$|^v$|t\Z",
]


@pytest.mark.parametrize("pattern", [re.compile(p) for p in SMALL_PATTERNS])
def test_small_patterns_are_searched_as_they_are(pattern: re.Pattern[str]) -> None:
    words = random_strings([*"abcdefghkmnqsuvwxyz05'./\n", "n't", "km", "m/s"], 5000, 3, 6)
    found = [span(pattern.search(w)) for w in words]
    assert [span(SuffixSearch(pattern).search(w)) for w in words] == found
    assert sum(match is not None for match in found) > 200


def test_a_newline_after_the_suffix_still_finds_it() -> None:
    search = SuffixSearch(re.compile(r"!$"))
    assert span(search.search("wow!\n")) == (3, 4)
    assert search.search("wow\n") is None
    assert search.search("") is None


def test_blank_pipelines_search_through_them() -> None:
    tokenizer: Any = build_pipeline("en").tokenizer  # spaCy's Tokenizer has no type stubs
    assert isinstance(tokenizer.suffix_search.__self__, SuffixSearch)
    assert isinstance(tokenizer.infix_finditer.__self__, InfixFinditer)
    words = [t.text for t in tokenizer("(cats, dogs...) 5km e.g. it's😂")]
    assert words == ["(", "cats", ",", "dogs", "...", ")", "5", "km", "e.g.", "it", "'s", "😂"]


URL_FORMS = ["example.com", "http://x.org/a?b=1", "10.1.2.3", "localhost", "a.b", "x.", "@a.bc"]


def test_url_match_answers_as_spacys_pattern() -> None:
    pattern = re.compile("(?u)" + URL_PATTERN)  # as spaCy compiles its URL_MATCH
    url_match = UrlMatch(pattern)
    assert url_match.needs_dot
    words = [*URL_FORMS, *WORDS, *random_words(4000, seed=7)]
    words += [f"{w}.{v}" for w, v in zip(words[:2000], words[2000:4000], strict=True)]
    assert [span(url_match.match(w)) for w in words] == [span(pattern.match(w)) for w in words]


@pytest.mark.parametrize(
    ("pattern", "holds"),
    [
        (r"a\.b", True),
        (r"(?:x|y)+\.", True),
        (r"[.]", True),
        (r"(?:a\.|b\.c)$", True),
        (r"(?!\.)a", False),
        (r"a\.?", False),
        (r"a|b\.", False),
        (r"[.,]", False),
        (r"(?i:\.)", False),
    ],
)
def test_always_holds_reads_patterns(pattern: str, holds: bool) -> None:
    assert always_holds(re.compile(pattern), ".") is holds


def test_url_match_without_a_dot_in_every_match_tries_every_word() -> None:
    url_match = UrlMatch(re.compile(r"localhost|x\.y"))
    assert not url_match.needs_dot
    assert span(url_match.match("localhost")) == (0, 9)


def test_blank_pipelines_match_urls_through_it() -> None:
    tokenizer: Any = build_pipeline("en").tokenizer
    assert isinstance(tokenizer.url_match.__self__, UrlMatch)
