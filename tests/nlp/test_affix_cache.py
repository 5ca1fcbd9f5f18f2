"""The suffix and infix searches made with their readings kept on disk (nlp.affix_cache) hold
exactly the readings nlp.affix_search makes, and are shared by languages with the same
patterns."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.util import compile_infix_regex, compile_suffix_regex, get_lang_class

from nlp import affix_cache
from nlp.affix_cache import infix_finditer, suffix_search
from nlp.affix_search import first_characters, suffix_ends
from nlp.lexicon import DEFAULT_LANGUAGES, MULTILINGUAL


@pytest.fixture(autouse=True)
def _nothing_shared_between_tests() -> Iterator[None]:
    suffix_search.cache_clear()
    infix_finditer.cache_clear()
    yield
    suffix_search.cache_clear()
    infix_finditer.cache_clear()


def _not_read(*_: object) -> None:
    raise AssertionError("read again instead of taken from the folder")


@pytest.mark.parametrize("language", [*DEFAULT_LANGUAGES, MULTILINGUAL])
def test_kept_readings_are_the_readings(
    language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    defaults = get_lang_class(language).Defaults
    suffixes = compile_suffix_regex(defaults.suffixes or ())
    infixes = compile_infix_regex(defaults.infixes or ())
    ends, starts = suffix_ends(suffixes), first_characters(infixes)
    assert suffix_search(suffixes, tmp_path).ends == ends
    assert infix_finditer(infixes, tmp_path).first_characters == starts
    suffix_search.cache_clear()
    infix_finditer.cache_clear()
    monkeypatch.setattr(affix_cache, "suffix_ends", _not_read)
    monkeypatch.setattr(affix_cache, "first_characters", _not_read)
    assert suffix_search(suffixes, tmp_path).ends == ends
    assert infix_finditer(infixes, tmp_path).first_characters == starts


def test_patterns_that_cannot_be_told_are_kept_as_such(tmp_path: Path) -> None:
    negated = re.compile(r"[^a]$")  # a negated class: any last character
    assert suffix_search(negated, tmp_path).ends is None
    assert infix_finditer(re.compile(r"a*"), tmp_path).first_characters is None
    suffix_search.cache_clear()
    infix_finditer.cache_clear()
    assert suffix_search(negated, tmp_path).ends is None
    assert infix_finditer(re.compile(r"a*"), tmp_path).first_characters is None
    assert len(list(tmp_path.iterdir())) == 2


def test_the_same_pattern_makes_one_search(tmp_path: Path) -> None:
    suffixes = compile_suffix_regex(get_lang_class("en").Defaults.suffixes or ())
    re.purge()  # so that re.compile makes another pattern object, equal to `suffixes`
    equal = re.compile(suffixes.pattern)
    assert equal is not suffixes
    assert suffix_search(suffixes, tmp_path) is suffix_search(equal, tmp_path)


def test_a_change_to_the_reader_is_not_answered_by_older_readings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pattern = re.compile(r"(?:km|g)$|\.$")
    suffix_search(pattern, tmp_path)
    suffix_search.cache_clear()
    monkeypatch.setattr(affix_cache, "_reader_version", lambda: "another reader")
    suffix_search(pattern, tmp_path)
    assert len(list(tmp_path.iterdir())) == 2
    monkeypatch.setattr(affix_cache, "_reader_version", lambda: "")  # source unreadable
    suffix_search.cache_clear()
    suffix_search(pattern, tmp_path)
    assert len(list(tmp_path.iterdir())) == 2
