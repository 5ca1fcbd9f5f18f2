"""The text analyzer the service uses: built once per configuration and process."""

from __future__ import annotations

from functools import lru_cache

from app.settings import Settings
from nlp.pipeline import TextAnalyzer, build_text_analyzer


@lru_cache(maxsize=4)
def text_analyzer_for(
    languages: tuple[str, ...], trained: tuple[tuple[str, str], ...]
) -> TextAnalyzer:
    """One analyzer per configuration and process: its pipelines are built once, on first use."""
    return build_text_analyzer(languages, dict(trained))


def text_analyzer(settings: Settings) -> TextAnalyzer:
    return text_analyzer_for(
        settings.text_languages, tuple(sorted(settings.trained_pipelines.items()))
    )
