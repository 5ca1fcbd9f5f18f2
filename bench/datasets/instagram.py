"""Instagram datasets: Apify comment and post scrapes, a brand tool's CSV, Graph API fixtures."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.datasets import Dataset, Upload

GRAPH_LISTING_PAGES = ("medias__comments_p1.json", "medias__comments_p2.json")
GRAPH_REPLIES_PAGE = "comments__replies.json"
# Single-object lookups (`GET /{comment-id}`, `GET /?ids=…`) are not comment listings and repeat
# comments of the listing above; no importer takes them.
GRAPH_LOOKUPS = ("comments__comment_fields.json", "comments__comments_fields.json")


def whole_file(name: str) -> Callable[[Path], Iterator[Upload]]:
    def load(folder: Path) -> Iterator[Upload]:
        path = folder / name
        yield Upload(path.name, path.read_bytes(), filename=path.name)

    return load


def graph_api_pages(folder: Path) -> Iterator[Upload]:
    """The two pages of one media's /comments listing as one JSON array; the replies page alone."""
    pages = [
        json.loads((folder / name).read_text(encoding="utf-8")) for name in GRAPH_LISTING_PAGES
    ]
    yield Upload("+".join(GRAPH_LISTING_PAGES), json.dumps(pages).encode(), "medias__comments.json")
    replies = folder / GRAPH_REPLIES_PAGE
    yield Upload(replies.name, replies.read_bytes(), filename=replies.name)
    for name in GRAPH_LOOKUPS:
        print(f"  skipped {name}: a single-comment lookup, not a comment listing")


DATASETS = [
    Dataset(
        "instagram/apify-ig-comments-f1-brands-2026",
        "instagram_apify_comments",
        whole_file("comments.jsonl"),
    ),
    Dataset(
        "instagram/apify-ig-comments-f1-brands-2026",
        "instagram_apify_posts",
        whole_file("reels.jsonl"),
    ),
    Dataset(
        "instagram/graphapi-brand-replies-comidadedragao",
        "instagram_brand_replies_csv",
        whole_file("instagram_comments.csv"),
    ),
    Dataset("instagram/fixtures-python-facebook-graphapi", "instagram_graph_api", graph_api_pages),
]
