"""Reading Parley's pages back as data: each comment of the tree with the comment it is nested
under, and the network's circles and curves, using the standard library's HTML parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class TreeComment:
    anchor: str
    classes: set[str]
    parent_anchor: str | None  # the comment whose <details> it is nested in; None: top level
    exchanges: str | None
    text: str = ""
    badges: list[str] = field(default_factory=list)


@dataclass
class Circle:
    author: str
    comments: int
    radius: float
    classes: set[str]


@dataclass
class Curve:
    source: str
    target: str
    weight: int
    stroke: float
    classes: set[str]


class PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.comments: list[TreeComment] = []
        self.circles: list[Circle] = []
        self.curves: list[Curve] = []
        self.links: list[str] = []
        self._branches: list[str | None] = []  # open <details>: the anchor of its comment
        self._in_summary = False
        self._current: TreeComment | None = None
        self._depth_in_comment = 0
        self._in_text = False
        self._in_badge = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        classes = set(found.get("class", "").split())
        if tag == "a" and "href" in found:
            self.links.append(found["href"])
        if tag == "details":
            self._branches.append(None)
        elif tag == "summary":
            self._in_summary = True
        elif tag == "div" and "comment" in classes:
            self._open_comment(found, classes)
            return
        elif tag == "circle":
            self.circles.append(
                Circle(
                    found["data-author"],
                    int(found["data-comments"]),
                    float(found["r"]),
                    classes,
                )
            )
        elif tag == "path" and "edge" in classes:
            self.curves.append(
                Curve(
                    found["data-source"],
                    found["data-target"],
                    int(found["data-weight"]),
                    float(found["stroke-width"]),
                    classes,
                )
            )
        if self._current is not None:
            if tag == "div":
                self._depth_in_comment += 1
            self._in_text = tag == "p" and "text" in classes
            self._in_badge = tag == "span" and "badge" in classes

    def _open_comment(self, found: dict[str, str], classes: set[str]) -> None:
        enclosing = self._branches[:-1] if self._in_summary else self._branches
        parent = enclosing[-1] if enclosing else None
        comment = TreeComment(found["id"], classes, parent, found.get("data-exchanges"))
        if self._in_summary:
            self._branches[-1] = comment.anchor
        self.comments.append(comment)
        self._current = comment
        self._depth_in_comment = 0

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self._branches.pop()
        elif tag == "summary":
            self._in_summary = False
        elif tag == "div" and self._current is not None:
            if self._depth_in_comment == 0:
                self._current = None
            else:
                self._depth_in_comment -= 1
        self._in_text = self._in_badge = False

    def handle_data(self, data: str) -> None:
        if self._current is None:
            return
        if self._in_text:
            self._current.text += data
        elif self._in_badge:
            self._current.badges.append(data.strip())


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    reader.close()
    return reader
