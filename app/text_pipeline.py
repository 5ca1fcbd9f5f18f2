"""The text analyzer the service uses: built once per configuration and process."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from threading import Thread

from app.settings import Settings
from nlp.pipeline import TextAnalyzer, build_text_analyzer


def lemma_cache_folder() -> Path | None:
    """Where lemma tables are indexed on disk (nlp.lemma_index): the user's cache folder
    ($XDG_CACHE_HOME, else ~/.cache), under parley/lemmas. Built once, shared by every process
    of the user; without a home folder, or in one that cannot be written, the tables are held
    in memory as before."""
    return _cache_folder("lemmas")


def pattern_cache_folder() -> Path | None:
    """Where tokenizers' compiled patterns are kept (nlp.pattern_cache): parley/patterns in the
    user's cache folder, as `lemma_cache_folder`. Without one they are compiled at every start."""
    return _cache_folder("patterns")


def _cache_folder(name: str) -> Path | None:
    cache = os.environ.get("XDG_CACHE_HOME")
    try:
        return Path(cache or Path.home() / ".cache") / "parley" / name
    except RuntimeError:  # no home folder to be found
        return None


@lru_cache(maxsize=4)
def text_analyzer_for(
    languages: tuple[str, ...], trained: tuple[tuple[str, str], ...]
) -> TextAnalyzer:
    """One analyzer per configuration and process: each language's pipeline is built once, when
    the first comment in that language arrives (or by `preload_in_background`)."""
    return build_text_analyzer(
        languages,
        dict(trained),
        lemma_cache=lemma_cache_folder(),
        pattern_cache=pattern_cache_folder(),
    )


def text_analyzer(settings: Settings) -> TextAnalyzer:
    return text_analyzer_for(
        settings.text_languages, tuple(sorted(settings.trained_pipelines.items()))
    )


def preload_in_background(analyzer: TextAnalyzer) -> Thread:
    """Build every pipeline on a daemon thread, so start-up does not wait for them. A request
    that needs a language meanwhile builds it or waits for that one only (the cache builds each
    once), and a shutdown does not wait for the rest."""
    thread = Thread(target=analyzer.preload, name="parley-preload-pipelines", daemon=True)
    thread.start()
    return thread
