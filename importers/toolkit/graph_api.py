"""Facebook and Instagram Graph API comment listings, as their importers (and tools) save them.

Graph API responses come as pages `{"data": [...], "paging": {...}}`; a user who saved every page of
a listing uploads them as one JSON array. The paging URLs name the object and edge the page lists
(`/v19.0/<object-id>/comments`), which is often the only place the post id appears.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any

from importers.base import ImportOptions, Location
from importers.payload import Payload
from importers.toolkit.detection import sniff_document
from importers.toolkit.drafts import ThreadDraft
from importers.toolkit.identity import fallback_external_id
from importers.toolkit.problems import Problems, refusal
from importers.toolkit.values import JsonObject

_PAGING_PATH = re.compile(r"graph\.(?:facebook|instagram)\.com/(?:v[\d.]+/)?([\w.\-]+)/(\w+)")


def _graph_pages(document: Any) -> list[JsonObject] | None:
    """The pages of a Graph API listing: one page object or an array of them; None otherwise."""
    pages = document if isinstance(document, list) else [document]
    if not pages or not all(isinstance(p, dict) and isinstance(p.get("data"), list) for p in pages):
        return None
    return pages


def first_graph_item(payload: Payload) -> JsonObject | None:
    """The first comment-like object of the first non-empty page, for structural detection."""
    for page in _graph_pages(sniff_document(payload)) or []:
        if page["data"]:
            first = page["data"][0]
            return first if isinstance(first, dict) else None
    return None


def paging_target(page: JsonObject) -> tuple[str, str] | None:
    """(object id, edge) named by a page's next/previous URL, e.g. ("1784…", "comments")."""
    paging = page.get("paging")
    if not isinstance(paging, dict):
        return None
    for key in ("next", "previous"):
        url = paging.get(key)
        if isinstance(url, str) and (match := _PAGING_PATH.search(url)):
            return match.group(1), match.group(2)
    return None


def where(loc: Location) -> str:
    """A comment's place in words: "page 2, item 5" (pages of an array), else "item 5"."""
    page = f"page {loc[1]}, " if loc and loc[0] == "page" else ""
    return f"{page}item {loc[-1]}"


class GraphPagesReader(ABC):
    """Walks an upload's pages once, filing each comment in the draft of its post."""

    def __init__(self, payload: Payload, options: ImportOptions, format_label: str) -> None:
        self.payload = payload
        self.options = options
        self.problems = Problems(format_label)
        self.drafts: dict[str, ThreadDraft] = {}
        # for comments whose post neither the export nor the request names
        self.fallback = fallback_external_id(payload.filename)

    def read(self) -> list[ThreadDraft]:
        """Every page's comments in drafts; InvalidInput naming every problem found."""
        document = self.payload.json()
        pages = _graph_pages(document)
        if pages is None:
            raise refusal(
                ("body",),
                "no data array found",
                "expected a Graph API page {data: [...], paging} or a JSON array of such pages",
            )
        for number, page in enumerate(pages):
            self.read_page(page, ("page", number) if isinstance(document, list) else ())
        self.problems.raise_if_any()
        return list(self.drafts.values())

    @abstractmethod
    def read_page(self, page: JsonObject, loc: Location) -> None:
        """File the comments of one page (and the replies nested in them)."""

    def draft_for_post(self, post: str | None) -> ThreadDraft:
        """The draft of the post the input names, else of the request's, else of the file's.

        Unlike most formats, the input's post wins over the request's: one upload may list the
        comments of several posts, which the request's external_id then refuses to merge.
        """
        key = post or self.options.external_id or self.fallback.value
        draft = self.drafts.get(key)
        if draft is None:
            draft = self.drafts[key] = ThreadDraft(key)
            if post is None and self.options.external_id is None:
                draft.limit(self.fallback.limit())
        return draft

    def is_comment(self, item: Any, loc: Location) -> bool:
        """Whether a listed item is an object; a problem when it is not."""
        if not isinstance(item, dict):
            self.problems.add(loc, f"{where(loc)}: a comment must be a JSON object")
        return isinstance(item, dict)

    def nested_listing(self, item: JsonObject, key: str, loc: Location, subject: str) -> list[Any]:
        """The items of a listing nested in a comment (`{key: {data: [...]}}`); [] when absent."""
        listing = item.get(key)
        nested = listing.get("data") if isinstance(listing, dict) else None
        if listing is not None and not isinstance(nested, list):
            self.problems.add((*loc, key), f"{subject}: {key} must be {{data: [...]}}")
            return []
        return nested or []
