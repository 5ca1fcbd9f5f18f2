"""Comments of nothing but emoji skip the tokenizer (`SignalsComponent.emoji_only`): their
signals must be exactly those the multilingual pipeline computes token by token."""

from __future__ import annotations

from functools import cache
from typing import cast

import pytest
from spacy.language import Language

from nlp.pipeline import build_multilingual_pipeline, build_text_analyzer, comment_signals
from nlp.results import CommentSignals
from nlp.signals import SIGNALS_COMPONENT, SignalsComponent
from tests.nlp.random_text import random_strings

PICTOGRAPHS = "😂🥰❤☀⌚⬛〰〽㊗㊙🀄🃏🫠👍👨👩👧🤷♀⚽"
REGIONAL_INDICATORS = "🇪🇸🇫🇷"
MODIFIERS = "\ufe0f🏻🏽🏿\U000e0067\U000e007f"
WHITESPACE = [" ", "  ", "\n", "\t", "\u3000", "\u00a0", "\r\n"]
PIECES = [*PICTOGRAPHS, *REGIONAL_INDICATORS, *MODIFIERS, "\u200d", *WHITESPACE]


@cache
def multilingual() -> Language:
    return build_multilingual_pipeline(["en", "es"])


def component() -> SignalsComponent:
    return cast(SignalsComponent, multilingual().get_pipe(SIGNALS_COMPONENT))


def tokenized(text: str) -> CommentSignals:
    return component().signals(multilingual().make_doc(text), text)


def random_texts(count: int, seed: int) -> list[str]:
    return random_strings(PIECES, count, seed, longest=12)


@pytest.mark.parametrize(
    "text",
    [
        "😂",
        "😂😂😂",
        "❤️❤️❤️",
        "👍🏽",
        "🇪🇸🇫🇷",
        " 🥰🥰 ",
        "👨\u200d👩\u200d👧",
        "🤷\u200d♀️\n😂",
        "\u200d😂",
    ],
)
def test_emoji_only_texts_get_the_signals_tokenizing_gives(text: str) -> None:
    assert component().emoji_only(text) == tokenized(text)


def test_random_emoji_and_whitespace_match_tokenizing() -> None:
    texts = random_texts(3000, seed=13)
    fast = {text: component().emoji_only(text) for text in texts}
    taken = [text for text, signals in fast.items() if signals is not None]
    assert len(taken) > 2000  # most hold a pictograph; the rest are only joiners and spaces
    assert [fast[text] for text in taken] == [tokenized(text) for text in taken]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\ufe0f",
        "\u200d",
        "1️⃣",
        "#️⃣",
        "😂?",
        "😂!",
        "😂.",
        "😂#fyp",
        "😂2",
        "😂 lol",
        "@ann 😂",
    ],
)
def test_anything_else_is_tokenized(text: str) -> None:
    assert component().emoji_only(text) is None


def test_comment_signals_of_emoji_comments_are_those_of_tokenizing() -> None:
    texts = ["😂😂😂", "🥰", "so funny 😂", "❤️ ❤️", "1️⃣", "😂?"]
    analyzer = build_text_analyzer(["en", "es"])
    found = comment_signals(analyzer, texts)
    assert [s.language for s in found] == ["xx"] * len(texts)
    assert found == [tokenized(text) for text in texts]
