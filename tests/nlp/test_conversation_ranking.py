"""The page of conversations equals measuring every conversation as a sub-thread and ranking
them all, as `score_conversations` was first written: only lone comments are left unmeasured."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import replace

from nlp.analyze import thread_metrics
from nlp.conversations import ConversationScore, TextStep, conversations, rank_conversations
from nlp.presence import presence_metrics
from nlp.results import CommentSignals
from nlp.score_v2 import dialogue_score_v2
from nlp.text_metrics import text_metrics
from nlp.thread import Comment, Platform, Thread
from nlp.tree import build_reply_tree
from tests.nlp.test_conversations import signal
from tests.nlp.threads import Row, thread


def test_the_page_equals_measuring_every_conversation() -> None:
    # A random thread of 400 comments (replies to recent comments, chains, repeating authors,
    # the creator among them) with made-up signals: the page must be the head of the full
    # ranking, every conversation measured as a sub-thread, exactly.
    generated = random_thread(400, seed=3)
    signals = {c.id: made_up_signals(c) for c in generated.comments}
    every = all_measured(generated, signals)
    assert sum(c.comments == 1 for c in every) > 50  # enough lone comments to leave out
    for limit in (1, 20, 200, 500):
        page = rank_conversations(generated, limit, TextStep(lambda _: signals, text_metrics))
        assert page.total == len(every)
        assert page.shown == every[:limit]


WORDS = ("why", "how", "bread", "recipe", "rye", "lol", "great", "thanks", "@ann", "source")


def random_thread(size: int, seed: int) -> Thread:
    rng = random.Random(seed)
    authors = ["op", *(f"u{i}" for i in range(30)), None]
    rows: list[Row] = []
    for i in range(size):
        reply_to = None
        if i and rng.random() < 0.45:
            reply_to = f"c{max(0, i - 1 - int(rng.expovariate(0.3)))}"
        rows.append((f"c{i}", reply_to, rng.choice(authors)))
    comments = tuple(
        replace(c, text=" ".join(rng.choices(WORDS, k=rng.randint(1, 5))))
        for c in thread(*rows).comments
    )
    return Thread(Platform.YOUTUBE, "post", comments, creator="op")


def made_up_signals(comment: Comment) -> CommentSignals:
    words = comment.text.split()
    return replace(
        signal(*(w for w in words if w not in ("lol", "thanks", "@ann"))),
        is_question=words[0] in ("why", "how"),
        is_tag_only=len(words) == 1 and words[0].startswith("@"),
    )


def all_measured(t: Thread, signals: Mapping[str, CommentSignals]) -> list[ConversationScore]:
    """The ranking as it was first written: every conversation measured as a sub-thread."""
    tree = build_reply_tree(t)
    scored = []
    for opener, comments in conversations(tree).items():
        sub = build_reply_tree(replace(t, comments=comments))
        metrics = thread_metrics(sub)
        text = text_metrics(sub, signals)
        presence = presence_metrics(sub, signals, flattened_replies=True)
        score = dialogue_score_v2(metrics, text, presence)
        scored.append(ConversationScore(opener, len(comments), metrics, text, score, presence))
    rank = {cid: i for i, cid in enumerate(tree.comments)}
    return sorted(scored, key=lambda c: (-c.score.score, -c.comments, rank[c.top_level_id]))
