"""Per-comment signals from the "parley_signals" component, on hand-written comments.

Each text goes straight into one language's pipeline, so detection plays no part here.
"""

from __future__ import annotations

from functools import cache
from typing import cast

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler

from nlp.pipeline import build_multilingual_pipeline, build_pipeline
from nlp.results import CommentSignals
from nlp.signals import SIGNALS_COMPONENT, SignalsComponent, doc_signals


@cache
def pipeline(language: str) -> Language:
    if language == "xx":
        return build_multilingual_pipeline(["en", "es"])
    return build_pipeline(language)


def read(text: str, language: str = "en") -> CommentSignals:
    return doc_signals(pipeline(language)(text))


def test_mentions_hashtags_and_urls() -> None:
    signals = read("@bob_99 see https://x.com/a?b=1 and www.foo.org #Cats #tbt. ＠ana!")
    assert signals.mentions == ("bob_99", "ana")
    assert signals.hashtags == ("Cats", "tbt")
    assert signals.urls == ("https://x.com/a?b=1", "www.foo.org")
    # The "?" inside the link asks nothing.
    assert not signals.is_question


def test_an_email_address_is_no_mention() -> None:
    signals = read("write to me@example.com")
    assert signals.mentions == ()
    assert signals.tokens == 3  # write, to, me@example.com


def test_emoji_sequences_count_once() -> None:
    # thumbs up + skin tone; family joined by zero-width joiners; a flag; a keycap; a heart + VS16
    signals = read("👍🏽 👨‍👩‍👧 🇪🇸 1️⃣ ❤️")
    assert signals.emoji == ("👍🏽", "👨\u200d👩\u200d👧", "🇪🇸", "1️⃣", "❤️")
    assert signals.tokens == 0
    assert signals.is_tag_only


def test_tokens_are_words_not_punctuation_or_emoji() -> None:
    # "Cats" "are" "great" "@ann" count; "!", "!", "😂" do not.
    assert read("Cats are great!! 😂 @ann").tokens == 4


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("is this real", "en"),
        ("what do you think about cats", "en"),
        ("¿Dónde compraste esos zapatos?", "es"),
        ("dónde compraste esos zapatos", "es"),
        ("por qué hiciste eso", "es"),
        ("pourquoi tu fais ça", "fr"),
        ("Est-ce que tu viens demain", "fr"),
        ("warum machst du das", "de"),
        ("kenapa kucing itu lucu sekali", "id"),
        ("bu kedi senin mi", "tr"),  # the yes/no particle "mi"
        ("كيف حالك اليوم", "ar"),
        ("وہ کب آئے گا؟", "ur"),
        ("ok？", "xx"),  # a full-width question mark, in any language
    ],
)
def test_questions(text: str, language: str) -> None:
    assert read(text, language).is_question


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("this is real", "en"),
        ("What a goal!", "en"),  # exclaims
        ("¡Qué bonito!", "es"),
        ("why not", "xx"),  # too short to detect: only question marks count there
        ("mi casa es tu casa", "es"),  # "mi" is a question particle in Turkish only
    ],
)
def test_not_questions(text: str, language: str) -> None:
    assert not read(text, language).is_question


def test_content_lemmas_from_lookup_tables() -> None:
    assert read("the cats were running").content_lemmas == {"cat", "run"}
    assert read("me encantan los gatos", "es").content_lemmas == {"encantar", "gato"}


def test_content_lemmas_without_a_table_are_lower_cased_forms() -> None:
    # Arabic has no lemma table in spacy-lookups-data; "في" (in) is a stop word.
    assert read("القطط في البيت", "ar").content_lemmas == {"القطط", "البيت"}


def test_multilingual_fallback_uses_every_configured_stop_list() -> None:
    # "the" is an English stop word, "los" a Spanish one; the fallback knows both.
    assert read("the gatos los cats", "xx").content_lemmas == {"gatos", "cats"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("lol", "en"),
        ("hahahaha same lol", "en"),
        ("first!!!", "en"),
        ("jajajaja", "es"),
        ("kkkkkkk", "pt"),
        ("wkwkwk", "id"),
        ("xD", "xx"),
        ("...", "en"),
        ("#fyp #viral", "en"),  # hashtags are not words of the comment
        ("", "en"),
    ],
)
def test_low_content(text: str, language: str) -> None:
    signals = read(text, language)
    assert signals.is_low_content
    assert signals.content_lemmas == frozenset()


def test_a_content_word_beside_interjections_is_content() -> None:
    signals = read("lol first time I hear this song")
    assert not signals.is_low_content
    assert signals.content_lemmas == {"time", "hear", "song"}


@pytest.mark.parametrize(
    ("text", "tag_only"),
    [
        ("@ann", True),
        ("@ann @bob 😂😂", True),
        ("😍", True),
        ("@ann !!", True),
        ("...", False),  # nothing tags anyone
        ("@ann look", False),
        ("@ann #fyp", False),
        ("@ann https://x.com", False),
    ],
)
def test_tag_only(text: str, tag_only: bool) -> None:
    signals = read(text)
    assert signals.is_tag_only is tag_only
    if signals.is_tag_only:
        assert signals.is_low_content  # nothing but tags leaves no content word


def test_language_is_the_pipelines() -> None:
    assert read("hola", "es").language == "es"
    assert read("hola", "xx").language == "xx"


def test_a_form_tagged_differently_in_context_is_read_again() -> None:
    # A component before the signals one tags "cool" as an interjection only before a comma, so
    # the same form is a content word in one comment and not in the next: readings are cached per
    # form, lemma and tag then, not per form alone.
    nlp = spacy.blank("en")
    ruler = cast(AttributeRuler, nlp.add_pipe("attribute_ruler"))
    ruler.add([[{"LOWER": "cool"}, {"ORTH": ","}]], {"POS": "INTJ"}, index=0)
    nlp.add_pipe(SIGNALS_COMPONENT)
    assert doc_signals(nlp("cool, nice idea")).content_lemmas == {"nice", "idea"}
    assert doc_signals(nlp("a cool idea")).content_lemmas == {"cool", "idea"}


class _CountingLemmas(dict[str, str]):
    """A lemma table that records the forms looked up in it."""

    def __init__(self, table: dict[str, str]) -> None:
        super().__init__(table)
        self.asked: list[str] = []

    def get(self, form: str, default: str | None = None) -> str | None:  # type: ignore[override]
        self.asked.append(form)
        return super().get(form, default)


def test_a_form_is_looked_up_as_written_then_lower_cased_once_each() -> None:
    # A table on disk costs a query per look-up: a lower-case form is not looked up twice.
    lemmas = _CountingLemmas({"running": "run", "Paris": "Paris"})
    component = SignalsComponent("en", lemmas)
    tokens = spacy.blank("en")("running Running Paris gone")
    assert [component.lookup_lemma(token) for token in tokens] == ["run", "run", "Paris", "gone"]
    assert lemmas.asked == ["running", "Running", "running", "Paris", "gone"]
