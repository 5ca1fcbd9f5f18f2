"""Build the repaired reply tree of a thread: one node per comment plus one for the post.

Edges point child -> parent. Every repair is counted in `Integrity`; nothing is dropped silently.
Nothing here recurses, so reply chains of any depth are fine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Final

import networkx as nx

from nlp.results import Integrity, PlacedComment
from nlp.thread import Comment, Thread, time_order


class PostNode(Enum):
    """The post's node key: an enum member can never be equal to a comment id (a str)."""

    POST = "post"


POST: Final = PostNode.POST
Node = str | PostNode


class DuplicateCommentId(ValueError):
    """Different comments share an id, so replies to that id cannot be placed."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids: tuple[str, ...] = tuple(sorted(set(ids)))
        super().__init__("different comments share an id: " + ", ".join(self.ids))


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplyTree:
    """A thread's repaired reply tree.

    `graph` is the tree itself. Nodes and edges are added in time order, so
    `graph.predecessors(node)` yields a node's direct replies in time order.
    `parent`, `depth` and `authors` are looked up once here because every metric needs them.
    """

    graph: nx.DiGraph[Node]
    comments: dict[str, Comment]  # deduplicated, in time order
    parent: dict[str, Node]  # effective parent after repair; POST for top-level comments
    depth: dict[str, int]  # top-level = 1; in breadth-first order, so parents precede children
    creator: str | None  # the post creator's known author id
    authors: dict[Node, str | None]  # known author of every node, the post's being the creator
    integrity: Integrity

    def author(self, node: Node) -> str | None:
        """Who wrote a node: the post counts as its creator's turn."""
        return self.authors[node]


def build_reply_tree(thread: Thread) -> ReplyTree:
    """Repair the thread's reply structure into a tree rooted at the post."""
    unique, duplicates = _deduplicate(thread.comments)
    # one missing timestamp puts the whole thread in input order (reported as order_basis)
    ordered = [unique[i] for i in time_order(unique)]
    comments = {c.id: c for c in ordered}
    rank = {cid: i for i, cid in enumerate(comments)}

    parent: dict[str, Node] = {}
    self_replies = orphans = 0
    for c in ordered:
        if c.reply_to is None or c.reply_to == thread.external_id:
            parent[c.id] = POST
        elif c.reply_to == c.id:
            parent[c.id] = POST
            self_replies += 1
        elif c.reply_to not in comments:
            parent[c.id] = POST
            orphans += 1
        else:
            parent[c.id] = c.reply_to
    graph = _link(comments, parent)
    depth = _depths(graph)
    cycles_broken = 0
    if len(depth) < len(comments):
        # Following parents from a comment that never reaches the post must end in a cycle,
        # so only the unreached comments need searching.
        unreached = graph.subgraph(comments.keys() - depth.keys())
        cycles_broken = _break_cycles(unreached, parent, rank)
        # Rebuilt rather than patched, so each node's replies stay listed in time order.
        graph = _link(comments, parent)
        depth = _depths(graph)

    missing = sum(c.created_at is None for c in ordered)
    integrity = Integrity(
        orphans=orphans,
        self_replies=self_replies,
        cycles_broken=cycles_broken,
        duplicates_collapsed=duplicates,
        unknown_author_comments=sum(c.known_author is None for c in ordered),
        self_loops=_count_self_loops(comments, parent),
        missing_timestamps=missing,
        order_basis="timestamps" if missing == 0 else "input_order",
    )
    authors: dict[Node, str | None] = {cid: c.known_author for cid, c in comments.items()}
    authors[POST] = thread.known_creator
    return ReplyTree(
        graph=graph,
        comments=comments,
        parent=parent,
        depth=depth,
        creator=thread.known_creator,
        authors=authors,
        integrity=integrity,
    )


def tree_order(tree: ReplyTree) -> tuple[PlacedComment, ...]:
    """Pre-order walk from the post, siblings in time order (iterative, any depth)."""
    walk = nx.dfs_preorder_nodes(tree.graph.reverse(copy=False), POST)
    placed = []
    for node in walk:
        if node is POST:
            continue
        up = tree.parent[node]
        placed.append(PlacedComment(node, None if up is POST else up, tree.depth[node]))
    return tuple(placed)


def openers(tree: ReplyTree) -> dict[str, str]:
    """Comment id -> the top-level comment its conversation starts with (itself when top-level)."""
    opener: dict[str, str] = {}
    for cid in tree.depth:  # parents before children
        up = tree.parent[cid]
        opener[cid] = cid if isinstance(up, PostNode) else opener[up]
    return opener


def _deduplicate(comments: Sequence[Comment]) -> tuple[list[Comment], int]:
    """Keep the first of exact repeats; different comments under one id are an error."""
    first: dict[str, Comment] = {}
    duplicates = 0
    conflicts: set[str] = set()
    for c in comments:
        seen = first.get(c.id)
        if seen is None:
            first[c.id] = c
        elif seen == c:
            duplicates += 1
        else:
            conflicts.add(c.id)
    if conflicts:
        raise DuplicateCommentId(conflicts)
    return list(first.values()), duplicates


def _link(comments: dict[str, Comment], parent: dict[str, Node]) -> nx.DiGraph[Node]:
    graph: nx.DiGraph[Node] = nx.DiGraph()
    graph.add_node(POST)
    graph.add_nodes_from(comments)
    graph.add_edges_from(parent.items())
    return graph


def _depths(graph: nx.DiGraph[Node]) -> dict[str, int]:
    """Depth of every comment reachable from the post, breadth-first (parents first)."""
    lengths = nx.single_source_shortest_path_length(graph.reverse(copy=False), POST)
    return {node: d for node, d in lengths.items() if not isinstance(node, PostNode)}


def _break_cycles(graph: nx.DiGraph[Node], parent: dict[str, Node], rank: dict[str, int]) -> int:
    """Make the earliest comment of each reply cycle top-level; return the number of cycles.

    Each comment has one parent, so every strongly connected component with more than one
    comment is exactly one cycle. The earliest comment cannot
    really reply to a later one, so its parent link is the one that is wrong.
    """
    broken = 0
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1:
            cycle = [node for node in component if isinstance(node, str)]  # never the post
            parent[min(cycle, key=rank.__getitem__)] = POST
            broken += 1
    return broken


def _count_self_loops(comments: dict[str, Comment], parent: dict[str, Node]) -> int:
    loops = 0
    for cid, up in parent.items():
        if up is POST:
            continue
        author = comments[cid].known_author
        if author is not None and author == comments[up].known_author:
            loops += 1
    return loops
