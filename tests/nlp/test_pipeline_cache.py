"""Pipelines are built lazily, once per language, also when many threads ask at once; a language
no comment is in is never built; lazy and preloaded analyzers give the same signals; and spaCy
is not imported until a pipeline is built."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from spacy.language import Language

import nlp.pipeline
from app.text_pipeline import lemma_cache_folder, pattern_cache_folder, preload_in_background
from nlp.affix_cache import infix_finditer, suffix_search
from nlp.lemma_index import LemmaIndex
from nlp.pattern_cache import compile_cached
from nlp.pipeline import PipelineCache, TextAnalyzer, build_text_analyzer, comment_signals
from nlp.signals import SIGNALS_COMPONENT, SignalsComponent

THREADS = 8
TEXTS = [
    "I really think this is the best video I have seen this year",
    "Me encanta esta canción, la escucho todos los días",
    "Das ist wirklich das beste Video, das ich dieses Jahr gesehen habe",
    "Questa canzone è bellissima, la ascolto tutti i giorni",
    "so true",
    "@ann 😂 #fyp",
    "Why would anyone cook their pasta for that long?",
    "¿Dónde compraste esos zapatos tan bonitos?",
    "Wo hast du diese schönen Schuhe gekauft?",
    "lol",
]


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each language's pipeline was built."""
    counted: Counter[str] = Counter()
    real_build = nlp.pipeline.build_pipeline

    def counting_build(
        language: str,
        trained: str | None = None,
        lemma_cache: Path | None = None,
        pattern_cache: Path | None = None,
    ) -> Language:
        counted[language] += 1
        return real_build(language, trained, lemma_cache, pattern_cache)

    monkeypatch.setattr(nlp.pipeline, "build_pipeline", counting_build)
    return counted


def test_a_language_is_built_once_when_many_threads_ask_at_once(builds: Counter[str]) -> None:
    analyzer = build_text_analyzer(["en", "es"])
    start = threading.Barrier(THREADS)

    def ask() -> Language:
        start.wait()
        return analyzer.pipeline("es")

    with ThreadPoolExecutor(THREADS) as pool:
        pipelines = list(pool.map(lambda _: ask(), range(THREADS)))
    assert builds == {"es": 1}
    assert all(p is pipelines[0] for p in pipelines)
    assert analyzer.built_pipelines() == {"es"}


def test_concurrent_analysis_builds_each_language_once(builds: Counter[str]) -> None:
    analyzer = build_text_analyzer(["en", "es", "de"])
    start = threading.Barrier(THREADS)

    def analyse() -> list[object]:
        start.wait()
        return list(comment_signals(analyzer, TEXTS[:3]))

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda _: analyse(), range(THREADS)))
    assert builds == {"en": 1, "es": 1, "de": 1}
    assert all(r == results[0] for r in results)


def test_a_key_being_built_does_not_hold_up_another() -> None:
    cache = PipelineCache()
    release = threading.Event()
    english = build_text_analyzer(["en", "es"]).pipeline("en")

    def slow_build() -> Language:
        release.wait(timeout=10)
        return english

    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(cache.get, "slow", slow_build)
        time.sleep(0.05)  # the slow build holds its key's lock
        started = time.perf_counter()
        assert cache.get("fast", lambda: english) is english
        assert time.perf_counter() - started < 1
        assert not slow.done()
        release.set()
        assert slow.result(timeout=10) is english
    assert cache.keys() == {"slow", "fast"}


def test_a_failed_build_is_not_cached() -> None:
    cache = PipelineCache()
    english = build_text_analyzer(["en", "es"]).pipeline("en")

    def failing() -> Language:
        raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):
        cache.get("en", failing)
    assert cache.get("en", lambda: english) is english


