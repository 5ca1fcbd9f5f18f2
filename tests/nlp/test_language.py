"""Language detection: restricted to the configured languages, short texts to the fallback."""

from __future__ import annotations

from typing import cast

import pytest
from lingua import Language, LanguageDetector

from nlp.language import (
    _NOT_LANGUAGE,
    _WORD,
    UnsupportedLanguage,
    build_language_detector,
    detect_languages,
    language_text,
    stop_words,
    telltale_language,
    telltale_words,
)
from tests.nlp.random_text import random_strings

DETECTOR = build_language_detector(["en", "es", "de", "id"])
TELLTALES = telltale_words(["en", "es", "de", "id"])


def test_each_text_gets_its_language_in_input_order() -> None:
    texts = [
        "I really think this is the best video I have seen this year",
        "Me encanta esta canción, la escucho todos los días",
        "Ich finde das Video wirklich sehr gut gemacht",
        "Aku suka sekali dengan video ini, sangat lucu",
    ]
    assert detect_languages(DETECTOR, texts) == ["en", "es", "de", "id"]


def test_short_texts_go_to_the_fallback_without_detection() -> None:
    # Two words of letters are too few to tell; handles, tags, links and emoji are not words.
    texts = ["so true", "@ann @bob #fyp https://x.com/a 😂 lol", "", "123 456 789"]
    assert detect_languages(DETECTOR, texts) == ["xx", "xx", "xx", "xx"]


def test_the_minimum_word_count_is_configurable() -> None:
    assert detect_languages(DETECTOR, ["muchas gracias amigo"], min_words=4) == ["xx"]
    assert detect_languages(DETECTOR, ["muchas gracias amigo"], min_words=3) == ["es"]


def test_language_text_keeps_only_words() -> None:
    assert language_text("@ann look #here: https://x.com/a?b=1 wow 😂 2024") == "look wow"


def test_language_text_removes_handles_tags_and_links_only_where_they_may_start() -> None:
    # language_text skips the removal in texts without "@", "#", "http" or "www.": the same
    # words as with the removal, on texts made of those pieces, parts of them and words.
    pieces = ["@", "＠", "#", "＃", "http", "https://", "www.", "ww", "w.", "htt", "p://"]
    pieces += ["ann", "Wow", "ça", "x.com", "/a?b=1", " ", " ", ":", "2", "😂"]
    texts = random_strings(pieces, 5000, seed=3, longest=8)
    for text in texts:
        expected = " ".join(_WORD.findall(_NOT_LANGUAGE.sub(" ", text)))
        assert language_text(text) == expected, text


def test_only_configured_languages_are_chosen() -> None:
    # French text, but French is not configured: the answer is one of the four, or unknown.
    found = detect_languages(DETECTOR, ["Je pense que cette vidéo est vraiment magnifique"])
    assert found[0] in {"en", "es", "de", "id", "xx"}


def test_unsupported_language_codes_are_refused() -> None:
    with pytest.raises(UnsupportedLanguage):
        build_language_detector(["en", "qq"])


def test_one_language_is_no_choice() -> None:
    with pytest.raises(ValueError, match="at least two"):
        build_language_detector(["en", "xx"])


class RecordingDetector:
    """Passes texts on to the real detector and keeps what it was asked."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def detect_languages_in_parallel_of(self, texts: list[str]) -> list[Language | None]:
        self.asked.append(list(texts))
        return DETECTOR.detect_languages_in_parallel_of(texts)


def test_texts_with_the_same_words_are_detected_once() -> None:
    recording = RecordingDetector()
    texts = [
        "@ann this is so cute 😍",
        "@bob this is so cute",
        "this is so cute #fyp",
        "Ich finde das Video gut",
    ]
    found = detect_languages(cast(LanguageDetector, recording), texts)
    assert recording.asked == [["this is so cute", "Ich finde das Video gut"]]
    assert found == ["en", "en", "en", "de"]


def test_telltales_are_stop_words_of_exactly_one_language() -> None:
    assert TELLTALES["the"] == "en"
    assert TELLTALES["und"] == "de"
    assert TELLTALES["yang"] == "id"
    assert TELLTALES["pero"] == "es"
    # "a" is an English stop word but also a Spanish one, so it tells nothing.
    assert "a" in stop_words("en")
    assert "a" in stop_words("es")
    assert "a" not in TELLTALES
    assert "xx" not in TELLTALES.values()


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("the cat and the dog", "en"),  # four English telltales
        ("The best video", None),  # one telltale is not enough
        ("the video pero nada", None),  # English and Spanish telltales: lingua decides
        ("Fotos Katzen Hunde", None),  # no telltales at all
        ("Ich finde das Video gut und schön", "de"),
    ],
)
def test_telltale_language_needs_two_telltales_of_one_language(
    words: str, expected: str | None
) -> None:
    assert telltale_language(words, TELLTALES) == expected


def test_texts_settled_by_telltales_never_reach_lingua() -> None:
    recording = RecordingDetector()
    texts = ["this is the best video", "Ich finde das Video gut", "Fotos Katzen Hunde"]
    found = detect_languages(cast(LanguageDetector, recording), texts, telltales=TELLTALES)
    # "Ich finde das Video gut": ich and das are German telltales, so only the last asks lingua.
    assert recording.asked == [["Fotos Katzen Hunde"]]
    assert found[:2] == ["en", "de"]
