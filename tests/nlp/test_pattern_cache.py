"""Compiled patterns kept on disk (nlp.pattern_cache) are the patterns `re.compile` makes, read
back without compiling, and a cache file that is not whole, or a folder that cannot be written,
changes nothing but the time."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from spacy.util import compile_infix_regex, compile_suffix_regex, get_lang_class

from nlp import pattern_cache
from nlp.lexicon import DEFAULT_LANGUAGES, MULTILINGUAL
from nlp.pattern_cache import cached, compile_cached, compiled_parts

NAMED = r"(?P<word>[a-zäöü]+)(?:-(?P<other>\w+))?|(\d+)(?i:KM)$"


@pytest.fixture(autouse=True)
def _no_patterns_kept_in_this_process() -> Iterator[None]:
    compile_cached.cache_clear()  # so each test reads its own folder
    yield
    compile_cached.cache_clear()


def _no_compiling(*_: object) -> None:
    raise AssertionError("compiled again instead of read from the folder")


def test_a_kept_pattern_is_the_one_re_compile_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = compile_cached(NAMED, tmp_path)
    assert len(list(tmp_path.iterdir())) == 1
    compile_cached.cache_clear()
    monkeypatch.setattr(pattern_cache, "compiled_parts", _no_compiling)
    read = compile_cached(NAMED, tmp_path)
    expected = re.compile(NAMED)
    for pattern in (first, read):
        assert pattern == expected  # same text, flags and code
        assert (pattern.groups, pattern.groupindex) == (expected.groups, expected.groupindex)
    for text in ["straße-x1", "10km", "10KM", "-", "abc-"]:
        got, wanted = read.match(text), expected.match(text)
        assert (got and (got.span(), got.groups())) == (wanted and (wanted.span(), wanted.groups()))


@pytest.mark.parametrize("language", [*DEFAULT_LANGUAGES, MULTILINGUAL])
def test_spacys_suffixes_and_infixes_come_back_as_compiled(language: str, tmp_path: Path) -> None:
    defaults = get_lang_class(language).Defaults
    for expected in (
        compile_suffix_regex(defaults.suffixes or ()),
        compile_infix_regex(defaults.infixes or ()),
    ):
        compile_cached(expected.pattern, tmp_path)
        compile_cached.cache_clear()
        assert compile_cached(expected.pattern, tmp_path) == expected


def test_patterns_the_same_text_gives_are_shared_in_a_process(tmp_path: Path) -> None:
    assert compile_cached(NAMED, tmp_path) is compile_cached(NAMED, tmp_path)
    assert compile_cached(NAMED, None) == re.compile(NAMED)


@pytest.mark.parametrize(
    "damage",
    [
        lambda stored: stored[: len(stored) // 2],  # a write cut short
        lambda stored: stored.replace(b"[", b"{", 1),  # altered
        lambda stored: b"",
    ],
)
def test_a_damaged_file_is_computed_and_written_again(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    compile_cached(NAMED, tmp_path)
    (path,) = tmp_path.iterdir()
    intact = path.read_bytes()
    path.write_bytes(damage(intact))
    compile_cached.cache_clear()
    assert compile_cached(NAMED, tmp_path) == re.compile(NAMED)
    assert path.read_bytes() == intact


def test_parts_another_python_would_not_run_are_compiled_as_re_does(tmp_path: Path) -> None:
    # A stored list whose code this Python's matcher refuses: the pattern is compiled anew.
    key = f"{sys.version}\0{NAMED}"
    parts = compiled_parts(NAMED)
    assert parts is not None
    flags, code, groupindex, indexgroup = parts
    cached(tmp_path, "re", key, lambda: [flags, [999_999, *code], groupindex, indexgroup])
    assert compile_cached(NAMED, tmp_path) == re.compile(NAMED)


def test_a_folder_that_cannot_be_written_keeps_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert compile_cached(NAMED, blocked / "patterns") == re.compile(NAMED)
    assert cached(blocked, "kind", "key", lambda: [1, "a"]) == [1, "a"]


def test_values_are_kept_by_kind_and_key(tmp_path: Path) -> None:
    assert cached(tmp_path, "kind", "key", lambda: {"a": [1, None]}) == {"a": [1, None]}
    assert cached(tmp_path, "kind", "key", lambda: "computed again") == {"a": [1, None]}
    assert cached(tmp_path, "kind", "other key", lambda: 2) == 2
    assert cached(tmp_path, "other", "key", lambda: 3) == 3
    assert cached(None, "kind", "key", lambda: 4) == 4


def test_an_invalid_pattern_is_refused_as_re_refuses_it(tmp_path: Path) -> None:
    with pytest.raises(re.error):
        compile_cached("(?P<x>a", tmp_path)
