"""The author network laid out for an inline SVG: where each node and edge is drawn, how big.

Pure: an author network (nlp.network.author_network) in, positions and sizes out; the template
writes the SVG. A big thread keeps its `max_authors` most active authors (by comments written,
ties by name) and the replies between them, and says how many it left out. Positions come from
networkx's spring layout with a fixed seed, so a thread is drawn the same way every time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

WIDTH, HEIGHT, MARGIN = 800, 560, 40
MIN_RADIUS, MAX_RADIUS = 4.0, 22.0
MIN_STROKE, MAX_STROKE = 1.0, 8.0
LAYOUT_SEED = 14
LABELLED = 20  # the most active authors are named on the drawing; every node has a tooltip
BEND = 0.12  # edges curve to their right, so A→B and B→A are two visible strokes


@dataclass(frozen=True, slots=True)
class DrawnNode:
    author: str
    comments: int
    is_creator: bool
    x: float
    y: float
    radius: float
    labelled: bool


@dataclass(frozen=True, slots=True)
class DrawnEdge:
    source: str
    target: str
    weight: int  # replies from source to target
    reciprocated: bool
    path: str  # the SVG path's d attribute: a quadratic curve from source to target
    stroke: float


@dataclass(frozen=True, slots=True)
class DrawnNetwork:
    width: int
    height: int
    nodes: tuple[DrawnNode, ...]
    edges: tuple[DrawnEdge, ...]
    authors: int  # in the whole network
    reply_pairs: int  # ordered pairs of distinct authors in the whole network
    self_replies: int  # authors answering their own comment: loops, not drawn
    max_weight: int  # the most replies from one author to another (loops aside)


def draw_network(network: nx.DiGraph[str], max_authors: int) -> DrawnNetwork:
    kept = _most_active(network, max_authors)
    shown = network.subgraph(kept)
    positions = _positions(shown)
    most_comments = max((shown.nodes[a]["comments"] for a in kept), default=0)
    named = set(kept[:LABELLED])
    radius = {
        author: _scaled(shown.nodes[author]["comments"], most_comments, MIN_RADIUS, MAX_RADIUS)
        for author in kept
    }
    nodes = tuple(
        DrawnNode(
            author=author,
            comments=shown.nodes[author]["comments"],
            is_creator=shown.nodes[author]["is_creator"],
            x=positions[author][0],
            y=positions[author][1],
            radius=radius[author],
            labelled=author in named or shown.nodes[author]["is_creator"],
        )
        for author in kept
    )
    pairs = [(u, v, d) for u, v, d in shown.edges(data=True) if u != v]
    # Loops are not drawn, so they do not set the scale of the widths.
    heaviest = max((d["weight"] for u, v, d in network.edges(data=True) if u != v), default=0)
    edges = tuple(
        DrawnEdge(
            source=u,
            target=v,
            weight=data["weight"],
            reciprocated=data["reciprocated"],
            path=_curve(positions[u], positions[v], radius[u], radius[v]),
            stroke=_scaled(data["weight"], heaviest, MIN_STROKE, MAX_STROKE),
        )
        # Light edges first, so heavy ones are drawn on top.
        for u, v, data in sorted(pairs, key=lambda e: (e[2]["weight"], e[0], e[1]))
    )
    return DrawnNetwork(
        width=WIDTH,
        height=HEIGHT,
        nodes=nodes,
        edges=edges,
        authors=network.number_of_nodes(),
        reply_pairs=sum(1 for u, v in network.edges if u != v),
        self_replies=nx.number_of_selfloops(network),
        max_weight=heaviest,
    )


def _most_active(network: nx.DiGraph[str], max_authors: int) -> list[str]:
    ranked = sorted(network.nodes, key=lambda a: (-network.nodes[a]["comments"], a))
    return ranked[:max_authors]


def _positions(graph: nx.DiGraph[str]) -> dict[str, tuple[float, float]]:
    """Spring-layout positions scaled into the drawing's box (its margins kept free)."""
    if graph.number_of_nodes() == 0:
        return {}
    layout = nx.spring_layout(graph.to_undirected(), seed=LAYOUT_SEED, weight="weight")
    xs = [float(p[0]) for p in layout.values()]
    ys = [float(p[1]) for p in layout.values()]

    def fit(value: float, low: float, high: float, size: int) -> float:
        if high - low < 1e-9:  # one node, or all on a line: centred
            return size / 2
        return MARGIN + (value - low) / (high - low) * (size - 2 * MARGIN)

    return {
        author: (
            round(fit(float(p[0]), min(xs), max(xs), WIDTH), 1),
            round(fit(float(p[1]), min(ys), max(ys), HEIGHT), 1),
        )
        for author, p in layout.items()
    }


def _scaled(value: int, largest: int, low: float, high: float) -> float:
    """Area-true sizes: the square root of value/largest, between low and high."""
    if largest <= 0:
        return low
    return round(low + (high - low) * math.sqrt(value / largest), 1)


def _curve(
    start: tuple[float, float], end: tuple[float, float], start_radius: float, end_radius: float
) -> str:
    """A curve from circle to circle: it leaves the source's edge and its arrow ends at the
    target's edge, where it can be seen, rather than under the circle."""
    (x1, y1), (x2, y2) = start, end
    # The control point sits off the midpoint, to the right of the direction of travel.
    cx = (x1 + x2) / 2 + BEND * (y2 - y1)
    cy = (y1 + y2) / 2 - BEND * (x2 - x1)
    x1, y1 = _towards((x1, y1), (cx, cy), start_radius)
    x2, y2 = _towards((x2, y2), (cx, cy), end_radius)
    return f"M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}"


def _towards(
    point: tuple[float, float], aim: tuple[float, float], distance: float
) -> tuple[float, float]:
    """`point` moved `distance` towards `aim` (the curve's tangent at its ends points there)."""
    dx, dy = aim[0] - point[0], aim[1] - point[1]
    length = math.hypot(dx, dy)
    if length < 1e-9:
        return point
    return point[0] + dx / length * distance, point[1] + dy / length * distance
