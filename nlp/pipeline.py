"""Turn comment texts into `CommentSignals`: detect each comment's language, then run it through
that language's spaCy pipeline, ending in Parley's "parley_signals" component.

Pipelines are blank (tokenizer and stop words only) with lookup lemmas from spacy-lookups-data,
so nothing is downloaded. A trained pipeline (e.g. en_core_web_sm) is used instead for a language
when it is configured and installed. Build a `TextAnalyzer` once and share it: it builds each
language's pipeline on first use, once, even when several threads ask at the same time.

spaCy itself is imported only when the first pipeline is built (importing it takes about 0.7 s),
so a service answers its health checks, and a structure-only run finishes, without it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING, Final, cast

from lingua import LanguageDetector

from nlp.blank_pipeline import BLANK_MAX_LENGTH, blank_pipeline, keep_hashtags_whole
from nlp.language import MIN_WORDS, build_language_detector, detect_languages, telltale_words
from nlp.lexicon import DEFAULT_LANGUAGES, MULTILINGUAL
from nlp.results import CommentSignals
from nlp.spacy_import import gc_paused, import_spacy
from nlp.thread import Comment

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from nlp.signals import SignalsComponent

BATCH_SIZE: Final = 1000
_BLANK = "/blank"  # key suffix of the blank pipelines built for texts too long for a trained one


class PipelineCache:
    """Pipelines by key, each built by the first caller that asks for it and then shared.

    The service analyses uploads on a thread pool: a second request for a language being built
    waits for that build instead of starting another (a pipeline with its lemma table in memory
    holds up to 260 MB), while requests for languages already built, or for other languages,
    do not wait for it.
    """

    def __init__(self) -> None:
        self._built: dict[str, Language] = {}
        self._locks: dict[str, Lock] = {}
        self._locks_guard = Lock()

    def get(self, key: str, build: Callable[[], Language]) -> Language:
        built = self._built.get(key)  # no lock once built: a dict read is atomic
        if built is not None:
            return built
        with self._locks_guard:
            key_lock = self._locks.setdefault(key, Lock())
        with key_lock:
            built = self._built.get(key)
            if built is None:
                built = self._built[key] = build()
        return built

    def keys(self) -> frozenset[str]:
        """The keys built so far."""
        return frozenset(self._built)


@dataclass(frozen=True, slots=True)
class TextAnalyzer:
    """The language detector and, per language, a pipeline built on first use: building one
    takes up to 1.3 s (Indonesian's 16,000 tokenizer exceptions) and, with its lemma table held
    in memory rather than indexed on disk (`lemma_cache`), up to 1.3 s and 260 MB (Turkish), so
    a run over English comments does not pay for them. Safe to share between threads."""

    languages: tuple[str, ...]  # configured languages; "xx" is always available
    detector: LanguageDetector
    trained: Mapping[str, str] = field(default_factory=dict)
    telltales: Mapping[str, str] = field(default_factory=dict)  # see nlp.language
    min_words: int = MIN_WORDS
    batch_size: int = BATCH_SIZE
    lemma_cache: Path | None = None  # folder of lemma indexes (nlp.lemma_index); None: dicts
    pattern_cache: Path | None = None  # folder of compiled patterns (nlp.pattern_cache)
    _pipelines: PipelineCache = field(default_factory=PipelineCache, compare=False, repr=False)

    def pipeline(self, language: str) -> Language:
        return self._pipelines.get(language, lambda: self._build(language))

    def _build(self, language: str) -> Language:
        with gc_paused():  # see nlp.spacy_import
            if language == MULTILINGUAL:
                return build_multilingual_pipeline(self.languages, self.pattern_cache)
            trained = self.trained.get(language)
            return build_pipeline(language, trained, self.lemma_cache, self.pattern_cache)

    def blank_pipeline(self, language: str) -> Language:
        """The language's blank pipeline, for texts longer than its trained one takes."""
        nlp = self.pipeline(language)
        if nlp.max_length == BLANK_MAX_LENGTH:
            return nlp
        blank = partial(build_pipeline, language, None, self.lemma_cache, self.pattern_cache)
        return self._pipelines.get(language + _BLANK, blank)

    def built_pipelines(self) -> frozenset[str]:
        """The languages whose pipeline is built ("en/blank" for a blank one beside a trained)."""
        return self._pipelines.keys()

    def preload(self) -> None:
        """Build every pipeline now, with all its tokenizer exceptions, so no comment waits
        for one later."""
        from nlp.lazy_exceptions import LazyExceptionsTokenizer

        for language in (*self.languages, MULTILINGUAL):
            tokenizer = self.pipeline(language).tokenizer
            if isinstance(tokenizer, LazyExceptionsTokenizer):
                tokenizer.add_all_exceptions()


def build_text_analyzer(
    languages: Iterable[str] = DEFAULT_LANGUAGES,
    trained: Mapping[str, str] | None = None,
    min_words: int = MIN_WORDS,
    batch_size: int = BATCH_SIZE,
    lemma_cache: Path | None = None,
    pattern_cache: Path | None = None,
) -> TextAnalyzer:
    """Pipelines for `languages` (at least two) plus the multilingual fallback, and a detector
    restricted to them. `trained` maps a language to an optional installed spaCy package.
    `lemma_cache`: the folder where lemma tables are indexed on disk instead of held in memory;
    `pattern_cache`: the one where tokenizers' compiled patterns are kept between runs.
    """
    chosen = tuple(sorted(set(languages) - {MULTILINGUAL}))
    detector = build_language_detector(chosen)
    telltales = telltale_words(chosen)
    trained_packages = dict(trained or {})
    return TextAnalyzer(
        chosen,
        detector,
        trained_packages,
        telltales,
        min_words,
        batch_size,
        lemma_cache,
        pattern_cache,
    )


_FIRST_IMPORTS = Lock()


def _import_spacy(language: str = MULTILINGUAL, pattern_cache: Path | None = None) -> None:
    """Import spaCy, our component and the language's spaCy module once, one thread at a time:
    its packages import each other, and two pipelines built at once in two threads got a
    half-initialised `spacy.language` (ImportError). Once imported, this costs a lock and a few
    dict lookups. French is imported with its token match compiled faster (nlp.spacy_french)."""
    with _FIRST_IMPORTS, gc_paused():
        import_spacy()  # without its command line: see nlp.spacy_import

        import nlp.signals  # noqa: F401

        if language == "fr":
            from nlp.spacy_french import import_french

            import_french(pattern_cache)


def build_pipeline(
    language: str,
    trained: str | None = None,
    lemma_cache: Path | None = None,
    pattern_cache: Path | None = None,
) -> Language:
    """The trained package when given and installed, else a blank pipeline with lookup lemmas
    (read from their index in `lemma_cache` when given, see nlp.lemma_index), its compiled
    patterns kept in `pattern_cache` (nlp.pattern_cache)."""
    _import_spacy(language, pattern_cache)
    import spacy  # deferred: see the module's docstring

    from nlp.lemmas import has_lemma_table
    from nlp.signals import SIGNALS_COMPONENT

    if trained is not None and spacy.util.is_package(trained):
        nlp = spacy.load(trained)
        keep_hashtags_whole(nlp, pattern_cache)
    else:
        nlp = blank_pipeline(language, pattern_cache)
    # spaCy's own lookup lemmatizer would look up every token of every comment; the signals
    # component looks up each content word form once, in the same table (see bench/text.py).
    # Languages without a lookup table in spacy-lookups-data keep lower-cased forms.
    lookup = has_lemma_table(language) and "lemmatizer" not in nlp.pipe_names
    config = {"lookup_lemmas": lookup, "lemma_cache": str(lemma_cache or "")}
    nlp.add_pipe(SIGNALS_COMPONENT, last=True, config=config)
    return nlp


def build_multilingual_pipeline(
    languages: Iterable[str], pattern_cache: Path | None = None
) -> Language:
    """For comments too short to detect: a language-neutral tokenizer, with the stop words of
    all configured languages, since such a comment is most likely in one of them."""
    _import_spacy(MULTILINGUAL, pattern_cache)
    from nlp.signals import SIGNALS_COMPONENT

    nlp = blank_pipeline(MULTILINGUAL, pattern_cache)
    nlp.add_pipe(SIGNALS_COMPONENT, last=True, config={"stop_words_of": sorted(languages)})
    return nlp


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
    from nlp.signals import SIGNALS_COMPONENT

    component = cast("SignalsComponent", nlp.get_pipe(SIGNALS_COMPONENT))
    found: dict[str, CommentSignals] = {}
    if component.language == MULTILINGUAL:  # where emoji-only comments go ("😂", "🥰🥰🥰")
        found = {text: s for text in texts if (s := component.emoji_only(text)) is not None}
        texts = [text for text in texts if text not in found]
    # Each Doc is dropped once read, so its signals come straight from the component rather
    # than being stored on the Doc and read back, which costs two Python objects per Doc.
    docs: Iterable[Doc]
    if nlp.pipe_names == [SIGNALS_COMPONENT]:  # a blank pipeline: making the Doc is all
        docs = map(nlp.make_doc, texts)  # as nlp.pipe does, without its generators per Doc
    else:
        docs = nlp.pipe(texts, batch_size=batch_size, disable=[SIGNALS_COMPONENT])
    found.update(
        (text, component.signals(doc, text)) for text, doc in zip(texts, docs, strict=True)
    )
    return found


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
