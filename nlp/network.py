"""A thread's two networks as exported for Gephi and friends: the reply tree (one node per
comment, an edge from each reply to its parent) and who replies to whom (one node per known
author, an edge weighted by the replies from one author to another).

Both are read off the repaired reply tree that was measured (nlp/tree.py) and the author graph
the interaction metrics use (nlp/interaction.py), so an export shows what the metrics counted.
Attribute values are str, int or bool (GraphML and GEXF have no datetime or null): times are ISO
8601 strings, and an attribute that is unknown (a comment without author or timestamp) is left
off its node rather than written empty.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from enum import StrEnum

import networkx as nx

from nlp.interaction import author_graph
from nlp.thread import Comment
from nlp.tree import POST, ReplyTree

Attributes = dict[str, str | int | bool]


class NodeKind(StrEnum):
    POST = "post"
    COMMENT = "comment"


def reply_network(tree: ReplyTree) -> nx.DiGraph[str]:
    """The reply tree with the post as a node: edges reply -> parent (a top-level comment points
    at the post). Comment nodes keep their comment id; the post's id is `post_node_id(tree)`.

    Node attributes: kind (post, comment), depth (the post 0, top-level comments 1),
    is_creator, author (when known), and for comments created_at (when known), reply_to_method
    (how the parent was decided: given, explicit_field, mention, platform_parent) and
    platform_reply_to (the platform's own parent, where re-targeting chose another)."""
    post = post_node_id(tree)
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.graph.update(_graph_attributes(tree, "replies"))
    graph.add_node(post, **_post_attributes(tree))
    graph.add_nodes_from((cid, _comment_attributes(tree, c)) for cid, c in tree.comments.items())
    graph.add_edges_from((cid, post if up is POST else up) for cid, up in tree.parent.items())
    return graph


def author_network(tree: ReplyTree) -> nx.DiGraph[str]:
    """Who replies to whom: one node per known author, an edge A -> B when A replied to B.

    Edge attributes: weight (how many replies A wrote to B) and reciprocated (B also replied to
    A; never for a self-loop, a reply to one's own comment). A top-level comment replies to the
    post's creator when the creator is known (graph attribute creator_known), as the
    interaction metrics count it. Node attributes: comments (written in the thread; 0 for a
    creator who only posted), first_seen (the earliest of them, when timed) and is_creator.
    Comments without a known author are left out with their replies and the replies to them;
    the graph attribute unknown_author_comments counts them."""
    replies = author_graph(tree)
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.graph.update(_graph_attributes(tree, "authors"), creator_known=tree.creator is not None)
    written = Counter(c.known_author for c in tree.comments.values())
    first = _first_seen(tree)
    for author in replies.nodes:
        node: Attributes = {"comments": written[author], "is_creator": author == tree.creator}
        if author in first:
            node["first_seen"] = first[author].isoformat()
        graph.add_node(author, **node)
    for source, target, data in replies.edges(data=True):
        mutual = source != target and replies.has_edge(target, source)
        graph.add_edge(source, target, weight=data["replies"], reciprocated=mutual)
    return graph


def post_node_id(tree: ReplyTree) -> str:
    """ "post", or "post-1", "post-2"… when a comment already has that id."""
    candidate, suffix = NodeKind.POST.value, 0
    while candidate in tree.comments:
        suffix += 1
        candidate = f"{NodeKind.POST.value}-{suffix}"
    return candidate


def _graph_attributes(tree: ReplyTree, kind: str) -> Attributes:
    return {"kind": kind, "unknown_author_comments": tree.integrity.unknown_author_comments}


def _post_attributes(tree: ReplyTree) -> Attributes:
    node: Attributes = {"kind": NodeKind.POST.value, "depth": 0, "is_creator": True}
    if tree.creator is not None:
        node["author"] = tree.creator
    return node


def _comment_attributes(tree: ReplyTree, comment: Comment) -> Attributes:
    author = comment.known_author
    node: Attributes = {
        "kind": NodeKind.COMMENT.value,
        "depth": tree.depth[comment.id],
        "is_creator": author is not None and author == tree.creator,
        "reply_to_method": comment.reply_to_method.value,
    }
    if author is not None:
        node["author"] = author
    if comment.created_at is not None:
        node["created_at"] = comment.created_at.isoformat()
    if comment.platform_reply_to not in (None, comment.reply_to):
        node["platform_reply_to"] = str(comment.platform_reply_to)
    return node


def _first_seen(tree: ReplyTree) -> dict[str, datetime]:
    """Each known author's earliest timed comment (untimed comments say nothing about it)."""
    first: dict[str, datetime] = {}
    for comment in tree.comments.values():
        author, at = comment.known_author, comment.created_at
        if author is not None and at is not None and (author not in first or at < first[author]):
            first[author] = at
    return first
