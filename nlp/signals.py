"""The "parley_signals" spaCy component: what the words of one comment say about dialogue.

It runs last in every Parley pipeline and stores a `CommentSignals` in `doc._.parley_signals`.
Everything is rule-based on spaCy's lexical attributes (like_url, is_stop, is_alpha, is_punct),
the lemmas set earlier in the pipeline, and the word lists in nlp.lexicon.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Final, NamedTuple

from spacy.attrs import LEMMA, ORTH, POS, SPACY
from spacy.language import Language
from spacy.lookups import Table, load_lookups
from spacy.tokens import Doc, Token
from spacy.util import get_lang_class

from nlp import lexicon
from nlp.results import CommentSignals

SIGNALS_COMPONENT: Final = "parley_signals"
SIGNALS_ATTRIBUTE: Final = "parley_signals"
LEMMA_TABLE: Final = "lemma_lookup"
# A word form's reading depends on its form, lemma and tag alone; SPACY: followed by a space.
_ARRAY: Final = [ORTH, LEMMA, POS, SPACY]

if not Doc.has_extension(SIGNALS_ATTRIBUTE):
    Doc.set_extension(SIGNALS_ATTRIBUTE, default=None)

# An emoji as people see it: a keycap, a flag (two regional indicators), or a pictograph with its
# variation selector, skin tone and tag modifiers, joined to more pictographs by zero-width joiners.
_PICTOGRAPH = "\U0001f000-\U0001faff\u2600-\u27bf\u2300-\u23ff\u2b00-\u2bff\u3030\u303d\u3297\u3299"
_MODIFIERS = "\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
EMOJI = re.compile(
    r"[0-9#*]\ufe0f?\u20e3"
    r"|[\U0001f1e6-\U0001f1ff]{2}"
    rf"|[{_PICTOGRAPH}][{_MODIFIERS}]*(?:\u200d[{_PICTOGRAPH}][{_MODIFIERS}]*)*"
)
_HANDLE = re.compile(r"[@＠]([\w.]*\w)")
_HASHTAG = re.compile(r"[#＃](\w*[^\W\d_]\w*)")
_EXCLAMATION_MARKS = frozenset("!¡！")


class Kind(Enum):
    MENTION = "mention"
    HASHTAG = "hashtag"
    URL = "url"
    EMOJI = "emoji"
    MARK = "mark"  # punctuation, symbols, whitespace, joiners: no letter or digit
    WORD = "word"  # anything else: words, numbers, e-mail addresses


def token_kind(token: Token) -> Kind:
    text = token.text
    if _HANDLE.fullmatch(text) and not token.like_email:
        return Kind.MENTION
    if _HASHTAG.fullmatch(text):
        return Kind.HASHTAG
    if token.like_url:
        return Kind.URL
    if EMOJI.search(text) and not any(ch.isalnum() for ch in EMOJI.sub("", text)):
        return Kind.EMOJI
    if token.is_punct or token.is_space or not any(ch.isalnum() for ch in text):
        return Kind.MARK
    return Kind.WORD


class Reading(NamedTuple):
    """What one word form contributes, looked up once per (form, lemma, tag)."""

    kind: Kind
    text: str
    lower: str
    content: str | None  # lower-cased content lemma; None for stop words and interjections
    asks: bool  # a mark holding a question mark
    auxiliary: bool  # tagged AUX; only a trained tagger tags


class SignalsComponent:
    """Computes a comment's signals from spaCy's token arrays. A thread repeats the same few
    thousand word forms many times, so each form is read once and cached; Token objects are
    only made for forms not seen before.
    """

    def __init__(
        self,
        language: str,
        lemmas: Table | None = None,
        extra_stop_words: frozenset[str] = frozenset(),
        tagged: bool = False,
    ) -> None:
        self.language = language
        self.tagged = tagged  # a tagger ran before: part-of-speech tags can be trusted
        self.lemmas = lemmas
        self.extra_stop_words = extra_stop_words
        self.openers = lexicon.openers(language)
        self.particles = lexicon.particles(language)
        self._readings: dict[tuple[int, int, int], Reading] = {}

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(SIGNALS_ATTRIBUTE, self.signals(doc))
        return doc

    def readings(self, doc: Doc) -> tuple[list[Reading], str]:
        """The reading of every token, and the text rebuilt from them: `doc.text` would make a
        Token object per token, which costs more than everything else here."""
        found = []
        parts = []
        for i, (orth, lemma, pos, space) in enumerate(doc.to_array(_ARRAY).tolist()):
            reading = self._readings.get((orth, lemma, pos))
            if reading is None:
                reading = self._readings[orth, lemma, pos] = self.read(doc[i])
            found.append(reading)
            parts.append(reading.text + " " if space else reading.text)
        return found, "".join(parts)

    def read(self, token: Token) -> Reading:
        kind = token_kind(token)
        return Reading(
            kind=kind,
            text=token.text,
            lower=token.lower_,
            content=self.content_lemma(token) if kind is Kind.WORD else None,
            asks=kind is Kind.MARK and not lexicon.QUESTION_MARKS.isdisjoint(token.text),
            auxiliary=token.pos_ == "AUX",
        )

    def signals(self, doc: Doc) -> CommentSignals:
        readings, text = self.readings(doc)
        kinds = [r.kind for r in readings]
        words = [(i, r) for i, r in enumerate(readings) if r.kind is Kind.WORD]
        lemmas = frozenset(r.content for _, r in words if r.content is not None)
        mentions = tuple(r.text[1:].rstrip(".") for r in readings if r.kind is Kind.MENTION)
        emoji = tuple(EMOJI.findall(text))
        only_tags = all(k in (Kind.MENTION, Kind.EMOJI, Kind.MARK) for k in kinds)
        return CommentSignals(
            language=self.language,
            tokens=sum(k is not Kind.EMOJI and k is not Kind.MARK for k in kinds),
            mentions=mentions,
            hashtags=tuple(r.text[1:] for r in readings if r.kind is Kind.HASHTAG),
            urls=tuple(r.text for r in readings if r.kind is Kind.URL),
            emoji=emoji,
            is_question=any(r.asks for r in readings) or self.asks(text, words),
            is_tag_only=only_tags and bool(mentions or emoji),
            is_low_content=not lemmas,
            content_lemmas=lemmas,
        )

    def content_lemma(self, token: Token) -> str | None:
        """The lower-cased lemma of a content word; None for stop words and interjections.

        Interjections are left out of the lemmas too, so "lol" answering "lol" is no uptake, and
        a comment is low-content exactly when it has no content lemma.
        """
        if not token.is_alpha or token.is_stop or token.lower_ in self.extra_stop_words:
            return None
        if token.pos_ == "INTJ":
            return None
        lemma = (token.lemma_ or self.lookup_lemma(token)).lower()
        if lexicon.is_interjection(lemma) or lexicon.is_interjection(token.lower_):
            return None
        return lemma

    def lookup_lemma(self, token: Token) -> str:
        """The lemma table's entry for the form as written, else lower-cased; else the form."""
        if self.lemmas is None:
            return token.lower_
        found = self.lemmas.get(token.text) or self.lemmas.get(token.lower_)
        return found if isinstance(found, str) else token.lower_

    def asks(self, text: str, words: list[tuple[int, Reading]]) -> bool:
        """A question particle anywhere, or an interrogative opener in a comment that does not
        exclaim ("What a goal!" is no question)."""
        if any(r.lower in self.particles for _, r in words):
            return True
        if not words or not _EXCLAMATION_MARKS.isdisjoint(text):
            return False
        position, first = words[0]
        if first.lower in lexicon.AUXILIARY_OPENERS and self.tagged:
            return first.auxiliary and first.lower in self.openers
        if len(words) > 1 and words[1][0] == position + 1:
            second = words[1][1].lower
            pair = f"{first.lower} {second}"
            if pair in lexicon.EXCLAMATIVE_OPENINGS:
                return False
            if pair in self.openers or first.lower + second in self.openers:
                return True
        return first.lower in self.openers


@Language.factory(SIGNALS_COMPONENT, default_config={"lookup_lemmas": False, "stop_words_of": []})
def make_signals_component(
    nlp: Language, name: str, lookup_lemmas: bool, stop_words_of: list[str]
) -> SignalsComponent:
    """`lookup_lemmas`: lemmatise words the pipeline left without a lemma from the language's
    spacy-lookups-data table (offline). `stop_words_of`: languages whose stop words count as
    stop words here too.
    """
    language = nlp.lang or lexicon.MULTILINGUAL
    table = None
    if lookup_lemmas:
        table = load_lookups(language, [LEMMA_TABLE]).get_table(LEMMA_TABLE)
    extra = set[str]().union(*(get_lang_class(code).Defaults.stop_words for code in stop_words_of))
    tagged = not {"tagger", "morphologizer"}.isdisjoint(nlp.pipe_names)
    return SignalsComponent(language, table, frozenset(extra), tagged)


def doc_signals(doc: Doc) -> CommentSignals:
    signals = doc._.get(SIGNALS_ATTRIBUTE)
    if not isinstance(signals, CommentSignals):
        raise ValueError(f"the pipeline that made this Doc has no {SIGNALS_COMPONENT!r} component")
    return signals
