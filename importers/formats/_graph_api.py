"""Shared pieces of the Meta importers (Instagram and Facebook Graph API exports and their tools).

Graph API responses come as pages `{"data": [...], "paging": {...}}`; a user who saved every page of
a listing uploads them as one JSON array. The paging URLs name the object and edge the page lists
(`/v19.0/<object-id>/comments`), which is often the only place the post id appears.
"""

from __future__ import annotations

import re
from typing import Any

from importers.payload import Payload, PayloadError

_PAGING_PATH = re.compile(r"graph\.(?:facebook|instagram)\.com/(?:v[\d.]+/)?([\w.\-]+)/(\w+)")


def json_document(payload: Payload) -> Any:
    """The upload as one JSON document, or None when it is not one (detection must not raise)."""
    try:
        if not payload.looks_like_json_document():
            return None
        return payload.json()
    except PayloadError:
        return None


def graph_pages(document: Any) -> list[dict[str, Any]] | None:
    """The pages of a Graph API listing: one page object or an array of them; None otherwise."""
    pages = document if isinstance(document, list) else [document]
    if not pages or not all(isinstance(p, dict) and isinstance(p.get("data"), list) for p in pages):
        return None
    return pages


def first_graph_item(document: Any) -> dict[str, Any] | None:
    """The first comment-like object of the first non-empty page, for structural detection."""
    for page in graph_pages(document) or []:
        if page["data"]:
            first = page["data"][0]
            return first if isinstance(first, dict) else None
    return None


def paging_target(page: dict[str, Any]) -> tuple[str, str] | None:
    """(object id, edge) named by a page's next/previous URL, e.g. ("1784…", "comments")."""
    paging = page.get("paging")
    if not isinstance(paging, dict):
        return None
    for key in ("next", "previous"):
        url = paging.get(key)
        if isinstance(url, str) and (match := _PAGING_PATH.search(url)):
            return match.group(1), match.group(2)
    return None


def sub_object(item: dict[str, Any], key: str) -> dict[str, Any]:
    """A nested object such as `from` or `owner`, or {} when it is absent or not an object."""
    value = item.get(key)
    return value if isinstance(value, dict) else {}
