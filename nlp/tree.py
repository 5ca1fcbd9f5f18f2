"""Build the repaired reply tree of a thread: one node per comment plus one for the post.

Edges point child -> parent. Every repair is counted in `Integrity`; nothing is dropped silently.
Nothing here recurses, so reply chains of any depth are fine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from operator import attrgetter, countOf
from typing import Final

import networkx as nx

from nlp.results import Integrity, PlacedComment
from nlp.thread import Comment, Thread, time_order


class PostNode(Enum):
    """The post's node key: an enum member can never be equal to a comment id (a str)."""

    POST = "post"

    # Enum hashes its members in Python; the post is a key of every per-node dict, so the
    # builtin identity hash (the member is a singleton) keeps those lookups in C.
    __hash__ = object.__hash__


POST: Final = PostNode.POST
Node = str | PostNode
_ID = attrgetter("id")
_KNOWN_AUTHOR = attrgetter("known_author")
_CREATED_AT = attrgetter("created_at")


class DuplicateCommentId(ValueError):
    """Different comments share an id, so replies to that id cannot be placed."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids: tuple[str, ...] = tuple(sorted(set(ids)))
        super().__init__("different comments share an id: " + ", ".join(self.ids))


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplyTree:
    """A thread's repaired reply tree.

    `children` holds each node's direct replies in time order (only nodes that have some);
    `graph` is the same tree as a networkx graph, built on first use, whose
    `graph.predecessors(node)` yields those replies in the same order.
    `parent`, `depth` and `authors` are looked up once here because every metric needs them.
    """

    comments: dict[str, Comment]  # deduplicated, in time order
    parent: dict[str, Node]  # effective parent after repair; POST for top-level comments
    children: dict[Node, list[str]]  # direct replies in time order; absent: no reply
    depth: dict[str, int]  # top-level = 1; in breadth-first order, so parents precede children
    creator: str | None  # the post creator's known author id
    authors: dict[Node, str | None]  # known author of every node, the post's being the creator
    integrity: Integrity
    _graph: nx.DiGraph[Node] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def graph(self) -> nx.DiGraph[Node]:
        """The tree as a networkx graph, edges child -> parent. Built on first use: the metrics
        walk `children` and `parent` (bench/structure.py measured building a graph per tree
        as the largest cost of the structure step), other readers get the graph."""
        if self._graph is None:
            graph: nx.DiGraph[Node] = nx.DiGraph()
            graph.add_node(POST)
            graph.add_nodes_from(self.comments)
            graph.add_edges_from(self.parent.items())
            object.__setattr__(self, "_graph", graph)
            return graph
        return self._graph

    def author(self, node: Node) -> str | None:
        """Who wrote a node: the post counts as its creator's turn."""
        return self.authors[node]

    def replies(self, node: Node) -> Sequence[str]:
        """The direct replies to a node, in time order."""
        return self.children.get(node, ())

    def has_known_author(self) -> bool:
        """Whether any comment has a known author."""
        return self.integrity.unknown_author_comments < len(self.comments)


def build_reply_tree(thread: Thread) -> ReplyTree:
    """Repair the thread's reply structure into a tree rooted at the post."""
    unique, duplicates = _deduplicate(thread.comments)
    # one missing timestamp puts the whole thread in input order (reported as order_basis)
    ordered = [unique[i] for i in time_order(unique)]
    comments = dict(zip(map(_ID, ordered), ordered, strict=True))

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
    children = _children(parent)
    depth = _depths(children)
    cycles_broken = 0
    if len(depth) < len(comments):
        # Following parents from a comment that never reaches the post must end in a cycle,
        # so only the unreached comments need searching.
        cycles_broken = _break_cycles(comments.keys() - depth.keys(), parent, comments)
        # Rebuilt rather than patched, so each node's replies stay listed in time order.
        children = _children(parent)
        depth = _depths(children)

    authors: dict[Node, str | None] = dict(zip(comments, map(_KNOWN_AUTHOR, ordered), strict=True))
    missing = countOf(map(_CREATED_AT, ordered), None)
    integrity = Integrity(
        orphans=orphans,
        self_replies=self_replies,
        cycles_broken=cycles_broken,
        duplicates_collapsed=duplicates,
        unknown_author_comments=countOf(authors.values(), None),
        self_loops=_count_self_loops(children, authors),
        missing_timestamps=missing,
        order_basis="timestamps" if missing == 0 else "input_order",
    )
    authors[POST] = thread.known_creator
    return ReplyTree(
        comments=comments,
        parent=parent,
        children=children,
        depth=depth,
        creator=thread.known_creator,
        authors=authors,
        integrity=integrity,
    )


