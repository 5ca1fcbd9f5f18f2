"""The stand-ins for spaCy's lexical attribute getters (nlp.lexeme_getters) must answer exactly
as spaCy's own functions do, on every form a vocabulary may be asked about (any but "")."""

from __future__ import annotations

from functools import partial

from spacy.lang import lex_attrs

from nlp.lexeme_getters import STAND_INS, faster_getters, like_url
from nlp.pipeline import build_pipeline
from tests.nlp.random_text import random_strings

ALPHABET = [*"abcwhtpsWHT09.:/@-_?#=~ \t\n", *"é😂ı。"]
FORMS = [
    "http://localhost",
    "https://x",
    "http:/",
    "www.x",
    "www.",
    "example.com",
    "example.com/",
    "a.b",
    "x.",
    ".x",
    "me@example.com",
    "me@example",
    "@me",
    "a+b@c-d.e.f",
    "10.0.0.1:8080",
    "e.g.",
    "hello",
    "😂",
    "HTTP://X",
    "ftp://example",
]


def random_forms(count: int, seed: int) -> list[str]:
    return random_strings(ALPHABET, count, seed, longest=12)


def test_stand_ins_answer_as_spacys_getters() -> None:
    forms = [*FORMS, *random_forms(20_000, seed=1)]
    for spacys, stand_in in STAND_INS.items():
        assert [stand_in(form) for form in forms] == [spacys(form) for form in forms], spacys


def test_like_url_reads_urls_without_a_dot_by_their_scheme() -> None:
    assert like_url("http://localhost")
    assert like_url("https://x")
    assert not like_url("localhost")
    assert not like_url("")


def test_a_languages_own_getters_are_kept() -> None:
    own = partial(lex_attrs.is_stop, stops={"the"})
    getters = faster_getters({1: lex_attrs.is_alpha, 9: lex_attrs.like_url, 12: own})
    assert getters == {1: str.isalpha, 9: like_url, 12: own}


def test_blank_pipelines_use_them() -> None:
    nlp = build_pipeline("en")
    getters = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]  # not in spaCy's stubs
    assert like_url in getters.values()
    assert lex_attrs.like_url not in getters.values()
    doc = nlp("see www.example.com or http://localhost, not localhost")
    assert [t.text for t in doc if t.like_url] == ["www.example.com", "http://localhost"]
