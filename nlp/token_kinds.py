"""What kind of thing a token is for the signals component: a mention, a hashtag, a link, an
emoji, a mark (punctuation, symbols, whitespace) or a word, and the patterns that tell them."""

from __future__ import annotations

import re
from enum import Enum
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from spacy.tokens import Token

# An emoji as people see it: a keycap, a flag (two regional indicators), or a pictograph with its
# variation selector, skin tone and tag modifiers, joined to more pictographs by zero-width joiners.
PICTOGRAPH: Final = (
    "\U0001f000-\U0001faff\u2600-\u27bf\u2300-\u23ff\u2b00-\u2bff\u3030\u303d\u3297\u3299"
)
MODIFIERS: Final = "\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
EMOJI: Final = re.compile(
    r"[0-9#*]\ufe0f?\u20e3"
    r"|[\U0001f1e6-\U0001f1ff]{2}"
    rf"|[{PICTOGRAPH}][{MODIFIERS}]*(?:\u200d[{PICTOGRAPH}][{MODIFIERS}]*)*"
)
_HANDLE: Final = re.compile(r"[@＠]([\w.]*\w)")
_HASHTAG: Final = re.compile(r"[#＃](\w*[^\W\d_]\w*)")
# A character for which str.isalnum() holds: re's \w is exactly those and "_".
_ALPHANUMERIC: Final = re.compile(r"[^\W_]")


class Kind(Enum):
    MENTION = "mention"
    HASHTAG = "hashtag"
    URL = "url"
    EMOJI = "emoji"
    MARK = "mark"  # punctuation, symbols, whitespace, joiners: no letter or digit
    WORD = "word"  # anything else: words, numbers, e-mail addresses


def token_kind(token: Token, text: str | None = None) -> Kind:
    """`text`: the token's text when the caller has read it already (each read of a Token's
    attribute costs a Python call)."""
    if text is None:
        text = token.text
    if _HANDLE.fullmatch(text) and not token.like_email:
        return Kind.MENTION
    if _HASHTAG.fullmatch(text):
        return Kind.HASHTAG
    if token.like_url:
        return Kind.URL
    if EMOJI.search(text) and not _ALPHANUMERIC.search(EMOJI.sub("", text)):
        return Kind.EMOJI
    if token.is_punct or token.is_space or not _ALPHANUMERIC.search(text):
        return Kind.MARK
    return Kind.WORD
