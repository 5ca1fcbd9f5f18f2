"""The small threads of bench.analyze_small: one per default language and a mixed one."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from bench.analyze_small import (
    COMMENTS,
    MIXED,
    REACTIONS,
    SENTENCES,
    THREADS,
    main,
    small_thread,
    thread_texts,
)
from bench.generate import generate_thread
from importers.payload import Payload
from importers.registry import import_payload
from nlp.lexicon import DEFAULT_LANGUAGES


def _language_of(text: str) -> str:
    """The language whose one or two sentences make `text`, or "reaction"."""
    if text in REACTIONS:
        return "reaction"
    (language,) = {
        code
        for code, sentences in SENTENCES.items()
        for first in sentences
        for second in ("", *sentences)
        if text == f"{first} {second}".strip() and first != second
    }
    return language


def test_there_is_a_thread_per_default_language_and_a_mixed_one() -> None:
    assert (*DEFAULT_LANGUAGES, MIXED) == THREADS
    assert set(SENTENCES) == set(DEFAULT_LANGUAGES)
    assert all(len(sentences) == 8 for sentences in SENTENCES.values())


@pytest.mark.parametrize("language", DEFAULT_LANGUAGES)
def test_a_languages_thread_is_90_of_its_comments_and_10_reactions(language: str) -> None:
    kinds = Counter(_language_of(text) for text in thread_texts(language))
    assert kinds == {language: 90, "reaction": 10}


def test_the_mixed_thread_is_mostly_english_with_two_of_every_other_language() -> None:
    kinds = Counter(_language_of(text) for text in thread_texts(MIXED))
    others = {code: 2 for code in DEFAULT_LANGUAGES if code != "en"}
    assert kinds == {"en": 60, "reaction": 20, **others}
    assert kinds.total() == COMMENTS == 100


def test_comments_are_one_or_two_sentences_and_vary() -> None:
    texts = thread_texts("fr")
    sentences = set(SENTENCES["fr"])
    assert any(text in sentences for text in texts)
    assert any(text not in sentences and text not in REACTIONS for text in texts)
    assert len(set(texts)) > 40  # repeats, as in a thread, but not one comment over and over


def test_replies_keep_their_mentions_and_the_structure_is_generated() -> None:
    thread = small_thread("tr")
    structure = generate_thread(COMMENTS, seed=13)
    for comment, generated in zip(thread["comments"], structure["comments"], strict=True):
        assert comment["reply_to"] == generated["reply_to"]
        if generated["text"].startswith("@"):
            assert comment["text"].split()[0] == generated["text"].split()[0]


@pytest.mark.parametrize("name", [MIXED, "ar"])
def test_a_thread_imports_whole_as_a_canonical_export(name: str) -> None:
    body = json.dumps(small_thread(name), ensure_ascii=False).encode()
    (imported,) = import_payload(Payload(body, filename=f"{name}.json"))
    assert imported.report.format == "canonical"
    assert len(imported.thread.comments) == COMMENTS
    assert imported.thread.external_id == f"bench-analyze-small-{name}"


def test_an_unknown_thread_is_refused_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--only", "en,xx,klingon"])
    assert "no thread klingon, xx" in capsys.readouterr().err
