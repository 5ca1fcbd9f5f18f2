"""Which language each comment is written in, so it can be routed to that language's pipeline.

Detection runs offline with lingua, restricted to the configured languages. Handles, hashtags and
links are not language, so they are removed first; what is left must have `min_words` words of
letters, otherwise the comment is too short to tell and goes to the multilingual fallback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

from nlp.lexicon import MULTILINGUAL

MIN_WORDS: Final = 3
# Lingua answers "unknown" when the best two languages score closer than this; such comments go
# to the multilingual fallback rather than to a coin-flip pipeline.
MIN_RELATIVE_DISTANCE: Final = 0.05

_NOT_LANGUAGE = re.compile(r"[@＠#＃]\S+|https?://\S+|www\.\S+")
_WORD = re.compile(r"[^\W\d_]+")


class UnsupportedLanguage(ValueError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"language detection does not support {code!r}")


def build_language_detector(languages: Iterable[str]) -> LanguageDetector:
    """A detector that only chooses among `languages` (ISO 639-1 codes; "xx" is ignored).

    Low-accuracy mode scores trigrams only: several times faster, and the minimum word count
    already keeps out the very short texts it handles worst.
    """
    codes = []
    for code in sorted(set(languages) - {MULTILINGUAL}):
        try:
            codes.append(IsoCode639_1.from_str(code))
        except ValueError:
            raise UnsupportedLanguage(code) from None
    if len(codes) < 2:
        raise ValueError("language detection needs at least two languages to choose from")
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
    builder = builder.with_minimum_relative_distance(MIN_RELATIVE_DISTANCE)
    return builder.with_low_accuracy_mode().build()


def language_text(text: str) -> str:
    """The words of a comment that carry language: without handles, hashtags and links."""
    return " ".join(_WORD.findall(_NOT_LANGUAGE.sub(" ", text)))


def detect_languages(
    detector: LanguageDetector, texts: Sequence[str], min_words: int = MIN_WORDS
) -> list[str]:
    """One ISO 639-1 code per text, in input order; "xx" when too short or undecided."""
    words = [language_text(text) for text in texts]
    # Comments differing only in handles, tags, links or emoji ("@ann so cute 😍") are detected
    # once: detection costs more than everything else in the text step.
    distinct = list(dict.fromkeys(w for w in words if w and w.count(" ") + 1 >= min_words))
    found = detector.detect_languages_in_parallel_of(distinct)
    codes = {
        w: language.iso_code_639_1.name.lower()
        for w, language in zip(distinct, found, strict=True)
        if language is not None
    }
    return [codes.get(w, MULTILINGUAL) for w in words]
