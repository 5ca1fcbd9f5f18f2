"""Every metric Parley reports, declared once.

A metric's name, type, unit, nullability, one-line description, source and the sets it belongs
to live here and nowhere else. Storage columns (db/models.py), the response schema
(app/api/schemas.py), the comparison and report sets, and the metric tables of
docs/methodology.md and the README are derived from this table or checked against it by tests.
Its computation lives in nlp/ (the module named by its group); tests keep the two in step.
"""

from __future__ import annotations

from metrics.model import Group, Metric, Role


def _roles(*roles: Role) -> frozenset[Role]:
    return frozenset(roles)


HEADLINE, REPORT, COMPONENT, DEPTH, AUTHORS = (
    Role.HEADLINE,
    Role.REPORT,
    Role.SCORE_COMPONENT,
    Role.DEPTH_BASED,
    Role.NEEDS_AUTHORS,
)
STRUCTURE, INTERACTION, TEXT, SCORE = Group

METRICS: tuple[Metric, ...] = (
    Metric("comments", STRUCTURE, int, "count", "Comments in the thread.", "—", nullable=False),
    Metric(
        "top_level", STRUCTURE, int, "count", "Comments on the post itself.", "—", nullable=False
    ),
    Metric(
        "replies",
        STRUCTURE,
        int,
        "count",
        "Comments replying to another comment.",
        "—",
        nullable=False,
    ),
    Metric("authors", STRUCTURE, int, "count", "Distinct known authors.", "—", nullable=False),
    Metric(
        "reply_share",
        STRUCTURE,
        float,
        "share",
        "Share of comments that reply to another comment.",
        "Thelwall, Sud & Vis 2012",
        roles=_roles(HEADLINE, REPORT, COMPONENT),
    ),
    Metric(
        "response_rate",
        STRUCTURE,
        float,
        "share",
        "Share of top-level comments (known author) answered directly by someone else.",
        "our definition, after Jakob et al. 2023 (responsiveness)",
        roles=_roles(HEADLINE, REPORT, COMPONENT),
    ),
    Metric(
        "max_depth",
        STRUCTURE,
        int,
        "depth",
        "Deepest comment; a top-level comment has depth 1.",
        "Coral `atoll`",
        nullable=False,
        roles=_roles(DEPTH),
    ),
    Metric(
        "mean_depth",
        STRUCTURE,
        float,
        "depth",
        "Mean comment depth; a top-level comment has depth 1.",
        "Coral `atoll`",
        roles=_roles(DEPTH),
    ),
    Metric(
        "max_width",
        STRUCTURE,
        int,
        "count",
        "Most direct replies to one comment.",
        "Coral `atoll`",
        nullable=False,
    ),
    Metric(
        "h_index",
        STRUCTURE,
        int,
        "depth",
        "Largest h with at least h comments at depth h.",
        "Gómez, Kaltenbrunner & López 2008",
        nullable=False,
        roles=_roles(DEPTH),
    ),
    Metric(
        "structural_virality",
        STRUCTURE,
        float,
        "depth",
        "Mean distance over all node pairs of the reply tree, post included "
        "(Wiener index / C(n,2)).",
        "Goel, Anderson, Hofman & Watts 2016",
        roles=_roles(DEPTH),
    ),
    Metric(
        "dyadic_pairs",
        INTERACTION,
        int,
        "count",
        "Author pairs who replied to each other both ways (self-replies excluded).",
        'ConvoKit HyperConvo "dyadic interaction motif" (Zhang et al. 2018)',
        roles=_roles(AUTHORS),
    ),
    Metric(
        "dyadic_share",
        INTERACTION,
        float,
        "share",
        "`dyadic_pairs` / author pairs connected by any reply.",
        "NodeXL reciprocated vertex pair ratio",
        roles=_roles(HEADLINE, REPORT, COMPONENT, AUTHORS),
    ),
    Metric(
        "reciprocity",
        INTERACTION,
        float,
        "share",
        "Share of author-to-author reply edges whose reverse exists.",
        "NodeXL reciprocated edge ratio (networkx `reciprocity`)",
        roles=_roles(AUTHORS),
    ),
    Metric(
        "exchange_comment_share",
        INTERACTION,
        float,
        "share",
        "Share of comments on a path X ← Y ← X′ where X and X′ share an author other than "
        "Y's (X may be the post, its creator's turn).",
        "HyperConvo reciprocity motif, as a share",
        roles=_roles(HEADLINE, REPORT, COMPONENT, DEPTH, AUTHORS),
    ),
    Metric(
        "longest_back_and_forth",
        INTERACTION,
        int,
        "turns",
        "Most turns on one downward reply path alternating strictly between two known "
        "people; 0 below 3.",
        "our synthesis of the motif literature",
        roles=_roles(DEPTH, AUTHORS),
    ),
    Metric(
        "reentry_rate",
        INTERACTION,
        float,
        "share",
        "Share of known authors who comment again after someone else has spoken since "
        "their first comment.",
        "Backstrom et al. 2013",
        roles=_roles(HEADLINE, COMPONENT, AUTHORS),
    ),
    Metric(
        "creator_reply_share",
        INTERACTION,
        float,
        "share",
        "Share of replies written by the post's creator.",
        "YouTube Data Tools `isChannelOwner`; our share",
        roles=_roles(COMPONENT),
    ),
    Metric(
        "participation_gini",
        INTERACTION,
        float,
        "gini",
        "Gini coefficient of comments per known author.",
        "KONECT network statistics",
        roles=_roles(AUTHORS),
    ),
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
        roles=_roles(HEADLINE, REPORT, COMPONENT),
    ),
    Metric(
        "tag_only_share",
        TEXT,
        float,
        "share",
        "Share of comments that are only @mentions, emoji and punctuation.",
        "4CAT / Zeeschuimer tag-a-friend practice; our rule",
        roles=_roles(HEADLINE, REPORT),
    ),
    Metric(
        "low_content_share",
        TEXT,
        float,
        "share",
        "Share of comments with no content word (or only lol, omg, same…).",
        "our rule (§6)",
        roles=_roles(HEADLINE),
    ),
    Metric(
        "lexical_uptake",
        TEXT,
        float,
        "share",
        "Mean share of a reply's content words found in the comment it answers.",
        "lexical coordination, Danescu-Niculescu-Mizil et al. 2012",
        roles=_roles(HEADLINE, REPORT),
    ),
    Metric(
        "uptake_reply_share",
        TEXT,
        float,
        "share",
        "Share of replies taking up at least one content word of the comment they answer.",
        "responsiveness, Jakob et al. 2023",
        roles=_roles(COMPONENT),
    ),
    Metric("mean_tokens", TEXT, float, "words", "Mean words per comment.", "—"),
    Metric(
        "dialogue_score",
        SCORE,
        float,
        "points",
        "Parley's 0–100 Dialogue Score; see docs/methodology.md and `score_components`.",
        "docs/methodology.md §3",
        roles=_roles(HEADLINE, REPORT, DEPTH),
    ),
    Metric(
        "dialogue_category",
        SCORE,
        str,
        "label",
        "broadcast, reactive, conversational or deliberative.",
        "docs/methodology.md §3",
    ),
)

# The number users quote: the default of every comparison, leading every set it belongs to.
DIALOGUE_SCORE = "dialogue_score"
DIALOGUE_CATEGORY = "dialogue_category"
_BY_NAME = {metric.name: metric for metric in METRICS}


class UnknownMetric(KeyError):
    """A name that is not in the registry."""


def metric(name: str) -> Metric:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownMetric(name) from None


def names(*, group: Group | None = None, role: Role | None = None) -> tuple[str, ...]:
    """Metric names of one group and/or with one role. Registry (column) order, except that the
    Dialogue Score leads every set it belongs to: overviews and the report open with it."""
    chosen = [
        m
        for m in METRICS
        if (group is None or m.group is group) and (role is None or role in m.roles)
    ]
    return tuple(m.name for m in sorted(chosen, key=lambda m: m.group is not Group.SCORE))


def sortable() -> tuple[str, ...]:
    """Every numeric metric, in column order: what threads can be listed and compared by."""
    return tuple(m.name for m in METRICS if m.numeric)
