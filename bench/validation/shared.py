"""Reading ../shared/data for the validation set: every loader in `bench.datasets`, each upload
imported with `importers.registry.import_payload`, as a user's upload would be.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from bench import datasets as dataset_loaders
from bench.datasets import Dataset
from bench.validation.sample import Item
from bench.validation.sections import Section, cut, sections_of
from importers.payload import Payload, decompress
from importers.registry import import_payload
from nlp.thread import Thread

DEFAULT_SHARED = Path(__file__).resolve().parents[3] / "shared"
# The full TikTok crawl holds the videos of the tradwife subset too. It is read last and a thread
# already seen (same platform and external id) is skipped, so those videos count once, as the
# subset's.
READ_LAST = frozenset({"tiktok/nesc-apify-full"})
# Threads that are not real users' comments.
EXCLUDED = {
    ("youtube/fixtures-python-youtube-dataapi-v3", "JE8xdDp5B8Q"): (
        "the python-youtube author's own test comments ('this is the third reply!')"
    ),
}


def all_datasets() -> list[Dataset]:
    """Every `DATASETS` entry of the `bench.datasets` modules, by folder name, READ_LAST last.
    Several entries may share a folder (Instagram's Apify comments and posts)."""
    found: list[Dataset] = []
    for module_info in pkgutil.iter_modules(dataset_loaders.__path__):
        module = importlib.import_module(f"{dataset_loaders.__name__}.{module_info.name}")
        found.extend(getattr(module, "DATASETS", []))
    return sorted(found, key=lambda d: (d.name in READ_LAST, d.name))


def dataset_threads(dataset: Dataset, data: Path) -> Iterator[Thread]:
    """The threads of one dataset, upload by upload."""
    for upload in dataset.uploads(data / dataset.name):
        payload = Payload(decompress(upload.data), filename=upload.filename)
        for imported in import_payload(payload):
            yield imported.thread


def candidate_sections(data: Path) -> list[Section]:
    """Every section of every dataset present under `data` (see `sections.sections_of`). A
    thread seen before (same platform and external id) is left out; the first one wins."""
    seen: set[tuple[str, str]] = set()
    found: list[Section] = []
    for dataset in all_datasets():
        if not (data / dataset.name).is_dir():
            continue
        for thread in dataset_threads(dataset, data):
            key = (str(thread.platform), thread.external_id)
            if key in seen or (dataset.name, thread.external_id) in EXCLUDED:
                continue
            seen.add(key)
            found.extend(sections_of(thread, dataset.name))
    return found


def load_sections(items: Iterable[Item], data: Path) -> dict[str, Thread]:
    """Each item's section (its thread cut to the sub-thread, if any) by item id, re-read from
    `data`: only the datasets the items name are imported. LookupError names missing items."""
    wanted: dict[str, dict[str, list[Item]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        wanted[item.section.dataset][item.section.external_id].append(item)
    found: dict[str, Thread] = {}
    missing: list[str] = []
    for dataset in all_datasets():
        remaining = wanted.get(dataset.name)
        if not remaining:
            continue
        if not (data / dataset.name).is_dir():
            missing.extend(i.item_id for group in remaining.values() for i in group)
            remaining.clear()
            continue
        for thread in dataset_threads(dataset, data):
            for item in remaining.pop(thread.external_id, []):
                try:
                    found[item.item_id] = cut(thread, item.section.root_comment_id)
                except KeyError:
                    missing.append(item.item_id)
            if not remaining:
                break
    missing.extend(i.item_id for by_id in wanted.values() for g in by_id.values() for i in g)
    if missing:
        raise LookupError(f"items not found in {data}: {', '.join(sorted(missing))}")
    return found
