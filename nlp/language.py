"""Which language each comment is written in, so it can be routed to that language's pipeline.

Detection runs offline with lingua, restricted to the configured languages. Handles, hashtags and
links are not language, so they are removed first; what is left must have `min_words` words of
letters, otherwise the comment is too short to tell and goes to the multilingual fallback.

Before lingua, a comment is read for telltale words: stop words that belong to exactly one of the
configured languages ("the", "und", "yang"). At least two of one language and none of another
settle it without lingua. On the 52,335 detectable comments of shared/data this decides 61.5% of
them and agrees with lingua's high-accuracy mode on 99.1% of those, more than lingua's
low-accuracy mode, which Parley uses for the rest, does on the same comments (96.9%); see
docs/methodology.md and bench/language_agreement.py.
"""

from __future__ import annotations

import re
import runpy
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Final

from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

from nlp.lexicon import MULTILINGUAL

MIN_WORDS: Final = 3
# Lingua answers "unknown" when the best two languages score closer than this; such comments go
# to the multilingual fallback rather than to a coin-flip pipeline.
MIN_RELATIVE_DISTANCE: Final = 0.05
MIN_TELLTALES: Final = 2

_NOT_LANGUAGE = re.compile(r"[@＠#＃]\S+|https?://\S+|www\.\S+")
_WORD = re.compile(r"[^\W\d_]+")
# What every match of `_NOT_LANGUAGE` starts with. Most comments hold none, and `in` tells that
# faster than the pattern, tried at every character, finds no match.
_NON_LANGUAGE_STARTS: Final = ("@", "＠", "#", "＃", "http", "www.")


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
    if any(map(text.__contains__, _NON_LANGUAGE_STARTS)):
        text = _NOT_LANGUAGE.sub(" ", text)
    return " ".join(_WORD.findall(text))


def is_detectable(words: str, min_words: int = MIN_WORDS) -> bool:
    """Whether the words of a comment (see `language_text`) are enough to tell its language."""
    return bool(words) and words.count(" ") + 1 >= min_words


def telltale_words(languages: Iterable[str]) -> dict[str, str]:
    """Each stop word that belongs to exactly one of `languages`, mapped to that language."""
    owners: defaultdict[str, set[str]] = defaultdict(set)
    for code in set(languages) - {MULTILINGUAL}:
        for word in stop_words(code):
            owners[word].add(code)
    return {word: codes.pop() for word, codes in owners.items() if len(codes) == 1}


@lru_cache
def stop_words(code: str) -> frozenset[str]:
    """spaCy's stop words of a language. The list is read from its own file, found without
    importing spaCy: importing the language package would import its tokenizer exceptions too,
    which take seconds for French, and a service builds its detector before spaCy is needed."""
    listed = _spacy_languages_folder() / code / "stop_words.py"
    if listed.is_file():
        return frozenset(runpy.run_path(str(listed))["STOP_WORDS"])
    from spacy.util import get_lang_class

    return frozenset(get_lang_class(code).Defaults.stop_words)


def _spacy_languages_folder() -> Path:
    spec = find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("spaCy is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "lang"


def telltale_language(words: str, telltales: Mapping[str, str]) -> str | None:
    """The language of `words` when they hold `MIN_TELLTALES` telltale words of it and none of
    another language; None when the telltales are too few or mixed."""
    hits = list(filter(None, map(telltales.get, words.lower().split())))
    if len(hits) >= MIN_TELLTALES and len(set(hits)) == 1:
        return hits[0]
    return None


def detect_languages(
    detector: LanguageDetector,
    texts: Sequence[str],
    min_words: int = MIN_WORDS,
    telltales: Mapping[str, str] | None = None,
) -> list[str]:
    """One ISO 639-1 code per text, in input order; "xx" when too short or undecided.
    `telltales` (see `telltale_words`) settle clear cases before lingua is asked."""
    words = [language_text(text) for text in texts]
    # Comments differing only in handles, tags, links or emoji ("@ann so cute 😍") are detected
    # once: detection costs more than everything else in the text step.
    distinct = dict.fromkeys(w for w in words if is_detectable(w, min_words))
    codes: dict[str, str] = {}
    if telltales:
        for w in distinct:
            code = telltale_language(w, telltales)
            if code is not None:
                codes[w] = code
    undecided = [w for w in distinct if w not in codes]
    found = detector.detect_languages_in_parallel_of(undecided)
    for w, language in zip(undecided, found, strict=True):
        if language is not None:
            codes[w] = language.iso_code_639_1.name.lower()
    return [codes.get(w, MULTILINGUAL) for w in words]
