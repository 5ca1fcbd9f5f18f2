"""The seeded choice of items: quotas per platform x size class, sections drawn across datasets,
the rounds of drawing with their splits, the rating batches, and items.csv.

Round 1 (seed 10, 9 per platform x size class, ids like `tt-m-03`) is the `dev` set: weights and
thresholds may be fitted on it. Round 2 (seed 20, 6 small, 6 medium and 4 large per platform, ids
like `r2-tt-m-03`) is the `test` set, drawn from threads round 1 does not touch; nothing is fitted
on it. (Round 1 was once split into `dev` and `heldout` halves; its held-out half has been
evaluated on, so all of round 1 is `dev` now.)

The YouTube exception: round 1 used every YouTube video, but a YouTube section is one top-level
comment with its replies, and the sub-threads of one video are separate conversations. So round
2 excludes only round 1's YouTube sections (same video, same sub-thread root), not whole videos,
and draws YouTube after the other platforms and apart from them (16 sections, 6/6/4 by size where
available, in turn from each video so as many videos as possible count) into a batch of its own.
The other platforms' items and batches stay as drawn before YouTube was added: they share the
round's 96 as then, and the YouTube rows (`r2-yt-…`) come on top.

Every random draw comes from a `random.Random` seeded with a string naming the seed and the
stratum, so one stratum's candidates never change another's draw, and the order candidates
arrive in does not matter (they are sorted first).
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
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
DEV, TEST = "dev", "test"
SPLITS = (DEV, TEST)  # every split name an items.csv row may have
DEFAULT_SEED = 10  # issue 10: round 1's seed
PER_STRATUM = 9  # round 1: 6 platforms x 3 size classes x 9 = 162 items
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
    "round",  # absent in the first layout: those rows are round 1
)

Stratum = tuple[str, str]  # (platform, size class)
ThreadKey = tuple[str, str]  # (platform, external id)
SectionKey = tuple[str, str, str]  # (platform, external id, root comment id)
K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class Round:
    """One drawing of items: its seed, how many per size class each platform gets (in
    SIZE_CLASSES order), the split its items get, the rating batches they are cut into, and
    the platforms it draws apart, by section instead of thread (YouTube in round 2)."""

    number: int
    seed: int
    per_size: tuple[int, ...]
    split: str
    batches: int
    by_section: frozenset[str] = frozenset()

    @property
    def prefix(self) -> str:
        """What starts the round's item ids, so rounds never share an id: "" or `r2-`."""
        return "" if self.number == 1 else f"r{self.number}-"


ROUNDS = {
    1: Round(1, DEFAULT_SEED, (PER_STRATUM,) * len(SIZE_CLASSES), DEV, BATCHES),
    2: Round(2, 20, (6, 6, 4), TEST, 2, frozenset({"youtube"})),
}


@dataclass(frozen=True, slots=True)
class Item:
    """One section chosen for rating, with its stable id (e.g. `tt-m-03`, `r2-tt-m-03`), its
    split and the round that drew it."""

    item_id: str
    section: Section
    split: str
    round: int = 1


def water_fill(
    capacity: Mapping[K, int], total: int, weights: Mapping[K, int] | None = None
) -> dict[K, int]:
    """Spread `total` over the keys in proportion to their (positive) weights, equal by default,
    as far as their capacities allow: a key that runs out leaves its share to the others. Ties go
    to the key listed first."""
    quota = dict.fromkeys(capacity, 0)
    weight = weights or dict.fromkeys(capacity, 1)
    for _ in range(total):
        open_keys = [key for key in capacity if quota[key] < capacity[key]]
        if not open_keys:
            break
        quota[min(open_keys, key=lambda key: Fraction(quota[key], weight[key]))] += 1
    return quota


def allocate(available: Mapping[Stratum, int], per_size: int | Sequence[int]) -> dict[Stratum, int]:
    """How many items each platform x size class gets: `per_size` (one number, or one per size
    class) where possible. A platform short in one class fills from its other classes first (in
    proportion to their targets), then from other platforms."""
    targets = dict(zip(SIZE_CLASSES, _per_size(per_size), strict=True))
    total = sum(targets.values()) * len(PLATFORMS)
    platform_capacity = {
        p: sum(available.get((p, size), 0) for size in SIZE_CLASSES) for p in PLATFORMS
    }
    quotas: dict[Stratum, int] = {}
    for platform, platform_quota in water_fill(platform_capacity, total).items():
        capacity = {size: available.get((platform, size), 0) for size in SIZE_CLASSES}
        for size, quota in water_fill(capacity, platform_quota, targets).items():
            quotas[platform, size] = quota
    return quotas


def draw_across_datasets(
    candidates: Sequence[Section],
    count: int,
    rng: random.Random,
    group: Callable[[Section], str] = lambda section: section.dataset,
) -> list[Section]:
    """`count` sections taken in turn from each dataset (in a random order of datasets), each
    dataset's sections shuffled, so small datasets are represented too. With `group`, the turns
    go to other groups instead (e.g. threads)."""
    by_dataset: dict[str, list[Section]] = defaultdict(list)
    for section in sorted(candidates, key=_section_key):
        by_dataset[group(section)].append(section)
    queues = [rng.sample(by_dataset[name], len(by_dataset[name])) for name in sorted(by_dataset)]
    rng.shuffle(queues)
    chosen: list[Section] = []
    while len(chosen) < count and any(queues):
        for queue in queues:
            if queue and len(chosen) < count:
                chosen.append(queue.pop())
    return chosen


