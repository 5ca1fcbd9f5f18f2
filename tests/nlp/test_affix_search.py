"""The suffix and infix searches of the blank pipelines (nlp.affix_search) skip words without
running spaCy's patterns: they must answer exactly as those patterns do."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from spacy.lang.tokenizer_exceptions import URL_PATTERN
from spacy.util import compile_infix_regex, compile_suffix_regex, get_lang_class

from nlp.affix_search import InfixFinditer, SuffixSearch, UrlMatch, always_holds, edge_characters
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


def random_words(count: int, seed: int) -> list[str]:
    return random_strings(ALPHABET, count, seed, longest=9)


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
    assert [span(suffix_search.search(w)) for w in words] == [
        span(suffixes.search(w)) for w in words
    ]
    assert [spans(infix_finditer.finditer(w)) for w in words] == [
        spans(infixes.finditer(w)) for w in words
    ]


def test_english_searches_are_prefiltered() -> None:
    defaults = get_lang_class("en").Defaults
    assert SuffixSearch(compile_suffix_regex(defaults.suffixes or ())).last_characters is not None
    assert InfixFinditer(compile_infix_regex(defaults.infixes or ())).first_characters is not None


def test_edge_characters_of_small_patterns() -> None:
    pattern = re.compile(r"(?<=[0-9])(?:km|m)$|\.\.+$|'s$|[xy]z?$")
    assert edge_characters(pattern, last=True) == frozenset("ms.xyz")
    assert edge_characters(pattern, last=False) == frozenset("km.'xy")


@pytest.mark.parametrize(
    "pattern",
    [re.compile(p) for p in (r"a$|b?$", r"\w+$", r"[^a]$", r"(?i:a)$", r"(?<=x)$")]
    + [re.compile("a$", re.IGNORECASE)],
)
def test_patterns_it_cannot_read_are_searched_as_they_are(pattern: re.Pattern[str]) -> None:
    assert edge_characters(pattern, last=True) is None
    for word in ["zzab", "b", "A", "", "a\n", "x"]:
        assert span(SuffixSearch(pattern).search(word)) == span(pattern.search(word))


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
