"""The blank pipelines' tokenizer is made with hashtags kept whole from the start, and splits
text exactly as spaCy's own tokenizer does once its "#" prefix is taken out afterwards (the way
it was made before, which loaded every tokenizer exception twice)."""

from __future__ import annotations

from functools import cache

import pytest
import spacy
from spacy.tokenizer import Tokenizer
from spacy.util import compile_prefix_regex

from nlp.pipeline import build_multilingual_pipeline, build_pipeline

TEXTS = [
    "#tbt ＃tbt (#wow) #",
    "anak-anak Anak-anak kupu-kupu bermain di luar",
    "e.g. U.S.A. Dr. Smith a.m. don't can't y'all",
    "so cute :) :-( <3 😂😂 http://example.com/a-b?x=1 www.test.org",
    "@ann. hello\n\nnew line\ttab  two spaces",
    "C'est l'été, qu'est-ce que tu fais aujourd'hui ?",
    "mother-in-law co-op 5km 10:30 $5.99 ...",
]


@cache  # Indonesian's blank pipeline takes seconds to build: once a language
def _spacy_tokenizer(language: str) -> Tokenizer:
    """spaCy's blank pipeline's tokenizer after taking "#" out of its prefixes."""
    nlp = spacy.blank(language)
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    prefixes = [p for p in nlp.Defaults.prefixes or () if p not in ("#", "＃")]
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    return tokenizer


def _spacy_tokens(language: str, text: str) -> list[str]:
    return [token.text for token in _spacy_tokenizer(language)(text)]


@pytest.mark.parametrize("language", ["en", "id"])
def test_tokens_are_those_of_spacys_tokenizer_without_the_hashtag_prefix(language: str) -> None:
    tokenizer = build_pipeline(language).tokenizer
    for text in TEXTS:
        assert [token.text for token in tokenizer(text)] == _spacy_tokens(language, text), text


def test_the_multilingual_pipeline_tokenizes_as_spacys_too() -> None:
    tokenizer = build_multilingual_pipeline(["en", "es"]).tokenizer
    for text in TEXTS:
        assert [token.text for token in tokenizer(text)] == _spacy_tokens("xx", text), text


def test_hashtags_stay_whole_and_each_language_keeps_its_exceptions() -> None:
    text = "#tbt (#wow) anak-anak e.g."
    english = [token.text for token in build_pipeline("en").tokenizer(text)]
    indonesian = [token.text for token in build_pipeline("id").tokenizer(text)]
    # Indonesian lists reduplicated words as exceptions; English lists "e.g.".
    assert english == ["#tbt", "(", "#wow", ")", "anak", "-", "anak", "e.g."]
    assert indonesian == ["#tbt", "(", "#wow", ")", "anak-anak", "e.g", "."]
