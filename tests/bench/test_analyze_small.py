"""The small multilingual thread of bench.analyze_small."""

from __future__ import annotations

import json
from collections import Counter

from bench.analyze_small import (
    COMMENTS,
    ENGLISH,
    FRENCH_AND_INDONESIAN,
    OTHER_LANGUAGES,
    REACTIONS,
    small_thread,
)
from bench.generate import generate_thread
from importers.payload import Payload
from importers.registry import import_payload


def _without_mention(text: str) -> str:
    return text.split(" ", 1)[1] if text.startswith("@") else text


def test_every_comment_text_is_drawn_as_often_as_listed() -> None:
    texts = Counter(_without_mention(c["text"]) for c in small_thread()["comments"])
    assert texts.total() == COMMENTS == 100
    # 20 English comments three times (60) and the first eight of them once more (68 in all),
    # 8 reactions twice, 10 in other languages and 6 French or Indonesian ones once: 100.
    assert [texts[text] for text in ENGLISH] == [4] * 8 + [3] * 12
    assert all(texts[text] == 2 for text in REACTIONS)
    assert all(texts[text] == 1 for text in (*OTHER_LANGUAGES, *FRENCH_AND_INDONESIAN))


def test_replies_keep_their_mentions_and_the_structure_is_generated() -> None:
    thread = small_thread()
    structure = generate_thread(COMMENTS, seed=13)
    for comment, generated in zip(thread["comments"], structure["comments"], strict=True):
        assert comment["reply_to"] == generated["reply_to"]
        if generated["text"].startswith("@"):
            assert comment["text"].split()[0] == generated["text"].split()[0]


def test_the_thread_imports_whole_as_a_canonical_export() -> None:
    body = json.dumps(small_thread(), ensure_ascii=False).encode()
    (imported,) = import_payload(Payload(body, filename="small.json"))
    assert imported.report.format == "canonical"
    assert len(imported.thread.comments) == COMMENTS
