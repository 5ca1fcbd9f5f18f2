"""app/web/network_svg.py on author networks built by hand: which authors are drawn, their
circles' radii and their curves' widths, the loops left out, and the layout's bounds."""

from __future__ import annotations

import networkx as nx

from app.web.network_svg import HEIGHT, MARGIN, WIDTH, draw_network


def network(comments: dict[str, int], replies: dict[tuple[str, str], int]) -> nx.DiGraph[str]:
    graph: nx.DiGraph[str] = nx.DiGraph()
    for author, written in comments.items():
        graph.add_node(author, comments=written, is_creator=author == "cr")
    for (source, target), weight in replies.items():
        mutual = source != target and (target, source) in replies
        graph.add_edge(source, target, weight=weight, reciprocated=mutual)
    return graph


def test_the_most_active_authors_are_kept_and_the_rest_counted() -> None:
    """ann 9, bob 4, cy 1, dan 1 (cy before dan by name); ann ⇄ bob, cy → ann, dan → cy.
    Keeping 3: ann, bob, cy and the replies among them; dan and dan → cy are left out."""
    drawn = draw_network(
        network(
            {"ann": 9, "bob": 4, "cy": 1, "dan": 1},
            {("ann", "bob"): 4, ("bob", "ann"): 1, ("cy", "ann"): 1, ("dan", "cy"): 2},
        ),
        max_authors=3,
    )
    assert [node.author for node in drawn.nodes] == ["ann", "bob", "cy"]
    assert {(e.source, e.target) for e in drawn.edges} == {
        ("ann", "bob"),
        ("bob", "ann"),
        ("cy", "ann"),
    }
    assert (drawn.authors, drawn.reply_pairs) == (4, 4)
    # Radius 4 + 18·sqrt(comments / 9): ann 22, bob 4 + 18·2/3 = 16, cy 4 + 18/3 = 10.
    assert [node.radius for node in drawn.nodes] == [22.0, 16.0, 10.0]
    # Width 1 + 7·sqrt(weight / 4), the heaviest pair of the whole network being 4 replies:
    # 1 reply 1 + 3.5 = 4.5; lightest drawn first, so heavy curves lie on top.
    assert [(e.source, e.target, e.stroke, e.reciprocated) for e in drawn.edges] == [
        ("bob", "ann", 4.5, True),
        ("cy", "ann", 4.5, False),
        ("ann", "bob", 8.0, True),
    ]


def test_loops_are_counted_not_drawn_nor_scaling_widths() -> None:
    """cr answers cr 5 times (a loop), cr → ann once: ann's one reply is the heaviest drawn."""
    drawn = draw_network(network({"cr": 6, "ann": 0}, {("cr", "cr"): 5, ("cr", "ann"): 1}), 10)
    assert drawn.self_replies == 1
    assert [(e.source, e.target, e.stroke) for e in drawn.edges] == [("cr", "ann", 8.0)]
    assert drawn.max_weight == 1
    assert [node.is_creator for node in drawn.nodes] == [True, False]


def test_positions_stay_inside_the_margins_and_repeat() -> None:
    """A ring of 12 authors each answering the next."""
    authors = [f"u{i}" for i in range(12)]
    graph = network(
        dict.fromkeys(authors, 1), {(a, authors[(i + 1) % 12]): 1 for i, a in enumerate(authors)}
    )
    first, again = draw_network(graph, 60), draw_network(graph, 60)
    assert first == again
    for node in first.nodes:
        assert MARGIN <= node.x <= WIDTH - MARGIN
        assert MARGIN <= node.y <= HEIGHT - MARGIN
    assert {node.x for node in first.nodes} != {first.nodes[0].x}


def test_one_author_is_centred_and_an_empty_network_draws_nothing() -> None:
    (alone,) = draw_network(network({"ann": 2}, {}), 10).nodes
    assert (alone.x, alone.y) == (WIDTH / 2, HEIGHT / 2)
    empty = draw_network(network({}, {}), 10)
    assert (empty.nodes, empty.edges, empty.max_weight) == ((), (), 0)


def test_the_most_active_are_named_and_the_creator_always() -> None:
    """25 commenters with 30..6 comments and the creator with 1: the 20 most active are named,
    and so is the creator, whose circle would otherwise be the only green one without a name."""
    comments = {f"u{i:02}": 30 - i for i in range(25)} | {"cr": 1}
    drawn = draw_network(network(comments, {}), max_authors=60)
    named = {node.author for node in drawn.nodes if node.labelled}
    assert named == {f"u{i:02}" for i in range(20)} | {"cr"}
