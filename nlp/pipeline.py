"""Turn comment texts into `CommentSignals`: detect each comment's language, then run it through
that language's spaCy pipeline, ending in Parley's "parley_signals" component.

Pipelines are blank (tokenizer and stop words only) with lookup lemmas from spacy-lookups-data,
so nothing is downloaded. A trained pipeline (e.g. en_core_web_sm) is used instead for a language
when it is configured and installed. Build a `TextAnalyzer` once; it is immutable and reusable.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, cast

import spacy
from lingua import LanguageDetector
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_prefix_regex

from nlp.language import MIN_WORDS, build_language_detector, detect_languages, telltale_words
from nlp.lemmas import has_lemma_table
from nlp.lexicon import DEFAULT_LANGUAGES, MULTILINGUAL
from nlp.results import CommentSignals
from nlp.signals import SIGNALS_COMPONENT, SignalsComponent
from nlp.thread import Comment

BATCH_SIZE: Final = 1000
# spaCy refuses a text over `max_length` (10^6 characters) since its parser and NER need about
# 1 GB per 100,000 characters. A blank pipeline has neither: its tokenizer and the signals
# component take about 110 bytes per character (measured: 1.1 GB at 10^7), so it takes a text of
# any length and the upload size limit bounds the memory. A trained pipeline keeps its limit;
# a longer text goes to the blank pipeline of its language (`TextAnalyzer.blank_pipeline`).
BLANK_MAX_LENGTH: Final = sys.maxsize
_BLANK = "/blank"  # key suffix of the blank pipelines built for texts too long for a trained one


@dataclass(frozen=True, slots=True)
class TextAnalyzer:
    """The language detector and, per language, a pipeline built on first use: loading a lemma
    table takes up to 4 s, so a run over English comments should not pay for Turkish."""

    languages: tuple[str, ...]  # configured languages; "xx" is always available
    detector: LanguageDetector
    trained: Mapping[str, str] = field(default_factory=dict)
    telltales: Mapping[str, str] = field(default_factory=dict)  # see nlp.language
    min_words: int = MIN_WORDS
    batch_size: int = BATCH_SIZE
    _built: dict[str, Language] = field(default_factory=dict, compare=False, repr=False)

    def pipeline(self, language: str) -> Language:
        built = self._built.get(language)
        if built is None:
            if language == MULTILINGUAL:
                built = build_multilingual_pipeline(self.languages)
            else:
                built = build_pipeline(language, self.trained.get(language))
            self._built[language] = built
        return built

    def blank_pipeline(self, language: str) -> Language:
        """The language's blank pipeline, for texts longer than its trained one takes."""
        nlp = self.pipeline(language)
        if nlp.max_length == BLANK_MAX_LENGTH:
            return nlp
        built = self._built.get(language + _BLANK)
        if built is None:
            built = self._built[language + _BLANK] = build_pipeline(language)
        return built

    def preload(self) -> None:
        """Build every pipeline now (a service does this at start-up, not on a request)."""
        for language in (*self.languages, MULTILINGUAL):
            self.pipeline(language)


def build_text_analyzer(
    languages: Iterable[str] = DEFAULT_LANGUAGES,
    trained: Mapping[str, str] | None = None,
    min_words: int = MIN_WORDS,
    batch_size: int = BATCH_SIZE,
) -> TextAnalyzer:
    """Pipelines for `languages` (at least two) plus the multilingual fallback, and a detector
    restricted to them. `trained` maps a language to an optional installed spaCy package.
    """
    chosen = tuple(sorted(set(languages) - {MULTILINGUAL}))
    detector = build_language_detector(chosen)
    telltales = telltale_words(chosen)
    return TextAnalyzer(chosen, detector, dict(trained or {}), telltales, min_words, batch_size)


def build_pipeline(language: str, trained: str | None = None) -> Language:
    """The trained package when given and installed, else a blank pipeline with lookup lemmas."""
    if trained is not None and spacy.util.is_package(trained):
        nlp = spacy.load(trained)
    else:
        nlp = spacy.blank(language)
        nlp.max_length = BLANK_MAX_LENGTH
    _keep_hashtags_whole(nlp)
    # spaCy's own lookup lemmatizer would look up every token of every comment; the signals
    # component looks up each content word form once, in the same table (see bench/text.py).
    # Languages without a lookup table in spacy-lookups-data keep lower-cased forms.
    lookup = has_lemma_table(language) and "lemmatizer" not in nlp.pipe_names
    config = {"lookup_lemmas": lookup}
    nlp.add_pipe(SIGNALS_COMPONENT, last=True, config=config)
    return nlp


def build_multilingual_pipeline(languages: Iterable[str]) -> Language:
    """For comments too short to detect: a language-neutral tokenizer, with the stop words of
    all configured languages, since such a comment is most likely in one of them."""
    nlp = spacy.blank(MULTILINGUAL)
    nlp.max_length = BLANK_MAX_LENGTH
    _keep_hashtags_whole(nlp)
    nlp.add_pipe(SIGNALS_COMPONENT, last=True, config={"stop_words_of": sorted(languages)})
    return nlp


def _keep_hashtags_whole(nlp: Language) -> None:
    # spaCy splits "#" off as a prefix; a hashtag is one token for Parley ("#tbt", not "#", "tbt").
    prefixes = [p for p in nlp.Defaults.prefixes or () if p not in ("#", "＃")]
    tokenizer = cast(Tokenizer, nlp.tokenizer)  # every Parley pipeline has spaCy's own tokenizer
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search


def comment_signals(analyzer: TextAnalyzer, texts: Sequence[str]) -> list[CommentSignals]:
    """Signals of each text, in input order.

    A text that repeats ("lol", "😂😂") is analysed once. Texts are grouped by detected language
    and each group goes through its pipeline in batches (a text longer than a trained pipeline
    takes, through the language's blank one).
    """
    unique = list(dict.fromkeys(texts))
    languages = detect_languages(analyzer.detector, unique, analyzer.min_words, analyzer.telltales)
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for text, language in zip(unique, languages, strict=True):
        groups[language].append(text)
    found: dict[str, CommentSignals] = {}
    for language, group in groups.items():
        nlp = analyzer.pipeline(language)
        longer = [text for text in group if len(text) > nlp.max_length]
        if longer:
            group = [text for text in group if len(text) <= nlp.max_length]
            found.update(_signals(analyzer.blank_pipeline(language), longer, analyzer.batch_size))
        found.update(_signals(nlp, group, analyzer.batch_size))
    return [found[text] for text in texts]


def _signals(nlp: Language, texts: list[str], batch_size: int) -> dict[str, CommentSignals]:
    component = cast(SignalsComponent, nlp.get_pipe(SIGNALS_COMPONENT))
    # Each Doc is dropped once read, so its signals come straight from the component rather
    # than being stored on the Doc and read back, which costs two Python objects per Doc.
    docs = nlp.pipe(texts, batch_size=batch_size, disable=[SIGNALS_COMPONENT])
    return {text: component.signals(doc) for text, doc in zip(texts, docs, strict=True)}


def signals_by_comment(
    analyzer: TextAnalyzer, comments: Iterable[Comment]
) -> dict[str, CommentSignals]:
    """Signals keyed by comment id, as `text_metrics` takes them."""
    listed = list(comments)
    return dict(
        zip(
            (c.id for c in listed), comment_signals(analyzer, [c.text for c in listed]), strict=True
        )
    )
