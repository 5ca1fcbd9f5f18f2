"""Lemma tables read straight from spacy-lookups-data."""

from __future__ import annotations

import gc

from nlp.lemmas import has_lemma_table, lemma_table, single_lemmas
from nlp.pipeline import build_pipeline
from nlp.signals import doc_signals


def test_single_lemmas_unwraps_one_element_lists_and_drops_ambiguous_entries() -> None:
    table: dict[str, object] = {
        "running": "run",
        "chantaient": ["chanter"],  # French style: the single lemma inside a list
        "fils": ["fil", "fils"],  # two lemmas: ambiguous, the form keeps its own spelling
        "empty": "",
    }
    assert single_lemmas(table) == {"running": "run", "chantaient": "chanter"}


def test_a_table_of_strings_is_kept_as_it_is() -> None:
    table: dict[str, object] = {"running": "run", "ran": "run"}
    assert single_lemmas(table) == {"running": "run", "ran": "run"}


def test_tables_hold_only_strings_so_the_garbage_collector_skips_them() -> None:
    french = lemma_table("fr")
    assert french["chantaient"] == "chanter"
    assert not gc.is_tracked(french)


def test_languages_without_a_table_get_none() -> None:
    assert has_lemma_table("en")
    assert has_lemma_table("fr")
    assert not has_lemma_table("ar")
    assert lemma_table("ar") == {}


def test_french_comments_are_lemmatised() -> None:
    # Every French entry is a one-element list; read as a string table they were all lost.
    nlp = build_pipeline("fr")
    signals = doc_signals(nlp("Les enfants chantaient des chansons"))
    assert signals.content_lemmas == {"enfant", "chanter", "chanson"}
