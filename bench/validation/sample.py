"""The seeded choice of items: quotas per platform x size class, sections drawn across datasets,
the 50/50 dev/held-out split within each stratum, the rating batches, and items.csv.

Every random draw comes from a `random.Random` seeded with a string naming the seed and the
stratum, so one stratum's candidates never change another's draw, and the order candidates
arrive in does not matter (they are sorted first).
"""

from __future__ import annotations

import csv
import itertools
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bench.validation.sections import SIZE_CLASSES, Section

PLATFORM_CODES = {
    "tiktok": "tt",
    "youtube": "yt",
    "instagram": "ig",
    "facebook": "fb",
    "reddit": "rd",
    "twitter": "tw",
}
PLATFORMS = tuple(PLATFORM_CODES)
SPLITS = ("dev", "heldout")
DEFAULT_SEED = 10  # issue 10
PER_STRATUM = 9  # 6 platforms x 3 size classes x 9 = 162 items
BATCHES = 4
ITEMS_CSV = Path(__file__).with_name("items.csv")  # committed: no comment text
FIELDS = (
    "item_id",
    "platform",
    "dataset",
    "external_id",
    "root_comment_id",
    "comments",
    "size_class",
    "split",
)

Stratum = tuple[str, str]  # (platform, size class)
K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class Item:
    """One section chosen for rating, with its stable id (e.g. `tt-m-03`) and its split."""

    item_id: str
    section: Section
    split: str


def water_fill(capacity: Mapping[K, int], total: int) -> dict[K, int]:
    """Spread `total` over the keys as evenly as their capacities allow: a key that runs out
    leaves its share to the others. Ties go to the key listed first."""
    quota = dict.fromkeys(capacity, 0)
    for _ in range(total):
        open_keys = [key for key in capacity if quota[key] < capacity[key]]
        if not open_keys:
            break
        quota[min(open_keys, key=quota.__getitem__)] += 1
    return quota


def allocate(available: Mapping[Stratum, int], per_stratum: int) -> dict[Stratum, int]:
    """How many items each platform x size class gets: `per_stratum` each where possible. A
    platform short in one class fills from its other classes first, then from other platforms."""
    total = per_stratum * len(PLATFORMS) * len(SIZE_CLASSES)
    platform_capacity = {
        p: sum(available.get((p, size), 0) for size in SIZE_CLASSES) for p in PLATFORMS
    }
    quotas: dict[Stratum, int] = {}
    for platform, platform_quota in water_fill(platform_capacity, total).items():
        capacity = {size: available.get((platform, size), 0) for size in SIZE_CLASSES}
        for size, quota in water_fill(capacity, platform_quota).items():
            quotas[platform, size] = quota
    return quotas


def draw_across_datasets(
    candidates: Sequence[Section], count: int, rng: random.Random
) -> list[Section]:
    """`count` sections taken in turn from each dataset (in a random order of datasets), each
    dataset's sections shuffled, so small datasets are represented too."""
    by_dataset: dict[str, list[Section]] = defaultdict(list)
    for section in sorted(candidates, key=_section_key):
        by_dataset[section.dataset].append(section)
    queues = [rng.sample(by_dataset[name], len(by_dataset[name])) for name in sorted(by_dataset)]
    rng.shuffle(queues)
    chosen: list[Section] = []
    while len(chosen) < count and any(queues):
        for queue in queues:
            if queue and len(chosen) < count:
                chosen.append(queue.pop())
    return chosen


def assign_splits(count: int, rng: random.Random, odd_one: str) -> list[str]:
    """`count` split labels in random order: half `dev`, half `heldout`, and `odd_one` when
    `count` is odd."""
    labels = [split for split in SPLITS for _ in range(count // 2)]
    if count % 2:
        labels.append(odd_one)
    rng.shuffle(labels)
    return labels


def select_items(
    candidates: Iterable[Section], seed: int = DEFAULT_SEED, per_stratum: int = PER_STRATUM
) -> list[Item]:
    """The items: quotas by `allocate`, sections by `draw_across_datasets`, ids numbered in the
    order drawn (so an id says nothing about the dataset), splits by `assign_splits`; the odd
    ones out of odd-sized strata alternate between the splits, so the totals differ by one at most.
    """
    strata: dict[Stratum, list[Section]] = defaultdict(list)
    for section in candidates:
        if section.platform in PLATFORM_CODES:
            strata[section.platform, section.size_class].append(section)
    quotas = allocate({key: len(found) for key, found in strata.items()}, per_stratum)
    odd_ones = itertools.cycle(random.Random(f"{seed}/odd").sample(SPLITS, len(SPLITS)))
    items: list[Item] = []
    for (platform, size), quota in quotas.items():
        rng = random.Random(f"{seed}/{platform}/{size}")
        chosen = draw_across_datasets(strata[platform, size], quota, rng)
        odd_one = next(odd_ones) if len(chosen) % 2 else ""
        splits = assign_splits(len(chosen), rng, odd_one)
        for number, (section, split) in enumerate(zip(chosen, splits, strict=True), start=1):
            item_id = f"{PLATFORM_CODES[platform]}-{size[0]}-{number:02d}"
            items.append(Item(item_id, section, split))
    return items


def make_batches(
    items: Sequence[Item], count: int = BATCHES, seed: int = DEFAULT_SEED
) -> list[list[Item]]:
    """`count` batches of about equal total comments (largest items first into the lightest
    batch), each listing its items in one seeded shuffle of all items, so platforms and sizes mix.
    Depends only on the items' ids and sizes: items.csv alone gives the same batches."""
    order = sorted(items, key=lambda item: item.item_id)
    random.Random(f"{seed}/batches").shuffle(order)
    position = {item.item_id: index for index, item in enumerate(order)}
    loads = [0] * count
    members: list[list[Item]] = [[] for _ in range(count)]
    for item in sorted(order, key=lambda item: -item.section.comments):
        lightest = loads.index(min(loads))
        loads[lightest] += item.section.comments
        members[lightest].append(item)
    return [sorted(batch, key=lambda item: position[item.item_id]) for batch in members]


def write_items_csv(items: Iterable[Item], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FIELDS)
        for item in items:
            s = item.section
            where = (s.platform, s.dataset, s.external_id, s.root_comment_id)
            writer.writerow((item.item_id, *where, s.comments, s.size_class, item.split))


def read_items_csv(path: Path) -> list[Item]:
    """The items of an items.csv; ValueError when a row's size class does not fit its size."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    items: list[Item] = []
    for row in rows:
        section = Section(
            row["platform"],
            row["dataset"],
            row["external_id"],
            row["root_comment_id"],
            int(row["comments"]),
        )
        if section.size_class != row["size_class"]:
            raise ValueError(f"{path}: {row['item_id']} has {section.comments} comments")
        items.append(Item(row["item_id"], section, row["split"]))
    return items


def _section_key(section: Section) -> tuple[str, str, str]:
    return section.dataset, section.external_id, section.root_comment_id