def thread_key(section: Section) -> ThreadKey:
    """The thread a section belongs to: platform and external id, whatever the dataset."""
    return section.platform, section.external_id


def section_key(section: Section) -> SectionKey:
    """One section: its thread and its sub-thread's root ("" for the whole thread)."""
    return section.platform, section.external_id, section.root_comment_id


def overlaps(section: Section, sections: Collection[SectionKey]) -> bool:
    """Whether `section` is one of `sections`, a part of one, or a whole thread holding one."""
    if section_key(section) in sections or (*thread_key(section), "") in sections:
        return True
    return not section.root_comment_id and thread_key(section) in {k[:2] for k in sections}


def select_items(
    candidates: Iterable[Section],
    round_: Round = ROUNDS[1],
    exclude_threads: Collection[ThreadKey] = (),
    exclude_sections: Collection[SectionKey] = (),
) -> list[Item]:
    """The round's items: quotas by `allocate` on the candidates outside `exclude_threads`,
    sections by `draw_across_datasets`, ids numbered in the order drawn (so an id says nothing
    about the dataset), all in the round's split. Then each platform in `round_.by_section`
    (left out before): its candidates overlapping none of `exclude_sections`, the round's
    `per_size` filled across its size classes, drawn in turn from its threads."""
    strata: dict[Stratum, list[Section]] = defaultdict(list)
    apart: dict[Stratum, list[Section]] = defaultdict(list)
    for section in candidates:
        if section.platform in round_.by_section:
            if not overlaps(section, exclude_sections):
                apart[section.platform, section.size_class].append(section)
        elif section.platform in PLATFORM_CODES and thread_key(section) not in exclude_threads:
            strata[section.platform, section.size_class].append(section)
    quotas = allocate({key: len(found) for key, found in strata.items()}, round_.per_size)
    items = _draw(strata, quotas, round_)
    for platform in sorted(round_.by_section):
        capacity = {size: len(apart[platform, size]) for size in SIZE_CLASSES}
        targets = dict(zip(SIZE_CLASSES, _per_size(round_.per_size), strict=True))
        filled = water_fill(capacity, sum(targets.values()), targets)
        quota = {(platform, size): n for size, n in filled.items()}
        items += _draw(apart, quota, round_, lambda section: section.external_id)
    return items


def _draw(
    strata: Mapping[Stratum, Sequence[Section]],
    quotas: Mapping[Stratum, int],
    round_: Round,
    group: Callable[[Section], str] = lambda section: section.dataset,
) -> list[Item]:
    items: list[Item] = []
    for (platform, size), quota in quotas.items():
        rng = random.Random(f"{round_.seed}/{platform}/{size}")
        chosen = draw_across_datasets(strata.get((platform, size), ()), quota, rng, group)
        for number, section in enumerate(chosen, start=1):
            item_id = f"{round_.prefix}{PLATFORM_CODES[platform]}-{size[0]}-{number:02d}"
            items.append(Item(item_id, section, round_.split, round_.number))
    return items


def merge_round(listed: Iterable[Item], drawn: Sequence[Item], number: int) -> list[Item]:
    """The listed items with round `number`'s replaced by `drawn`, ordered by round (stable);
    every item gets its round's split (round 1's old `heldout` half becomes `dev`)."""
    kept = [
        replace(item, split=ROUNDS[item.round].split) for item in listed if item.round != number
    ]
    return sorted([*kept, *drawn], key=lambda item: item.round)


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


def round_batches(items: Sequence[Item], round_: Round) -> list[list[Item]]:
    """The round's `make_batches`, each `by_section` platform's items in one batch of their own
    after the others (round 2: batch_3, YouTube), so they never change the other batches."""
    regular = [item for item in items if item.section.platform not in round_.by_section]
    batches = make_batches(regular, round_.batches, seed=round_.seed)
    for platform in sorted(round_.by_section):
        apart = [item for item in items if item.section.platform == platform]
        if apart:
            batches += make_batches(apart, 1, seed=round_.seed)
    return batches


def write_items_csv(items: Iterable[Item], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FIELDS)
        for item in items:
            s = item.section
            where = (s.platform, s.dataset, s.external_id, s.root_comment_id)
            row = (item.item_id, *where, s.comments, s.size_class, item.split, item.round)
            writer.writerow(row)


def read_items_csv(path: Path) -> list[Item]:
    """The items of an items.csv (a row without a `round` is round 1, as in the first layout,
    which had none); ValueError when a row's size class does not fit its size."""
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
        round_number = int(row.get("round") or 1)
        items.append(Item(row["item_id"], section, row["split"], round_number))
    return items


def _per_size(per_size: int | Sequence[int]) -> Sequence[int]:
    return (per_size,) * len(SIZE_CLASSES) if isinstance(per_size, int) else per_size


def _section_key(section: Section) -> tuple[str, str, str]:
    return section.dataset, section.external_id, section.root_comment_id
