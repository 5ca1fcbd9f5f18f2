"""How much real dialogue a thread holds: counts, not shares.

The rubric's levels are about presence and amount ("at least one genuine back-and-forth",
"several multi-turn exchanges among several participants"): a large section with three real
exchanges holds more dialogue than a two-comment one, whatever their shares. These counts are
what the Dialogue Score v2 reads besides the shares of Metrics v1 (docs/methodology.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import count

from nlp.exchanges import Exchange, find_exchanges
from nlp.results import CommentSignals
from nlp.structure import NO_KNOWN_AUTHOR
from nlp.text_metrics import answered_questions
from nlp.tree import POST, Node, ReplyTree

MIN_TURNS = 3  # A, B, A: the smallest exchange that is answered back
NO_TEXT_STEP = "the text step was not run"
NOT_FLATTENED = "this platform keeps reply targets, so nothing is inferred from time order"
# Counted only with author ids: without them no turn can be told from another.
NEEDS_AUTHORS = ("exchange_count", "exchange_participants", "inferred_exchanges")
NEEDS_TEXT = (
    "genuine_exchanges",
    "genuine_exchange_participants",
    "answered_questions",
    "answered_replies",
)


@dataclass(frozen=True, slots=True)
class PresenceMetrics:
    exchange_count: int | None = None
    exchange_participants: int | None = None
    inferred_exchanges: int | None = None
    genuine_exchanges: int | None = None
    genuine_exchange_participants: int | None = None
    answered_questions: int | None = None
    answered_replies: int | None = None
    substantive_replies: int | None = None
    unavailable: dict[str, str] = field(default_factory=dict)


def presence_metrics(
    tree: ReplyTree,
    signals: Mapping[str, CommentSignals] | None,
    *,
    flattened_replies: bool,
) -> PresenceMetrics:
    """Counts of dialogue in a repaired tree; the text-based ones need every comment's signals.

    `flattened_replies`: the platform files every reply under its top-level comment, so
    exchanges inside a reply group are also inferred from time order (`inferred_exchanges`).
    """
    unavailable: dict[str, str] = {}
    known_authors = tree.has_known_author()
    exchanges = find_exchanges(tree, MIN_TURNS) if known_authors else []
    if not known_authors:
        unavailable |= dict.fromkeys((*NEEDS_AUTHORS, *NEEDS_TEXT[:2]), NO_KNOWN_AUTHOR)
    elif not flattened_replies:
        unavailable["inferred_exchanges"] = NOT_FLATTENED
    if signals is None:
        unavailable |= {
            name: NO_TEXT_STEP
            for name in (*NEEDS_TEXT, "substantive_replies")
            if name not in unavailable
        }
        genuine = None
    else:
        genuine = [e for e in exchanges if _substantive_turns(e, signals) >= MIN_TURNS]
    return PresenceMetrics(
        exchange_count=len(exchanges) if known_authors else None,
        exchange_participants=_participants(exchanges) if known_authors else None,
        inferred_exchanges=(
            inferred_exchanges(tree) if known_authors and flattened_replies else None
        ),
        genuine_exchanges=None if genuine is None or not known_authors else len(genuine),
        genuine_exchange_participants=(
            None if genuine is None or not known_authors else _participants(genuine)
        ),
        answered_questions=None if signals is None else answered_questions(tree, signals)[1],
        answered_replies=None if signals is None else answered_replies(tree, signals),
        substantive_replies=None if signals is None else _substantive_replies(tree, signals),
        unavailable=unavailable,
    )


def inferred_exchanges(tree: ReplyTree) -> int:
    """Back-and-forths read from time order inside each reply group of a flattened thread.

    A reply group is a top-level comment and every reply below it. Its known authors in time
    order (the top-level comment first) are cut into maximal runs alternating strictly between
    two people; each run of at least three turns (A, B, A) counts once. An inference, not an
    observed reply path: B's reply may answer someone else, and A's return may not answer B.
    """
    # Only the top-level comments with replies start a group that can hold three turns; each
    # group is gathered from its subtree rather than by labelling every comment with its
    # top-level one, as most top-level comments stand alone.
    children, authors = tree.children, tree.authors
    replied = [top for top in tree.replies(POST) if top in children]
    if not replied:
        return 0
    rank = dict(zip(tree.comments, count()))
    runs = 0
    for top in replied:
        group = _subtree(children, top)
        group.sort(key=rank.__getitem__)  # time order
        turns = list(filter(None, map(authors.__getitem__, group)))  # known authors are never ""
        if len(turns) >= MIN_TURNS:
            runs += alternating_turn_runs(turns)
    return runs


def _subtree(children: Mapping[Node, list[str]], top: str) -> list[str]:
    """`top` and every comment below it."""
    nodes = [top]
    for node in nodes:  # grows as it goes: each node's replies are visited in turn
        nodes += children.get(node, ())
    return nodes


def alternating_turn_runs(authors: Sequence[str]) -> int:
    """Maximal runs x, y, x, y, … (two people, never the same twice in a row) of >= 3 turns."""
    runs = 0
    length = 1
    for i in range(1, len(authors)):
        if authors[i] == authors[i - 1]:
            length = 1
        elif length >= 2 and authors[i] == authors[i - 2]:
            length += 1
        else:
            runs += length >= MIN_TURNS
            length = 2
    return runs + (length >= MIN_TURNS)


def _substantive(signals: CommentSignals) -> bool:
    return not (signals.is_low_content or signals.is_tag_only)


def _substantive_turns(exchange: Exchange, signals: Mapping[str, CommentSignals]) -> int:
    """Comments of the exchange that say something. The post does not count: a comment and
    the creator's thank-you under it read as one answer, not as a back-and-forth."""
    return sum(_substantive(signals[cid]) for cid in exchange.comment_ids)


def answered_replies(tree: ReplyTree, signals: Mapping[str, CommentSignals]) -> int:
    """Substantive replies that got a substantive direct reply from someone else: the rubric's
    "A says, B answers, A or others respond". An unknown author counts as someone else."""
    answered = 0
    for cid, up in tree.parent.items():
        if up is POST or not _substantive(signals[cid]):
            continue
        author = tree.author(cid)
        answered += any(
            _substantive(signals[reply]) and (author is None or tree.author(reply) != author)
            for reply in tree.replies(cid)
        )
    return answered


def _participants(exchanges: Sequence[Exchange]) -> int:
    return len({author for e in exchanges for author in e.authors})


def _substantive_replies(tree: ReplyTree, signals: Mapping[str, CommentSignals]) -> int:
    return sum(_substantive(signals[cid]) for cid, up in tree.parent.items() if up is not POST)
