"""Routing comments to language pipelines, batching, caching, and the optional trained model."""

from __future__ import annotations

import pytest
import spacy

from nlp.pipeline import (
    TextAnalyzer,
    build_pipeline,
    build_text_analyzer,
    comment_signals,
    signals_by_comment,
)
from nlp.signals import SIGNALS_COMPONENT, doc_signals
from nlp.thread import Comment

ENGLISH = "I really think this is the best video I have seen this year"
SPANISH = "Me encanta esta canción, la escucho todos los días"
TEXTS = [
    ENGLISH,
    "so true",
    SPANISH,
    "@ann 😂",
    "Why would anyone cook their pasta for that long?",
    "¿Dónde compraste esos zapatos tan bonitos?",
    "lol",
    ENGLISH,
]


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    return build_text_analyzer(["en", "es"], batch_size=2)


def test_an_english_and_a_spanish_comment_go_to_different_pipelines(
    analyzer: TextAnalyzer,
) -> None:
    english, spanish = comment_signals(analyzer, [ENGLISH, SPANISH])
    assert (english.language, spanish.language) == ("en", "es")
    # Each was lemmatised with its own language's table: "seen" -> "see", "canción" kept.
    assert "see" in english.content_lemmas
    assert {"encantar", "canción", "escuchar"} <= spanish.content_lemmas


def test_short_text_goes_to_the_multilingual_pipeline(analyzer: TextAnalyzer) -> None:
    (signals,) = comment_signals(analyzer, ["so true"])
    assert signals.language == "xx"
    assert signals.content_lemmas == {"true"}  # "so" is an English stop word


def test_batches_give_the_same_as_one_by_one_in_input_order(analyzer: TextAnalyzer) -> None:
    together = comment_signals(analyzer, TEXTS)
    alone = [comment_signals(analyzer, [text])[0] for text in TEXTS]
    assert together == alone
    assert [s.language for s in together] == ["en", "xx", "es", "xx", "en", "es", "xx", "en"]


def test_signals_are_keyed_by_comment_id(analyzer: TextAnalyzer) -> None:
    comments = [
        Comment(id="a", reply_to=None, author="ann", text=SPANISH),
        Comment(id="b", reply_to="a", author="bob", text="@ann 😂"),
    ]
    signals = signals_by_comment(analyzer, comments)
    assert list(signals) == ["a", "b"]
    assert signals["b"].is_tag_only
    assert signals["a"].language == "es"


def test_every_pipeline_ends_in_the_signals_component(analyzer: TextAnalyzer) -> None:
    assert analyzer.languages == ("en", "es")
    for language in ("en", "es", "xx"):
        assert analyzer.pipeline(language).pipe_names[-1] == SIGNALS_COMPONENT


def test_pipelines_are_built_once_on_first_use() -> None:
    analyzer = build_text_analyzer(["en", "es"])
    assert analyzer.pipeline("en") is analyzer.pipeline("en")
    comment_signals(analyzer, ["the cats were running home"])
    assert analyzer.pipeline("es") is not analyzer.pipeline("en")


def test_a_missing_trained_package_falls_back_to_the_blank_pipeline() -> None:
    nlp = build_pipeline("en", trained="parley_no_such_package")
    assert nlp.pipe_names == [SIGNALS_COMPONENT]
    assert doc_signals(nlp("the cats were running")).content_lemmas == {"cat", "run"}


@pytest.mark.skipif(
    not spacy.util.is_package("en_core_web_sm"), reason="en_core_web_sm is not installed"
)
def test_trained_pipeline_tags_auxiliaries() -> None:
    nlp = build_pipeline("en", trained="en_core_web_sm")
    assert "tagger" in nlp.pipe_names
    # Blank pipelines take any opening "do" as a question; the tagger tells the verb apart.
    assert doc_signals(nlp("Do you like cats")).is_question
    assert not doc_signals(nlp("Do it now")).is_question
