"""Declarations of the text, presence and score metrics (nlp/text_metrics.py,
nlp/presence.py, nlp/score.py)."""

from __future__ import annotations

from metrics.model import COMPONENT, DEPTH, HEADLINE, PRESENCE, REPORT, SCORE, TEXT, Metric, roles

TEXT_METRICS: tuple[Metric, ...] = (
    Metric(
        "question_share",
        TEXT,
        float,
        "share",
        "Share of comments that ask a question.",
        "rule-based question detection (§6)",
    ),
    Metric(
        "answered_question_share",
        TEXT,
        float,
        "share",
        "Share of questions answered directly by a different known author.",
        "question/answer acts, Zhang, Culbertson & Paritosh 2017",
        roles=roles(HEADLINE, REPORT, COMPONENT),
    ),
    Metric(
        "tag_only_share",
        TEXT,
        float,
        "share",
        "Share of comments that are only @mentions, emoji and punctuation.",
        "4CAT / Zeeschuimer tag-a-friend practice; our rule",
        roles=roles(HEADLINE, REPORT),
    ),
    Metric(
        "low_content_share",
        TEXT,
        float,
        "share",
        "Share of comments with no content word (or only lol, omg, same…).",
        "our rule (§6)",
        roles=roles(HEADLINE),
    ),
    Metric(
        "lexical_uptake",
        TEXT,
        float,
        "share",
        "Mean share of a reply's content words found in the comment it answers.",
        "lexical coordination, Danescu-Niculescu-Mizil et al. 2012",
        roles=roles(HEADLINE, REPORT),
    ),
    Metric(
        "uptake_reply_share",
        TEXT,
        float,
        "share",
        "Share of replies taking up at least one content word of the comment they answer.",
        "responsiveness, Jakob et al. 2023",
        roles=roles(COMPONENT),
    ),
    Metric("mean_tokens", TEXT, float, "words", "Mean words per comment.", "—"),
)

PRESENCE_METRICS: tuple[Metric, ...] = (
    Metric(
        "exchange_count",
        PRESENCE,
        int,
        "count",
        "Back-and-forth exchanges: maximal reply paths of at least 3 turns alternating strictly "
        "between two known people (the post is its creator's turn).",
        "HyperConvo reciprocity motif, counted; our synthesis",
    ),
    Metric(
        "exchange_participants",
        PRESENCE,
        int,
        "count",
        "Distinct known people taking a turn in any exchange.",
        "our definition (rubric: several participants)",
    ),
    Metric(
        "inferred_exchanges",
        PRESENCE,
        int,
        "count",
        "On platforms that flatten replies: runs of at least 3 turns alternating between two "
        "known people in time order inside one reply group. An inference.",
        "our definition (docs/methodology.md, flattened platforms)",
    ),
    Metric(
        "genuine_exchanges",
        PRESENCE,
        int,
        "count",
        "Exchanges with at least 3 substantive comments (not only a tag, emoji or lol); the "
        "post is not counted as a turn here.",
        "rubric level 2: a genuine back-and-forth",
    ),
    Metric(
        "genuine_exchange_participants",
        PRESENCE,
        int,
        "count",
        "Distinct known people taking a turn in a genuine exchange.",
        "rubric level 3: several participants",
    ),
    Metric(
        "answered_questions",
        PRESENCE,
        int,
        "count",
        "Questions by known authors with a direct reply from another known author.",
        "question/answer acts, Zhang, Culbertson & Paritosh 2017, counted",
    ),
    Metric(
        "answered_replies",
        PRESENCE,
        int,
        "count",
        "Substantive replies that got a substantive direct reply from someone else.",
        "rubric level 2: A says, B answers, A or others respond",
    ),
    Metric(
        "substantive_replies",
        PRESENCE,
        int,
        "count",
        "Replies that say something: not only @mentions, emoji or lol.",
        "our rule (§6)",
    ),
)

SCORE_METRICS: tuple[Metric, ...] = (
    Metric(
        "dialogue_score",
        SCORE,
        float,
        "points",
        "Parley's 0–100 Dialogue Score (version 2: amount, back-and-forth, density); see "
        "docs/methodology.md and `score_components`.",
        "docs/methodology.md §3",
        roles=roles(HEADLINE, REPORT, DEPTH),
    ),
    Metric(
        "dialogue_category",
        SCORE,
        str,
        "label",
        "broadcast, reactive, conversational or deliberative, from the rubric's definitions.",
        "docs/methodology.md §3",
    ),
)
