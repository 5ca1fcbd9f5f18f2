"""The Facebook datasets: a minimaxir page-scraper CSV and python-facebook Graph API fixtures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from bench.datasets import Dataset, Upload

GRAPH_LISTING_PAGES = ("comments_p1.json", "comments_p2.json")
# Single-object lookups (`GET /{comment-id}`, `GET /?ids=…`) are not comment listings; no
# importer takes them.
GRAPH_LOOKUPS = ("comment_info.json", "comments_info.json")
MINIMAXIR_COMMENTS = "nytimes_facebook_comments.csv"


def minimaxir_comments(folder: Path) -> Iterator[Upload]:
    """The comments file; the statuses file only adds post titles, which the importer skips."""
    path = folder / MINIMAXIR_COMMENTS
    yield Upload(path.name, path.read_bytes(), filename=path.name)


def graph_api_pages(folder: Path) -> Iterator[Upload]:
    """The two pages of one post's /comments listing (filter=stream) as one JSON array."""
    pages = [
        json.loads((folder / name).read_text(encoding="utf-8")) for name in GRAPH_LISTING_PAGES
    ]
    yield Upload("+".join(GRAPH_LISTING_PAGES), json.dumps(pages).encode(), "comments.json")
    for name in GRAPH_LOOKUPS:
        print(f"  skipped {name}: a single-comment lookup, not a comment listing")


DATASETS = [
    Dataset("facebook/nytimes-page-comments-2018", "facebook_minimaxir_csv", minimaxir_comments),
    Dataset("facebook/fixtures-python-facebook-graphapi", "facebook_graph_api", graph_api_pages),
]
