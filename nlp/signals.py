"""The "parley_signals" spaCy component: what the words of one comment say about dialogue.

It runs last in every Parley pipeline and stores a `CommentSignals` in `doc._.parley_signals`.
Everything is rule-based on spaCy's lexical attributes (like_url, is_stop, is_alpha, is_punct),
the lemmas set earlier in the pipeline, and the word lists in nlp.lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import reduce
from operator import indexOf, or_
from pathlib import Path
from typing import Final, cast

from spacy import attrs
from spacy.attrs import LEMMA, ORTH, POS, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Token

from nlp import lexicon
from nlp.language import stop_words
from nlp.lemma_index import lemma_lookup
from nlp.readings import (
    ASKS,
    BITS,
    CONTENT,
    COUNTS,
    EMOJI_PART,
    EMOJI_PART_CHARACTER,
    ENTITIES,
    ENTITY,
    EXCLAIMS,
    EXCLAMATION_MARKS,
    HASHTAG_OF,
    KIND,
    MENTION,
    NOT_TAG_LIKE,
    PARTICLE,
    TAG_LIKE,
    URL,
    WORD,
    Reading,
)
from nlp.results import CommentSignals
from nlp.token_kinds import EMOJI, MODIFIERS, PICTOGRAPH, Kind, token_kind

SIGNALS_COMPONENT: Final = "parley_signals"
SIGNALS_ATTRIBUTE: Final = "parley_signals"
# What a word form's reading depends on in a pipeline with a lemmatizer or tagger.
_CONTEXT: Final = [ORTH, LEMMA, POS]
# The lexical attributes `SignalsComponent.read` reads of a token (through is_alpha, lower_…):
# a blank pipeline computes only these for each new word form. Not its language (LANG), which
# nothing reads and would cost a call and a string lookup per form.
_READ: Final = "LOWER IS_ALPHA IS_PUNCT IS_SPACE IS_STOP LIKE_EMAIL LIKE_URL"
LEXICAL_ATTRIBUTES: Final = frozenset(attrs.IDS[name] for name in _READ.split())

if not Doc.has_extension(SIGNALS_ATTRIBUTE):
    Doc.set_extension(SIGNALS_ATTRIBUTE, default=None)

# Nothing but pictographs (regional indicators among them), their modifiers, zero-width joiners
# and whitespace: no letter, digit, keycap, mark or "." (a link needs one).
_EMOJI_ONLY = re.compile(rf"[{PICTOGRAPH}{MODIFIERS}\u200d\s]*")


class SignalsComponent:
    """Computes a comment's signals from the readings of its word forms. A thread repeats the
    same few thousand forms many times, so each form is read once and cached, and a comment is
    summed up without a Token object or a Python step per token once its forms are known.
    """

    def __init__(
        self,
        language: str,
        lemmas: Mapping[str, str] | None = None,
        extra_stop_words: frozenset[str] = frozenset(),
        tagged: bool = False,
        contextual: bool = False,
    ) -> None:
        self.language = language
        self.tagged = tagged  # a tagger ran before: part-of-speech tags can be trusted
        # Components ran before: a form's lemma and tag may differ from one comment to the next,
        # so a reading is cached per (form, lemma, tag) instead of per form.
        self.contextual = contextual
        self.lemmas = lemmas
        self.extra_stop_words = extra_stop_words
        self.openers = lexicon.openers(language)
        self.particles = lexicon.particles(language)
        self._readings: dict[int | tuple[int, ...], Reading] = {}

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(SIGNALS_ATTRIBUTE, self.signals(doc))
        return doc

    def readings(self, doc: Doc) -> list[Reading]:
        """The reading of every token, in order."""
        keys: list[int | tuple[int, ...]]
        if self.contextual:
            keys = list(map(tuple, doc.to_array(_CONTEXT).tolist()))
        else:
            keys = doc.to_array(ORTH).tolist()
        try:  # every form read before: the usual case once a thread is under way
            return list(map(self._readings.__getitem__, keys))
        except KeyError:
            pass
        found = list(map(self._readings.get, keys))
        for i, reading in enumerate(found):
            if reading is None:  # a form new to the component, unless earlier in this comment
                known = self._readings.get(keys[i])
                found[i] = known or self._readings.setdefault(keys[i], self.read(doc[i]))
        return cast(list[Reading], found)

    def read(self, token: Token) -> Reading:
        text = token.text
        if not self.contextual and text.isalpha():
            return self.read_letters(token, text)
        return self.read_any(token, text)

    def read_any(self, token: Token, text: str) -> Reading:
        """The reading of any token; `text`: its text."""
        # Each attribute of a Token is read once: every read is a call into spaCy.
        lower = token.lower_
        auxiliary = token.pos_ == "AUX"
        kind = token_kind(token, text)
        word = kind is Kind.WORD
        bits = (
            (WORD if word else 0)
            | (ENTITY if kind in ENTITIES else 0)
            | (EMOJI_PART if EMOJI_PART_CHARACTER.search(text) else 0)
            | (ASKS if kind is Kind.MARK and not lexicon.QUESTION_MARKS.isdisjoint(text) else 0)
            | (EXCLAIMS if not EXCLAMATION_MARKS.isdisjoint(text) else 0)
            | (PARTICLE if word and lower in self.particles else 0)
            | (NOT_TAG_LIKE if kind not in TAG_LIKE else 0)
        )
        return Reading(
            kind=kind,
            text=text,
            lower=lower,
            bits=bits,
            counts=int(kind is not Kind.EMOJI and kind is not Kind.MARK),
            content=self.content_lemma(token, text, lower) if word else None,
            mention=text[1:].rstrip(".") if kind is Kind.MENTION else None,
            hashtag=text[1:] if kind is Kind.HASHTAG else None,
            url=text if kind is Kind.URL else None,
            auxiliary=auxiliary,
        )

    def read_letters(self, token: Token, text: str) -> Reading:
        """`read_any` of a form of letters only (most new forms) in a pipeline with nothing
        before this component, without its tests that cannot pass: a handle, hashtag, link,
        emoji or mark holds a character that is no letter (tests/nlp/test_signals_letters.py
        checks every emoji character), and nothing has tagged or lemmatised the token."""
        lower = token.lower_
        content = None
        if token.is_alpha and not token.is_stop and lower not in self.extra_stop_words:
            lemma = self.form_lemma(text, lower).lower()
            if not (
                lexicon.is_interjection(lemma)
                or (lower != lemma and lexicon.is_interjection(lower))
            ):
                content = lemma
        bits = WORD | NOT_TAG_LIKE | (PARTICLE if lower in self.particles else 0)
        return Reading(Kind.WORD, text, lower, bits, 1, content, None, None, None, False)

    def signals(self, doc: Doc, text: str | None = None) -> CommentSignals:
        """The signals of `doc`; `text`: the text it was made of, when the caller has it."""
        readings = self.readings(doc)
        present = reduce(or_, map(BITS, readings), 0)
        lemmas = frozenset(filter(None, map(CONTENT, readings)))
        mentions: tuple[str, ...] = ()
        hashtags: tuple[str, ...] = ()
        urls: tuple[str, ...] = ()
        if present & ENTITY:
            mentions = tuple(filter(None, map(MENTION, readings)))
            hashtags = tuple(filter(None, map(HASHTAG_OF, readings)))
            urls = tuple(filter(None, map(URL, readings)))
        emoji: tuple[str, ...] = ()
        if present & EMOJI_PART:
            # An emoji sequence may span tokens (a keycap, a flag), so it is found in the text.
            emoji = tuple(EMOJI.findall(_text(doc, readings) if text is None else text))
        return CommentSignals(
            language=self.language,
            tokens=sum(map(COUNTS, readings)),
            mentions=mentions,
            hashtags=hashtags,
            urls=urls,
            emoji=emoji,
            is_question=bool(present & ASKS) or self.asks(readings, present),
            is_tag_only=not present & NOT_TAG_LIKE and bool(mentions or emoji),
            is_low_content=not lemmas,
            content_lemmas=lemmas,
        )

    def emoji_only(self, text: str) -> CommentSignals | None:
        """The signals of a text of emoji and whitespace only, as `signals` gives them, found
        without tokenizing it; None for any other text. Every token of such a text is an emoji
        or a mark, and one of them holds a pictograph: it asks nothing, counts no token, and is
        tag-only with the emoji found in the text."""
        if not _EMOJI_ONLY.fullmatch(text) or not EMOJI_PART_CHARACTER.search(text):
            return None
        return CommentSignals(
            language=self.language,
            tokens=0,
            mentions=(),
            hashtags=(),
            urls=(),
            emoji=tuple(EMOJI.findall(text)),
            is_question=False,
            is_tag_only=True,
            is_low_content=True,
            content_lemmas=frozenset(),
        )

    def content_lemma(self, token: Token, text: str, lower: str) -> str | None:
        """The lower-cased lemma of a content word; None for stop words and interjections.
        `text`, `lower`: the token's text and lower-cased text.

        Interjections are left out of the lemmas too, so "lol" answering "lol" is no uptake, and
        a comment is low-content exactly when it has no content lemma.
        """
        if not token.is_alpha or token.is_stop or lower in self.extra_stop_words:
            return None
        if token.pos_ == "INTJ":
            return None
        lemma = (token.lemma_ or self.form_lemma(text, lower)).lower()
        if lexicon.is_interjection(lemma) or (lower != lemma and lexicon.is_interjection(lower)):
            return None
        return lemma

    def lookup_lemma(self, token: Token) -> str:
        """The lemma table's entry for the form as written, else lower-cased; else the form."""
        return self.form_lemma(token.orth_, token.lower_)

    def form_lemma(self, form: str, lower: str) -> str:
        """`lookup_lemma` of a form as written and lower-cased."""
        if self.lemmas is None:
            return lower
        lemma = self.lemmas.get(form)
        if not lemma and lower != form:  # a lower-case form is looked up once
            lemma = self.lemmas.get(lower)
        return lemma or lower

    def asks(self, readings: list[Reading], present: int) -> bool:
        """A question particle anywhere, or an interrogative opener in a comment that does not
        exclaim ("What a goal!" is no question). `present`: the OR of the readings' bits."""
        if present & PARTICLE:
            return True
        if not present & WORD or present & EXCLAIMS:
            return False
        position = indexOf(map(KIND, readings), Kind.WORD)
        first = readings[position]
        if first.lower in lexicon.AUXILIARY_OPENERS and self.tagged:
            return first.auxiliary and first.lower in self.openers
        following = readings[position + 1] if position + 1 < len(readings) else None
        if following is not None and following.kind is Kind.WORD:
            pair = f"{first.lower} {following.lower}"
            if pair in lexicon.EXCLAMATIVE_OPENINGS:
                return False
            if pair in self.openers or first.lower + following.lower in self.openers:
                return True
        return first.lower in self.openers


