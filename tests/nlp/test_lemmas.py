"""Lemma tables read straight from spacy-lookups-data, in memory or indexed on disk."""

from __future__ import annotations

import gc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import nlp.lemma_index
from nlp.lemma_index import LemmaIndex, build_lemma_index, lemma_index_path, lemma_lookup
from nlp.lemmas import has_lemma_table, lemma_table, lemma_table_source, single_lemmas
from nlp.pipeline import build_pipeline
from nlp.signals import doc_signals

FRENCH = "Les enfants chantaient des chansons"


@pytest.fixture(scope="module")
def lemma_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the module: the French index takes seconds to build."""
    return tmp_path_factory.mktemp("lemmas")


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
    assert lemma_table_source("ar") is None


def test_the_source_is_the_file_spacy_reads() -> None:
    # spacy-lookups-data registers "en_lemma_lookup.json" and ships it gzipped.
    source = lemma_table_source("en")
    assert source is not None
    assert source.is_file()
    assert source.name in ("en_lemma_lookup.json", "en_lemma_lookup.json.gz")


def test_french_comments_are_lemmatised() -> None:
    # Every French entry is a one-element list; read as a string table they were all lost.
    nlp = build_pipeline("fr")
    signals = doc_signals(nlp(FRENCH))
    assert signals.content_lemmas == {"enfant", "chanter", "chanson"}


def test_an_index_answers_as_its_table_does(tmp_path: Path) -> None:
    table = {"chantaient": "chanter", "Running": "run", "ran": "run"}
    build_lemma_index(table, tmp_path / "index.sqlite3")
    index = LemmaIndex(tmp_path / "index.sqlite3")
    assert index.get("chantaient") == "chanter"
    assert index.get("running") is None  # forms are matched as written
    assert index.get("sang", "sing") == "sing"
    assert index["ran"] == "run"
    with pytest.raises(KeyError):
        index["sang"]
    assert "Running" in index
    assert "running" not in index
    assert len(index) == 3
    assert list(index) == ["Running", "chantaient", "ran"]  # by code point: R < c < r
    assert dict(index) == table
    assert [p.name for p in tmp_path.iterdir()] == ["index.sqlite3"]  # no temporary file left


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_real_index_holds_exactly_the_tables_entries(language: str, lemma_cache: Path) -> None:
    index = lemma_lookup(language, lemma_cache)
    assert isinstance(index, LemmaIndex)
    assert dict(index.items()) == lemma_table(language)


def test_french_comments_are_lemmatised_the_same_from_the_index(lemma_cache: Path) -> None:
    on_disk = doc_signals(build_pipeline("fr", None, lemma_cache)(FRENCH))
    assert on_disk == doc_signals(build_pipeline("fr")(FRENCH))
    assert on_disk.content_lemmas == {"enfant", "chanter", "chanson"}


def test_an_index_is_built_once_then_opened(tmp_path: Path) -> None:
    lemma_lookup("id", tmp_path)
    (built,) = tmp_path.iterdir()
    written = built.stat().st_mtime_ns
    assert isinstance(lemma_lookup("id", tmp_path), LemmaIndex)
    assert list(tmp_path.iterdir()) == [built]
    assert built.stat().st_mtime_ns == written
    assert built.name.startswith("id-")


def test_a_changed_source_file_gets_a_new_index(tmp_path: Path) -> None:
    source = tmp_path / "xx_lemma_lookup.json"
    source.write_text("{}")
    cache = tmp_path / "cache"
    first = lemma_index_path("xx", source, cache)
    source.write_text('{"a": "b"}')  # another size: another version of the package's table
    second = lemma_index_path("xx", source, cache)
    assert first != second
    assert sorted(cache.iterdir()) == sorted([first, second])


def test_a_cache_that_cannot_be_written_leaves_the_table_in_memory(tmp_path: Path) -> None:
    blocking_file = tmp_path / "not-a-folder"
    blocking_file.write_text("")
    lemmas = lemma_lookup("id", blocking_file / "lemmas")
    assert isinstance(lemmas, dict)
    assert lemmas == lemma_table("id")


def test_a_language_without_a_table_writes_no_index(tmp_path: Path) -> None:
    assert lemma_lookup("ar", tmp_path) == {}
    assert list(tmp_path.iterdir()) == []


def test_threads_share_an_index(tmp_path: Path) -> None:
    table = {f"form{i}": f"lemma{i}" for i in range(2000)}
    build_lemma_index(table, tmp_path / "index.sqlite3")
    index = LemmaIndex(tmp_path / "index.sqlite3")
    forms = [*table, "missing"] * 4
    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(index.get, forms))
    assert found == [table.get(form) for form in forms]


def test_a_forked_process_opens_its_own_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite's connections must not cross a fork: another process id means another connection.
    build_lemma_index({"ran": "run"}, tmp_path / "index.sqlite3")
    index = LemmaIndex(tmp_path / "index.sqlite3")
    opened_by_parent = index._connection
    monkeypatch.setattr(nlp.lemma_index, "getpid", lambda: -1)
    assert index.get("ran") == "run"
    assert index._connection is not opened_by_parent
    reopened = index._connection
    assert index.get("ran") == "run"
    assert index._connection is reopened  # once per process
