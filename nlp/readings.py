"""What one word form contributes to a comment's signals (`Reading`), as the signals component
(nlp.signals) reads it once per form and sums it up per comment."""

from __future__ import annotations

import re
from operator import attrgetter
from typing import Final, NamedTuple

from nlp.token_kinds import PICTOGRAPH, Kind

EXCLAMATION_MARKS: Final = frozenset("!¡！")
# Every emoji holds a pictograph, a regional indicator (within the pictographs' range) or a keycap.
EMOJI_PART_CHARACTER: Final = re.compile(f"[{PICTOGRAPH}\u20e3]")

# What a word form may bring to a comment, as bits: OR-ing its forms' bits in one C-level pass
# tells which of the rarer signals a comment needs looked for at all.
WORD: Final = 1
ENTITY: Final = 2  # a mention, hashtag or link
EMOJI_PART: Final = 4  # an emoji or part of one that the tokenizer split off
ASKS: Final = 8  # a mark holding a question mark
EXCLAIMS: Final = 16  # holds an exclamation mark
PARTICLE: Final = 32  # a question particle in the pipeline's language
NOT_TAG_LIKE: Final = 64  # neither a mention, nor an emoji, nor a mark


class Reading(NamedTuple):
    """What one word form contributes to its comment's signals, read once per form."""

    kind: Kind
    text: str
    lower: str
    bits: int  # the flags above
    counts: int  # 1 for a token of the comment (not an emoji, not a mark), else 0
    content: str | None  # lower-cased content lemma; None for stop words and interjections
    mention: str | None  # the handle, without "@" and trailing dots
    hashtag: str | None  # without "#"
    url: str | None
    auxiliary: bool  # tagged AUX; only a trained tagger tags


KIND = attrgetter("kind")
BITS = attrgetter("bits")
COUNTS = attrgetter("counts")
CONTENT = attrgetter("content")
MENTION = attrgetter("mention")
HASHTAG_OF = attrgetter("hashtag")
URL = attrgetter("url")
# Tuples, not sets: `in` compares members by identity, while a set would hash the Enum in Python.
ENTITIES: Final = (Kind.MENTION, Kind.HASHTAG, Kind.URL)
TAG_LIKE: Final = (Kind.MENTION, Kind.EMOJI, Kind.MARK)