def _text(doc: Doc, readings: list[Reading]) -> str:
    """The comment's text rebuilt from its readings: `doc.text` would make a Token object per
    token, which costs more than everything else here."""
    spaces = doc.to_array(SPACY).tolist()
    pieces = zip(readings, spaces, strict=True)
    return "".join([r.text + " " if space else r.text for r, space in pieces])


@Language.factory(
    SIGNALS_COMPONENT,
    default_config={"lookup_lemmas": False, "lemma_cache": "", "stop_words_of": []},
)
def make_signals_component(
    nlp: Language, name: str, lookup_lemmas: bool, lemma_cache: str, stop_words_of: list[str]
) -> SignalsComponent:
    """`lookup_lemmas`: lemmatise words the pipeline left without a lemma from the language's
    spacy-lookups-data table (offline), read from its index in the folder `lemma_cache` (see
    nlp.lemma_index), or held in memory when that is "". `stop_words_of`: languages whose stop
    words count as stop words here too.
    """
    language = nlp.lang or lexicon.MULTILINGUAL
    cache = Path(lemma_cache) if lemma_cache else None
    lemmas = lemma_lookup(language, cache) if lookup_lemmas else None
    extra = set[str]().union(*map(stop_words, stop_words_of))
    tagged = not {"tagger", "morphologizer"}.isdisjoint(nlp.pipe_names)
    # The pipe names are those of the components before this one: none in a blank pipeline.
    contextual = bool(nlp.pipe_names)
    return SignalsComponent(language, lemmas, frozenset(extra), tagged, contextual)


def doc_signals(doc: Doc) -> CommentSignals:
    signals = doc._.get(SIGNALS_ATTRIBUTE)
    if not isinstance(signals, CommentSignals):
        raise ValueError(f"the pipeline that made this Doc has no {SIGNALS_COMPONENT!r} component")
    return signals
