"""A blank pipeline computes only the lexical attributes the signals component reads
(`LEXICAL_ATTRIBUTES`): its signals are those of a pipeline computing all of spaCy's."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.util import get_lang_class

from bench.analyze_small import REACTIONS, SENTENCES
from nlp.lexicon import DEFAULT_LANGUAGES
from nlp.pipeline import build_multilingual_pipeline, build_pipeline
from nlp.signals import LEXICAL_ATTRIBUTES, doc_signals

TEXTS = [
    *REACTIONS,
    "@bob_99 see https://x.com/a?b=1 and www.foo.org #Cats ＠ana! ann@example.com",
    "What a goal!!! 🇫🇷 1️⃣ 👩‍👩‍👧 lol 12.5 £30 ... “quoted” (brackets) ¿sí?",
    "Kamu mau ke mana? anak-anak mı gelmiyor musun? 3rd 4th CAPS Title",
]


@pytest.mark.parametrize("language", [*DEFAULT_LANGUAGES, "xx"])
def test_signals_are_those_with_every_lexical_attribute(language: str) -> None:
    def made() -> Any:
        if language == "xx":
            return build_multilingual_pipeline(list(DEFAULT_LANGUAGES))
        return build_pipeline(language)

    trimmed, full = made(), made()
    assert set(trimmed.vocab.lex_attr_getters) <= LEXICAL_ATTRIBUTES
    spacys: Any = get_lang_class(language)().vocab  # its type stubs lack lex_attr_getters
    full.vocab.lex_attr_getters = spacys.lex_attr_getters
    assert len(full.vocab.lex_attr_getters) > len(LEXICAL_ATTRIBUTES)
    texts = [*TEXTS, *SENTENCES.get(language, SENTENCES["en"])]
    for text in texts:
        assert doc_signals(trimmed(text)) == doc_signals(full(text)), text
