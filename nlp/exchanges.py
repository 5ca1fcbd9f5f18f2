"""Back-and-forth exchanges: downward reply paths alternating strictly between two people."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, compress

from nlp.tree import POST, Node, PostNode, ReplyTree


@dataclass(frozen=True, slots=True)
class Exchange:
    """One maximal back-and-forth, top turn first.

    When the post is the first turn (its creator's), `opens_with_post` is set; the post is not
    a comment, so it is counted in `turns` but not listed in `comment_ids`.
    """

    comment_ids: tuple[str, ...]
    authors: tuple[str, str]  # who takes the first turn, who answers
    turns: int
    opens_with_post: bool


def find_exchanges(tree: ReplyTree, min_turns: int = 3) -> list[Exchange]:
    """Every maximal alternating path A, B, A, ... of at least `min_turns` turns.

    Longest first, ties by earliest first turn (the post before any comment), then earliest
    last turn. Maximal: not extendable upward or downward, so no exchange is reported inside a
    longer one. Time is linear in the tree plus the length of the reported paths.
    """
    if min_turns < 2:
        raise ValueError(f"an exchange needs two people, so min_turns >= 2 (got {min_turns})")
    run, children = alternating_runs(tree), tree.children
    # The post's run is at most 1, so the runs long enough are all comments'.
    long_enough = compress(run, map(min_turns.__le__, run.values()))
    # A path ending at c extends to a child exactly when the child's run is one longer.
    exchanges = [
        _exchange_ending_at(tree, cid, run[cid])
        for cid in long_enough
        if isinstance(cid, str) and not any(run[r] == run[cid] + 1 for r in children.get(cid, ()))
    ]
    if len(exchanges) < 2:  # nothing to order
        return exchanges
    rank = {cid: i for i, cid in enumerate(tree.comments)}

    def order(e: Exchange) -> tuple[int, int, int]:
        first = -1 if e.opens_with_post else rank[e.comment_ids[0]]
        return (-e.turns, first, rank[e.comment_ids[-1]])

    return sorted(exchanges, key=order)


def alternating_runs(tree: ReplyTree) -> dict[Node, int]:
    """Turns in the longest alternating path ending at each node, going up (0: unknown author).

    The post is its creator's turn, a path of 1 when the creator is known. The one place the
    alternation rule is written: `find_exchanges` and the longest back-and-forth metric both
    read these runs.
    """
    parent, authors, children = tree.parent, tree.authors, tree.children
    run: dict[Node, int] = {POST: 0 if tree.creator is None else 1}
    # Parent by parent, parents first (breadth-first, so `run` lists nodes in `depth` order):
    # what decides a reply's run is its parent's author and run, looked up once per parent.
    nodes: Iterable[Node] = chain((POST,), tree.depth)
    for up in filter(children.__contains__, nodes):
        previous = authors[up]
        # The author who would extend the parent's alternating path by one more turn.
        again = authors[parent[up]] if isinstance(up, str) and run[up] >= 2 else None
        longer = run[up] + 1
        for cid in children[up]:
            author = authors[cid]
            if author is None:
                run[cid] = 0
            elif previous is None or previous == author:
                run[cid] = 1
            elif author == again:
                run[cid] = longer
            else:
                run[cid] = 2
    return run


def _exchange_ending_at(tree: ReplyTree, last: str, turns: int) -> Exchange:
    path: list[Node] = [last]
    node = last
    for _ in range(turns - 1):
        up = tree.parent[node]
        path.append(up)
        if isinstance(up, PostNode):  # the post has no parent: it can only be the top turn
            break
        node = up
    path.reverse()
    first, second = tree.author(path[0]), tree.author(path[1])
    if first is None or second is None:
        raise AssertionError("an alternating run only joins comments with known authors")
    ids = tuple(node for node in path if isinstance(node, str))
    return Exchange(ids, (first, second), turns, opens_with_post=path[0] is POST)
