"""The exported networks on small drawn threads, every node, edge and attribute worked by hand."""

from __future__ import annotations

from nlp.network import author_network, post_node_id, reply_network
from nlp.thread import Comment, ReplyToMethod
from nlp.tree import build_reply_tree
from tests.nlp.threads import at, thread

# post (creator unknown: a top-level comment replies to nobody)
# ├── b1  B                 minute 1
# │   ├── a1  A             minute 2   A → B
# │   │   ├── b2  B         minute 3   B → A
# │   │   └── c1  C         minute 4   C → A
# │   └── a2  A             minute 5   A → B again
AB_BA_CA_AB = thread(
    ("b1", None, "B"),
    ("a1", "b1", "A"),
    ("b2", "a1", "B"),
    ("c1", "a1", "C"),
    ("a2", "b1", "A"),
    creator=None,
)

# post (creator op)
# ├── a  ann                ann → op
# │   └── b  ann            ann → ann: a self-loop, never reciprocated
# ├── c  [deleted]          unknown author: no node, no edge
# │   └── d  op             replies to an unknown author: no edge
# └── e  bob                bob → op
WITH_UNKNOWN = thread(
    ("a", None, "ann"),
    ("b", "a", "ann"),
    ("c", None, "[deleted]"),
    ("d", "c", "op"),
    ("e", None, "bob"),
)


def test_weights_count_replies_and_only_a_pair_answering_both_ways_is_reciprocated() -> None:
    graph = author_network(build_reply_tree(AB_BA_CA_AB))
    edges = {(u, v): (d["weight"], d["reciprocated"]) for u, v, d in graph.edges(data=True)}
    assert edges == {("A", "B"): (2, True), ("B", "A"): (1, True), ("C", "A"): (1, False)}
    assert dict(graph.nodes.items()) == {
        "A": {"comments": 2, "is_creator": False, "first_seen": at(2).isoformat()},
        "B": {"comments": 2, "is_creator": False, "first_seen": at(1).isoformat()},
        "C": {"comments": 1, "is_creator": False, "first_seen": at(4).isoformat()},
    }
    assert graph.graph == {"kind": "authors", "unknown_author_comments": 0, "creator_known": False}


def test_unknown_authors_are_left_out_and_counted_and_self_loops_never_reciprocated() -> None:
    graph = author_network(build_reply_tree(WITH_UNKNOWN))
    edges = {(u, v): (d["weight"], d["reciprocated"]) for u, v, d in graph.edges(data=True)}
    assert edges == {
        ("ann", "op"): (1, False),
        ("ann", "ann"): (1, False),
        ("bob", "op"): (1, False),
    }
    assert set(graph.nodes) == {"ann", "op", "bob"}
    assert graph.nodes["op"] == {"comments": 1, "is_creator": True, "first_seen": at(4).isoformat()}
    assert graph.nodes["ann"]["comments"] == 2
    assert graph.graph["unknown_author_comments"] == 1
    assert graph.graph["creator_known"] is True


def test_a_creator_who_only_posted_is_a_node_without_comments_or_first_seen() -> None:
    # post (creator op, never comments)
    # ├── a  ann          ann → op
    # │   └── b  bob      bob → ann
    # └── c  ann          ann → op: a second reply to the post's creator
    tree = build_reply_tree(thread(("a", None, "ann"), ("b", "a", "bob"), ("c", None, "ann")))
    graph = author_network(tree)
    assert graph.nodes["op"] == {"comments": 0, "is_creator": True}
    assert graph.edges["ann", "op"] == {"weight": 2, "reciprocated": False}
    assert graph.edges["bob", "ann"] == {"weight": 1, "reciprocated": False}


def test_untimed_comments_give_no_first_seen() -> None:
    graph = author_network(build_reply_tree(thread(("a", None, "ann"), timed=False)))
    assert graph.nodes["ann"] == {"comments": 1, "is_creator": False}


def test_the_reply_network_is_the_measured_tree_with_the_post_as_a_node() -> None:
    graph = reply_network(build_reply_tree(WITH_UNKNOWN))
    assert sorted(graph.edges) == [
        ("a", "post"),
        ("b", "a"),
        ("c", "post"),
        ("d", "c"),
        ("e", "post"),
    ]
    assert graph.nodes["post"] == {"kind": "post", "depth": 0, "is_creator": True, "author": "op"}
    given = ReplyToMethod.GIVEN.value
    assert graph.nodes["b"] == {
        "kind": "comment",
        "depth": 2,
        "is_creator": False,
        "reply_to_method": given,
        "author": "ann",
        "created_at": at(2).isoformat(),
    }
    assert "author" not in graph.nodes["c"]  # [deleted]: unknown, left off rather than empty
    assert graph.nodes["d"]["is_creator"] is True
    assert graph.graph == {"kind": "replies", "unknown_author_comments": 1}


def test_a_retargeted_reply_keeps_the_platforms_parent_and_says_how_it_was_placed() -> None:
    # post (no creator)
    # └── a  ann
    #     ├── b  bob
    #     └── c  cy     the platform filed it under a; its "@bob" placed it under b
    retargeted = Comment(
        id="c",
        reply_to="b",
        author="cy",
        text="@bob no",
        created_at=at(3),
        platform_reply_to="a",
        reply_to_method=ReplyToMethod.MENTION,
    )
    tree = build_reply_tree(thread(("a", None, "ann"), ("b", "a", "bob"), retargeted, creator=None))
    graph = reply_network(tree)
    assert graph.nodes["c"]["reply_to_method"] == "mention"
    assert graph.nodes["c"]["platform_reply_to"] == "a"
    assert graph.nodes["c"]["depth"] == 3
    assert "platform_reply_to" not in graph.nodes["b"]
    assert graph.nodes["post"] == {"kind": "post", "depth": 0, "is_creator": True}
    assert ("c", "b") in graph.edges


def test_the_post_node_never_takes_a_comments_id() -> None:
    # post
    # ├── post    a comment whose id is "post"
    # └── post-1  and one whose id is "post-1"
    tree = build_reply_tree(thread(("post", None, "ann"), ("post-1", None, "bob")))
    assert post_node_id(tree) == "post-2"
    graph = reply_network(tree)
    assert graph.nodes["post-2"]["kind"] == "post"
    assert sorted(graph.edges) == [("post", "post-2"), ("post-1", "post-2")]
