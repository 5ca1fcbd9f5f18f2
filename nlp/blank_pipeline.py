"""spaCy's blank pipeline of a language as Parley uses it: hashtags kept whole, texts of any
length, its tokenizer adding exceptions on demand (nlp.lazy_exceptions) and its vocabulary
computing only the lexical attributes the signals component reads. spaCy is imported by the
functions here, once nlp.pipeline has imported it."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

from nlp.pattern_cache import compile_cached
from nlp.regex_factoring import compile_prefixes

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer

    from nlp.affix_search import UrlMatch

# spaCy refuses a text over `max_length` (10^6 characters) since its parser and NER need about
# 1 GB per 100,000 characters. A blank pipeline has neither: its tokenizer and the signals
# component take about 110 bytes per character (measured: 1.1 GB at 10^7), so it takes a text of
# any length and the upload size limit bounds the memory. A trained pipeline keeps its limit;
# a longer text goes to the blank pipeline of its language (`TextAnalyzer.blank_pipeline`).
BLANK_MAX_LENGTH: Final = sys.maxsize
# Chunks (text between spaces) whose split the tokenizer keeps: spaCy's default, 10,000, is full
# after a few thousand comments and each chunk after that is split anew (about 80 bytes each).
TOKENIZER_CACHE_SIZE: Final = 200_000
_SPACY_TOKENIZER = "spacy.Tokenizer.v1"
_HASHTAG_TOKENIZER = "parley.HashtagTokenizer.v1"


def blank_pipeline(language: str, pattern_cache: Path | None = None) -> Language:
    """spaCy's blank pipeline of `language`, taking texts of any length, hashtags kept whole.

    Its tokenizer is made without "#" among the prefixes from the start: setting the prefixes
    afterwards loads every tokenizer exception a second time (1.5 s for Indonesian's 16,000).
    A language with a tokenizer of its own (Japanese, Chinese…) gets the prefixes set after.
    `pattern_cache`: the folder where its compiled patterns are kept (nlp.pattern_cache).
    """
    import spacy  # deferred: see nlp.pipeline's docstring
    from spacy.util import get_lang_class, registry

    from nlp.lexeme_getters import faster_getters
    from nlp.signals import LEXICAL_ATTRIBUTES

    tokenizer = get_lang_class(language).default_config["nlp"]["tokenizer"]
    if tokenizer.get("@tokenizers") == _SPACY_TOKENIZER:
        registry.tokenizers.register(_HASHTAG_TOKENIZER, func=_hashtag_tokenizer)
        made = {"@tokenizers": _HASHTAG_TOKENIZER, "pattern_cache": str(pattern_cache or "")}
        nlp = spacy.blank(language, config={"nlp.tokenizer": made})
    else:
        nlp = spacy.blank(language)
        keep_hashtags_whole(nlp, pattern_cache)
    nlp.max_length = BLANK_MAX_LENGTH
    # spaCy computes every lexical attribute of each new word form in Python (its shape,
    # prefix, number-likeness…); nothing after the tokenizer in a blank pipeline reads any but
    # those the signals component does, and a run over new comments is mostly new forms.
    vocab: Any = nlp.vocab  # spaCy's type stubs lack `lex_attr_getters`
    getters = vocab.lex_attr_getters
    read = {a: get for a, get in getters.items() if a in LEXICAL_ATTRIBUTES}
    vocab.lex_attr_getters = faster_getters(read)  # see nlp.lexeme_getters
    return nlp


def _hashtag_tokenizer(pattern_cache: str = "") -> Callable[[Language], Tokenizer]:
    """The factory of spaCy's own tokenizer ("spacy.Tokenizer.v1"), with the prefixes of
    `_prefix_search` in place of the language's, adding its exceptions when a text could use
    them (nlp.lazy_exceptions: Indonesian's take 1 s to add), and its suffix and infix
    searches and URL match skipping the words they cannot match (nlp.affix_search). Its
    patterns, compiled and read, are kept in the folder `pattern_cache` ("": not kept)."""
    from nlp.affix_cache import infix_finditer, suffix_search
    from nlp.lazy_exceptions import LazyExceptionsTokenizer

    folder = Path(pattern_cache) if pattern_cache else None

    def make_tokenizer(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        suffixes, infixes = defaults.suffixes, defaults.infixes
        suffix = suffix_search(_compiled(suffixes, "$", folder), folder) if suffixes else None
        infix = infix_finditer(_compiled(infixes, "", folder), folder) if infixes else None
        return LazyExceptionsTokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=_prefix_search(nlp, folder),
            suffix_search=None if suffix is None else suffix.search,
            infix_finditer=None if infix is None else infix.finditer,
            token_match=defaults.token_match,
            url_match=_url_match(defaults.url_match),
            max_cache_size=TOKENIZER_CACHE_SIZE,
        )

    return make_tokenizer


def _compiled(
    pieces: Sequence[str | re.Pattern[str]], after: str, folder: Path | None
) -> re.Pattern[str]:
    """The pieces joined as spaCy's `compile_suffix_regex` (`after` "$") and
    `compile_infix_regex` (`after` "") join them, compiled (and kept in `folder`)."""
    texts = [p if isinstance(p, str) else p.pattern for p in pieces]
    joined = "|".join([text + after for text in texts if text.strip()])
    return compile_cached(joined, folder)


def _url_match(
    url_match: Callable[[str], re.Match[str] | None] | None,
) -> Callable[[str], re.Match[str] | None] | None:
    """A language's URL match (a compiled pattern's `match`, as spaCy's defaults give it)
    through nlp.affix_search's `UrlMatch` (one per pattern: every language has spaCy's);
    anything else as it is."""
    pattern = getattr(url_match, "__self__", None)
    if isinstance(pattern, re.Pattern) and getattr(url_match, "__name__", "") == "match":
        return _url_search(pattern).match
    return url_match


@lru_cache(maxsize=8)
def _url_search(pattern: re.Pattern[str]) -> UrlMatch:
    from nlp.affix_search import UrlMatch

    return UrlMatch(pattern)


def keep_hashtags_whole(nlp: Language, pattern_cache: Path | None = None) -> None:
    """For a pipeline whose tokenizer is already made: a trained one, or one of its own."""
    tokenizer = cast("Tokenizer", nlp.tokenizer)
    tokenizer.prefix_search = _prefix_search(nlp, pattern_cache)


def _prefix_search(nlp: Language, folder: Path | None) -> Callable[[str], re.Match[str] | None]:
    # spaCy splits "#" off as a prefix; a hashtag is one token for Parley ("#tbt", not "#", "tbt").
    pieces = [p if isinstance(p, str) else p.pattern for p in nlp.Defaults.prefixes or ()]
    return compile_prefixes([p for p in pieces if p not in ("#", "＃")], folder).search
