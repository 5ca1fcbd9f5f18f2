"""Back-and-forth exchanges on small drawn threads, and their properties on random trees."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.exchanges import Exchange, alternating_runs, find_exchanges
from nlp.interaction import longest_back_and_forth
from nlp.thread import Thread
from nlp.tree import POST, Node, build_reply_tree
from tests.nlp.threads import EIGHT, Row, chain, thread


def exchanges(t: Thread, min_turns: int = 3) -> list[Exchange]:
    return find_exchanges(build_reply_tree(t), min_turns)


def test_the_post_is_its_creators_first_turn() -> None:
    # post (op)
    # ├── a  ann
    # │   ├── b  bob
    # │   │   └── c  ann      ann, bob, ann
    # │   └── d  ann
    # ├── e  bob
    # │   └── f  op           post(op), bob, op
    # └── g  [deleted]
    #     └── h  cat
    # both 3 turns: the one opening with the post starts first
    assert exchanges(EIGHT) == [
        Exchange(("e", "f"), ("op", "bob"), 3, opens_with_post=True),
        Exchange(("a", "b", "c"), ("ann", "bob"), 3, opens_with_post=False),
    ]


def test_only_maximal_paths_longest_first() -> None:
    # post (op)
    # ├── a  ann
    # │   └── b  bob
    # │       └── c  ann
    # │           └── d  bob     a..d: 4 turns; a..c and b..d are inside it, not reported
    # └── e  cat
    #     ├── f  dan
    #     │   └── g  cat         e, f, g: cat, dan, cat (op, cat, dan is no alternation)
    #     └── h  op              post, e, h: op, cat, op
    t = thread(
        ("a", None, "ann"),
        ("b", "a", "bob"),
        ("c", "b", "ann"),
        ("d", "c", "bob"),
        ("e", None, "cat"),
        ("f", "e", "dan"),
        ("g", "f", "cat"),
        ("h", "e", "op"),
    )
    # post, e, h starts at the post, before e, f, g starts at e
    assert [(e.comment_ids, e.turns, e.opens_with_post) for e in exchanges(t)] == [
        (("a", "b", "c", "d"), 4, False),
        (("e", "h"), 3, True),
        (("e", "f", "g"), 3, False),
    ]


def test_branches_below_one_exchange_are_reported_each() -> None:
    # post (creator unknown)
    # └── a  ann
    #     └── b  bob
    #         ├── c  ann     a, b, c
    #         └── d  ann     a, b, d: shares a and b, but neither is inside the other
    t = thread(
        ("a", None, "ann"), ("b", "a", "bob"), ("c", "b", "ann"), ("d", "b", "ann"), creator=None
    )
    assert [e.comment_ids for e in exchanges(t)] == [("a", "b", "c"), ("a", "b", "d")]


def test_a_third_person_or_unknown_author_ends_the_exchange() -> None:
    # post (creator unknown)
    # └── a  ann
    #     └── b  bob
    #         └── c  cat        bob, cat only 2 turns; ann, bob 2 turns
    #             └── d  bob    b, c, d: bob, cat, bob
    #                 └── e  [deleted]
    #                     └── f  bob   the unknown author breaks the run
    t = thread(
        ("a", None, "ann"),
        ("b", "a", "bob"),
        ("c", "b", "cat"),
        ("d", "c", "bob"),
        ("e", "d", "[deleted]"),
        ("f", "e", "bob"),
        creator=None,
    )
    assert exchanges(t) == [Exchange(("b", "c", "d"), ("bob", "cat"), 3, opens_with_post=False)]
    assert [e.comment_ids for e in exchanges(t, min_turns=2)] == [("b", "c", "d"), ("a", "b")]


def test_answering_oneself_is_not_a_turn() -> None:
    # post (creator unknown) <- a ann <- b bob <- c bob <- d ann: bob, bob is no alternation
    t = thread(
        ("a", None, "ann"), ("b", "a", "bob"), ("c", "b", "bob"), ("d", "c", "ann"), creator=None
    )
    assert exchanges(t) == []
    assert [e.comment_ids for e in exchanges(t, min_turns=2)] == [("a", "b"), ("c", "d")]


def test_alternating_runs_counted_by_hand() -> None:
    # post (op)                     run: turns of the longest alternating path ending here
    # ├── a  ann                    2   op, ann
    # │   └── b  op                 3   op, ann, op
    # │       └── c  ann            4   op, ann, op, ann
    # │           └── d  cat        2   ann, cat: a third person starts over
    # ├── e  ann                    2   op, ann
    # │   └── f  ann                1   ann answering herself
    # │       └── g  bob            2   ann, bob
    # │           └── h  ann        3   ann, bob, ann
    # └── i  [deleted]              0   unknown author
    #     └── j  bob                1   answers an unknown author
    rows: list[Row] = [
        ("a", None, "ann"),
        ("b", "a", "op"),
        ("c", "b", "ann"),
        ("d", "c", "cat"),
        ("e", None, "ann"),
        ("f", "e", "ann"),
        ("g", "f", "bob"),
        ("h", "g", "ann"),
        ("i", None, "[deleted]"),
        ("j", "i", "bob"),
    ]
    tree = build_reply_tree(thread(*rows))
    runs: dict[Node, int] = {
        "a": 2,
        "b": 3,
        "c": 4,
        "d": 2,
        "e": 2,
        "f": 1,
        "g": 2,
        "h": 3,
        "i": 0,
        "j": 1,
    }
    assert alternating_runs(tree) == {POST: 1, **runs}
    assert longest_back_and_forth(tree) == 4
    # Creator unknown: the post is no turn, so the runs that start at it (a, b, c and e) are
    # one turn shorter; d, f, g, h, i, j never reach the post.
    tree = build_reply_tree(thread(*rows, creator=None))
    assert alternating_runs(tree) == {POST: 0, **runs, "a": 1, "b": 2, "c": 3, "e": 1}
    assert longest_back_and_forth(tree) == 3


def test_min_turns_below_two_is_refused() -> None:
    with pytest.raises(ValueError, match="min_turns >= 2"):
        exchanges(EIGHT, min_turns=1)


def test_a_100000_turn_chain_is_one_exchange() -> None:
    # c0 ann <- c1 bob <- c2 ann ...; the post (op) is nobody's partner here
    (found,) = exchanges(chain(100_000))
    assert (found.turns, found.authors, found.opens_with_post) == (100_000, ("ann", "bob"), False)
    assert found.comment_ids[0] == "c0"
    assert found.comment_ids[-1] == "c99999"


@st.composite
def threads(draw: st.DrawFn) -> Thread:
    n = draw(st.integers(0, 14))
    rows: list[Row] = []
    for i in range(n):
        parent = draw(st.integers(-1, i - 1))
        author = draw(st.sampled_from(["op", "ann", "bob", "cat", None]))
        rows.append((f"c{i}", f"c{parent}" if parent >= 0 else None, author))
    return thread(*rows, creator=draw(st.sampled_from(["op", None])))


@settings(max_examples=300)
@given(t=threads(), min_turns=st.integers(2, 5))
def test_every_exchange_alternates_is_maximal_and_sorted(t: Thread, min_turns: int) -> None:
    tree = build_reply_tree(t)
    found = find_exchanges(tree, min_turns)
    run = alternating_runs(tree)
    for e in found:
        nodes: list[Node] = [POST] if e.opens_with_post else []
        nodes += e.comment_ids
        assert len(nodes) == e.turns >= min_turns
        assert all(tree.parent[c] == up for up, c in itertools.pairwise(e.comment_ids))
        assert not e.opens_with_post or tree.parent[e.comment_ids[0]] is POST
        assert [tree.author(n) for n in nodes] == [e.authors[i % 2] for i in range(e.turns)]
        assert e.authors[0] != e.authors[1]
        # maximal: no reply continues it, and it starts where its run starts
        last = nodes[-1]
        assert not any(run[c] == e.turns + 1 for c in tree.graph.predecessors(last))
        assert run[last] == e.turns
    assert len({e.comment_ids for e in found}) == len(found)
    rank = {cid: i for i, cid in enumerate(tree.comments)}
    keys = [(-e.turns, -1 if e.opens_with_post else rank[e.comment_ids[0]]) for e in found]
    assert keys == sorted(keys)
    longest = longest_back_and_forth(tree)
    assert max((e.turns for e in find_exchanges(tree)), default=0) == longest