def tree_order(tree: ReplyTree) -> tuple[PlacedComment, ...]:
    """Pre-order walk from the post, siblings in time order (iterative, any depth)."""
    # A stack over `children`, not nx.dfs_preorder_nodes on the graph: one linear pass, and
    # no graph to build (see ReplyTree.graph). Most top-level comments have no reply, so
    # only the others start a stack.
    parent, depth = tree.parent, tree.depth
    replies_to = tree.children.get
    placed: list[PlacedComment] = []
    add = placed.append
    for top in replies_to(POST, ()):
        add(PlacedComment(top, None, 1))
        if (replies := replies_to(top)) is None:
            continue
        stack = replies[::-1]
        while stack:
            node = stack.pop()
            up = parent[node]
            add(PlacedComment(node, None if isinstance(up, PostNode) else up, depth[node]))
            if (replies := replies_to(node)) is not None:
                stack += replies[::-1]
    return tuple(placed)


def openers(tree: ReplyTree) -> dict[str, str]:
    """Comment id -> the top-level comment its conversation starts with (itself when top-level)."""
    opener: dict[str, str] = {}
    parent = tree.parent
    for cid in tree.depth:  # parents before children
        up = parent[cid]
        opener[cid] = cid if isinstance(up, PostNode) else opener[up]
    return opener


def _deduplicate(comments: Sequence[Comment]) -> tuple[list[Comment], int]:
    """Keep the first of exact repeats; different comments under one id are an error."""
    first = dict(zip(map(_ID, comments), comments, strict=True))
    if len(first) == len(comments):  # no id repeats: the usual case, settled in one pass
        return list(comments), 0
    first = {}
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


def _children(parent: dict[str, Node]) -> dict[Node, list[str]]:
    """Each node's direct replies, in the order of `parent` (time order)."""
    children: dict[Node, list[str]] = {}
    for cid, up in parent.items():
        below = children.get(up)
        if below is None:
            children[up] = [cid]
        else:
            below.append(cid)
    return children


def _depths(children: dict[Node, list[str]]) -> dict[str, int]:
    """Depth of every comment reachable from the post, breadth-first (parents first).

    Level by level over `children`, in the order nx.single_source_shortest_path_length gives:
    one linear pass without building a graph (see ReplyTree.graph)."""
    depth: dict[str, int] = {}
    level = children.get(POST, [])
    d = 1
    while level:
        below: list[str] = []
        for node in level:
            depth[node] = d
            replies = children.get(node)
            if replies is not None:
                below += replies
        level = below
        d += 1
    return depth


def _break_cycles(
    unreached: set[str], parent: dict[str, Node], comments: dict[str, Comment]
) -> int:
    """Make the earliest comment of each reply cycle top-level; return the number of cycles.

    Each comment has one parent, so every strongly connected component with more than one
    comment is exactly one cycle. The earliest comment cannot
    really reply to a later one, so its parent link is the one that is wrong.
    """
    rank = {cid: i for i, cid in enumerate(comments)}
    # The parent of an unreached comment is unreached too (else it would be reached).
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(unreached)
    graph.add_edges_from((cid, up) for cid in unreached if isinstance(up := parent[cid], str))
    broken = 0
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1:
            parent[min(component, key=rank.__getitem__)] = POST
            broken += 1
    return broken


def _count_self_loops(children: dict[Node, list[str]], authors: dict[Node, str | None]) -> int:
    loops = 0
    for up, replies in children.items():
        author = authors[up] if isinstance(up, str) else None  # answering the post is no loop
        if author is not None:
            loops += countOf(map(authors.__getitem__, replies), author)
    return loops
