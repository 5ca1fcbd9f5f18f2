"""A form of letters only is read without the tests that cannot pass for it
(`SignalsComponent.read_letters`), giving exactly the reading of any form (`read_any`)."""

from __future__ import annotations

import sys
from typing import cast

import pytest

from bench.analyze_small import REACTIONS, SENTENCES
from nlp.lexicon import DEFAULT_LANGUAGES
from nlp.pipeline import build_multilingual_pipeline, build_pipeline
from nlp.readings import EMOJI_PART_CHARACTER
from nlp.signals import SIGNALS_COMPONENT, SignalsComponent
from nlp.token_kinds import EMOJI
from tests.nlp.random_text import random_strings

# Letters of several scripts and cases, interjections, stop words and Turkish particles, so
# random words meet every branch of a reading: lemma found or not, lower-cased or not.
PIECES = [
    *"aehjklorswxdgmi",
    *"AEHLO",
    "İ",
    "ǅ",
    "ß",
    "ı",
    "ü",
    "é",
    "ñ",
    "ه",
    "ا",
    "ک",
    "ja",
    "ha",
    "lol",
    "the",
    "mı",
    "wk",
    "ing",
    "ed",
    "s",
]
# Separators, so a random text holds several words; marks and emoji, so not every form is read
# through read_letters.
SEPARATORS = [" ", " ", " ", "!", "?", "😂", "@", "#", "'", "."]


def test_no_letter_is_an_emoji_or_part_of_one() -> None:
    letters = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isalpha()]
    assert len(letters) > 100_000
    assert not [c for c in letters if EMOJI_PART_CHARACTER.search(c) or EMOJI.search(c)]


@pytest.mark.parametrize("language", ["en", "fr", "tr", "id", "ar", "xx"])
def test_letters_read_as_any_form(language: str) -> None:
    if language == "xx":
        nlp = build_multilingual_pipeline(list(DEFAULT_LANGUAGES))
    else:
        nlp = build_pipeline(language)
    component = cast(SignalsComponent, nlp.get_pipe(SIGNALS_COMPONENT))
    words = random_strings(PIECES, 3000, seed=7, longest=4)
    glue = random_strings(SEPARATORS, 3000, seed=8, longest=2)
    texts = [*REACTIONS, *SENTENCES.get(language, SENTENCES["en"])]
    texts += ["".join(pair) for pair in zip(words, glue, strict=True)]
    read = 0
    for doc in map(nlp.make_doc, texts):
        for token in doc:
            if token.text.isalpha():
                assert component.read_letters(token, token.text) == component.read_any(
                    token, token.text
                ), token.text
                read += 1
    assert read > 2000
