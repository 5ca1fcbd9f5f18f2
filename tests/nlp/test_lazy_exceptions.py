"""The tokenizer that adds its exceptions on demand splits every text exactly as spaCy's own
tokenizer made with all of them does."""

from __future__ import annotations

import pickle
import random
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

import pytest
from spacy.tokenizer import Tokenizer

from nlp import lazy_exceptions
from nlp.lazy_exceptions import LazyExceptionsTokenizer
from nlp.pipeline import build_multilingual_pipeline, build_pipeline, build_text_analyzer

# Real-looking comments, and exceptions written inside words, across spaces and after affixes.
COMMENTS = [
    "anak-anak Anak-anak kupu-kupu bermain di luar (anak-anak)",
    "e.g. U.S.A. Dr. Smith a.m. don't can't y'all #tbt @ann. 😂",
    "a. m. a.m. a - m. don ' t do n't",
    "C'est l'été, qu'est-ce que tu fais aujourd'hui ?",
    "Ik heb 't gisteren gezien, 's avonds m.a.w. d.w.z. z'n",
    "\n\n  \t lol :) :-( <3 http://example.com/a-b?x=1",
]


def _tokens(tokenizer: Tokenizer, text: str) -> list[tuple[str, str, str]]:
    return [(t.text, t.whitespace_, t.norm_) for t in tokenizer(text)]


@cache
def _eager(language: str) -> Tokenizer:
    """spaCy's tokenizer with every exception, made with the lazy one's arguments."""
    nlp = build_pipeline(language) if language != "xx" else build_multilingual_pipeline(["en"])
    made = nlp.tokenizer
    assert isinstance(made, LazyExceptionsTokenizer)
    return Tokenizer(nlp.vocab, made.rules, *_arguments(made))


def _lazy(language: str) -> LazyExceptionsTokenizer:
    """A new lazy tokenizer, made as `_eager(language)` is."""
    eager = _eager(language)
    return LazyExceptionsTokenizer(eager.vocab, eager.rules, *_arguments(eager))


def _arguments(tokenizer: Tokenizer) -> tuple[Any, ...]:
    return (
        tokenizer.prefix_search,
        tokenizer.suffix_search,
        tokenizer.infix_finditer,
        tokenizer.token_match,
        tokenizer.url_match,
    )


def _exception_soup(rules: list[str], seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        picked = rng.sample(rules, rng.choice((1, 2, 3)))
        joined = rng.choice(["", " ", "-", "(", ".", "\n"]).join(picked)
        texts.append(rng.choice(["", "(", "#", "¿"]) + joined + rng.choice(["", "!", ")", ":)"]))
    return texts


@pytest.mark.parametrize("language", ["id", "nl", "en", "fr", "xx"])
def test_each_text_splits_as_with_every_exception_added(language: str) -> None:
    eager, lazy = _eager(language), _lazy(language)
    for text in COMMENTS + _exception_soup(sorted(lazy.rules), seed=13, count=300):
        assert _tokens(lazy, text) == _tokens(eager, text), text
    assert lazy.pending_exceptions() > 0  # still lazy: the test saw it add some, not all


def test_a_new_tokenizer_adds_only_what_its_first_text_may_use() -> None:
    eager = _eager("id")
    for text in _exception_soup(sorted(eager.rules), seed=7, count=40):
        fresh = _lazy("id")
        assert _tokens(fresh, text) == _tokens(eager, text), text
        assert fresh.pending_exceptions() > len(fresh.rules) - 50


def test_after_enough_text_every_exception_is_added(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lazy_exceptions, "EAGER_AFTER_CHARACTERS", 50)
    lazy = _lazy("id")
    lazy("kupu-kupu")
    assert 0 < lazy.pending_exceptions() < len(lazy.rules)
    lazy("x" * 60)
    assert lazy.pending_exceptions() == 0


def test_rules_list_every_exception_and_survive_pickling() -> None:
    eager, lazy = _eager("id"), _lazy("id")
    assert lazy.rules == eager.rules
    copy = pickle.loads(pickle.dumps(lazy))
    assert isinstance(copy, LazyExceptionsTokenizer)
    assert copy.rules == eager.rules
    assert _tokens(copy, COMMENTS[0]) == _tokens(eager, COMMENTS[0])


def test_setting_the_rules_adds_them_all() -> None:
    lazy = _lazy("id")
    lazy.rules = {"foo-bar": [{65: "foo-bar"}]}
    assert lazy.pending_exceptions() == 0
    assert [t.text for t in lazy("foo-bar anak-anak")] == ["foo-bar", "anak", "-", "anak"]


def test_preloading_adds_every_exception() -> None:
    analyzer = build_text_analyzer(["en", "id"])
    analyzer.preload()
    for language in ("en", "id", "xx"):
        tokenizer = analyzer.pipeline(language).tokenizer
        assert isinstance(tokenizer, LazyExceptionsTokenizer)
        assert tokenizer.pending_exceptions() == 0


def test_threads_sharing_one_tokenizer_split_as_spacy_does() -> None:
    eager, lazy = _eager("id"), _lazy("id")
    texts = _exception_soup(sorted(eager.rules), seed=21, count=400)
    with ThreadPoolExecutor(max_workers=4) as pool:
        split = list(pool.map(lambda text: _tokens(lazy, text), texts))
    assert split == [_tokens(eager, text) for text in texts]
