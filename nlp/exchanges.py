"""Back-and-forth exchanges: downward reply paths alternating strictly between two people."""

from __future__ import annotations

from dataclasses import dataclass

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
    run = alternating_runs(tree)
    # A path ending at c extends to a child exactly when the child's run is one longer.
    extended: set[Node] = set()
    for cid, up in tree.parent.items():
        if run[cid] == run.get(up, 0) + 1:
            extended.add(up)
    exchanges = [
        _exchange_ending_at(tree, cid, run[cid])
        for cid in tree.comments
        if run[cid] >= min_turns and cid not in extended
    ]
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
    run: dict[Node, int] = {POST: 0 if tree.creator is None else 1}
    for cid in tree.depth:  # parents before children
        up = tree.parent[cid]
        author, previous = tree.author(cid), tree.author(up)
        if author is None:
            run[cid] = 0
        elif previous is None or previous == author:
            run[cid] = 1
        elif up is not POST and run[up] >= 2 and tree.author(tree.parent[up]) == author:
            run[cid] = run[up] + 1
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
