"""RumourEval 2017: one conversation per source-tweet folder, as native API v1.1 tweets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from bench.datasets import Dataset, Upload


def rumoureval_conversations(folder: Path) -> Iterator[Upload]:
    """Each `<source id>/` folder (under train/<event>/, dev/<event>/, test/ or trump/) holds the
    source tweet and its replies one file each: joined into one JSON array, source first.
    structure.json is left out: the tweets' own in_reply_to fields give the tree."""
    for source_folder in sorted(path.parent for path in folder.rglob("source-tweet")):
        files = sorted((source_folder / "source-tweet").glob("*.json"))
        files += sorted((source_folder / "replies").glob("*.json"))
        tweets = [json.loads(path.read_text(encoding="utf-8")) for path in files]
        label = str(source_folder.relative_to(folder))
        yield Upload(label, json.dumps(tweets).encode(), filename=f"{source_folder.name}.json")


DATASETS = [Dataset("twitter/rumoureval2017", "twitter_v1", rumoureval_conversations)]