def test_a_language_no_comment_is_in_is_never_built(builds: Counter[str]) -> None:
    analyzer = build_text_analyzer(["en", "es", "fr", "id", "tr"])
    assert analyzer.built_pipelines() == frozenset()
    english_and_short = [TEXTS[0], TEXTS[4], TEXTS[5], TEXTS[6], TEXTS[9]]
    languages = {s.language for s in comment_signals(analyzer, english_and_short)}
    assert languages == {"en", "xx"}
    assert analyzer.built_pipelines() == {"en", "xx"}
    assert builds == {"en": 1}  # "xx" has its own builder


def test_lazy_and_preloaded_analyzers_give_identical_signals() -> None:
    languages = ["en", "es", "de", "it"]
    preloaded = build_text_analyzer(languages)
    preloaded.preload()
    assert preloaded.built_pipelines() == {"en", "es", "de", "it", "xx"}
    lazy = build_text_analyzer(languages)
    # One comment at a time, in reverse: each language is built in a different order and state.
    one_by_one = [comment_signals(lazy, [text])[0] for text in reversed(TEXTS)][::-1]
    assert one_by_one == comment_signals(preloaded, TEXTS)
    assert comment_signals(lazy, TEXTS) == comment_signals(preloaded, TEXTS)
    assert {s.language for s in one_by_one} == {"en", "es", "de", "it", "xx"}


def test_preloading_in_the_background_builds_every_pipeline() -> None:
    analyzer: TextAnalyzer = build_text_analyzer(["en", "es"])
    preload_in_background(analyzer).join(timeout=60)
    assert analyzer.built_pipelines() == {"en", "es", "xx"}


def test_spacy_is_imported_only_when_a_pipeline_is_built() -> None:
    # A fresh interpreter: this one imported spaCy above.
    script = """
import sys
import app.main
from nlp.analyze import analyze_thread
from nlp.language import detect_languages
from nlp.pipeline import build_text_analyzer
analyzer = build_text_analyzer(["en", "es"])
detect_languages(analyzer.detector, ["this is an English sentence"], 3, analyzer.telltales)
assert "spacy" not in sys.modules, "imported before any pipeline"
analyzer.pipeline("en")
assert "spacy" in sys.modules
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_lemmas_indexed_on_disk_give_the_same_signals_as_in_memory(tmp_path: Path) -> None:
    in_memory = build_text_analyzer(["en", "id"])
    on_disk = build_text_analyzer(["en", "id"], lemma_cache=tmp_path)
    texts = [*TEXTS, "Saya sudah mencoba resepnya kemarin dan hasilnya sangat enak sekali"]
    assert comment_signals(on_disk, texts) == comment_signals(in_memory, texts)
    component = on_disk.pipeline("id").get_pipe(SIGNALS_COMPONENT)
    assert isinstance(component, SignalsComponent)
    assert isinstance(component.lemmas, LemmaIndex)
    assert sorted(path.name[:3] for path in tmp_path.iterdir()) == ["en-", "id-"]


def test_the_service_indexes_lemmas_in_the_users_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert lemma_cache_folder() == tmp_path / "parley" / "lemmas"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert lemma_cache_folder() == tmp_path / "home" / ".cache" / "parley" / "lemmas"
    assert pattern_cache_folder() == tmp_path / "home" / ".cache" / "parley" / "patterns"


def test_patterns_kept_on_disk_give_the_same_signals(tmp_path: Path) -> None:
    texts = [*TEXTS, "C'est l'été, qu'est-ce que tu fais aujourd'hui ? #tbt 5km e.g."]
    expected = comment_signals(build_text_analyzer(["en", "es", "de", "it", "fr"]), texts)
    for _ in range(2):  # computed and kept, then read back
        compile_cached.cache_clear()
        suffix_search.cache_clear()
        infix_finditer.cache_clear()
        kept = build_text_analyzer(["en", "es", "de", "it", "fr"], pattern_cache=tmp_path)
        assert comment_signals(kept, texts) == expected
    kinds = Counter(path.name.split("-")[0] for path in tmp_path.iterdir())
    assert set(kinds) == {"re", "suffix", "first"}
