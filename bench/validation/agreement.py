"""How well the two raters of the validation items agree, as the rubric asks.

    python -m bench.validation.agreement [--ratings DIR] [--items bench/validation/items.csv]

Reads one CSV per rater in DIR (default bench/validation/ratings/): `rater_a.csv` and
`rater_b.csv`, columns `item_id,level,exchange_share,tag_share,note`. For the items both rated,
overall, per platform and per split, prints: Spearman's rho of the levels, the share of identical
levels, quadratic-weighted Cohen's kappa of the levels, and Spearman's rho of exchange_share and
of tag_share. A value that is undefined (constant ratings, too few items) prints as "-".
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from scipy.stats import spearmanr  # type: ignore[import-untyped]  # scipy ships no stubs

from bench.validation.sample import ITEMS_CSV, PLATFORMS, SPLITS, Item, read_items_csv

LEVELS = 4  # 0 broadcast, 1 reactive, 2 conversational, 3 deliberative
RATINGS_DIR = Path(__file__).with_name("ratings")
RATER_FILES = ("rater_a.csv", "rater_b.csv")
RATING_FIELDS = ("item_id", "level", "exchange_share", "tag_share", "note")


@dataclass(frozen=True, slots=True)
class Rating:
    level: int
    exchange_share: float
    tag_share: float
    note: str


@dataclass(frozen=True, slots=True)
class Agreement:
    """Agreement on one group of items; None where a statistic is undefined."""

    group: str  # "all", "platform tiktok", "split dev", …
    items: int
    level_spearman: float | None
    identical_levels: float | None
    weighted_kappa: float | None
    exchange_share_spearman: float | None
    tag_share_spearman: float | None


def read_ratings(path: Path) -> dict[str, Rating]:
    """One rater's ratings by item id; ValueError naming the file and line of a bad row."""
    ratings: dict[str, Rating] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != RATING_FIELDS:
            raise ValueError(f"{path}: the header must be {','.join(RATING_FIELDS)}")
        for row in reader:
            where = f"{path}, line {reader.line_num}"
            try:
                rating = Rating(
                    int(row["level"]),
                    float(row["exchange_share"]),
                    float(row["tag_share"]),
                    row["note"],
                )
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{where}: {exc}") from exc
            if rating.level not in range(LEVELS):
                raise ValueError(f"{where}: level must be 0-{LEVELS - 1}")
            if not (0 <= rating.exchange_share <= 1 and 0 <= rating.tag_share <= 1):
                raise ValueError(f"{where}: shares must be between 0 and 1")
            if row["item_id"] in ratings:
                raise ValueError(f"{where}: {row['item_id']} rated twice")
            ratings[row["item_id"]] = rating
    return ratings


def quadratic_weighted_kappa(
    first: Sequence[int], second: Sequence[int], levels: int = LEVELS
) -> float | None:
    """Cohen's kappa with quadratic weights (i - j)^2 / (levels - 1)^2 on levels 0 … levels-1:
    1 - observed / chance-expected weighted disagreement. None when chance alone could not
    disagree (both raters used one and the same level)."""
    if len(first) != len(second) or not first:
        raise ValueError("kappa needs two equally long, non-empty lists of levels")
    if not set(first) | set(second) <= set(range(levels)):
        raise ValueError(f"levels must be integers 0-{levels - 1}")

    def weight(i: int, j: int) -> float:
        return (i - j) ** 2 / (levels - 1) ** 2

    n = len(first)
    observed = sum(weight(i, j) for i, j in zip(first, second, strict=True)) / n
    counts_first, counts_second = Counter(first), Counter(second)
    expected = sum(
        counts_first[i] * counts_second[j] * weight(i, j)
        for i in counts_first
        for j in counts_second
    ) / (n * n)
    return None if expected == 0 else 1 - observed / expected


def spearman(first: Sequence[float], second: Sequence[float]) -> float | None:
    """scipy's Spearman rho; None for fewer than two items or a constant list."""
    if len(first) < 2 or len(set(first)) < 2 or len(set(second)) < 2:
        return None
    return float(spearmanr(first, second).statistic)


def agreement_of(group: str, pairs: Sequence[tuple[Rating, Rating]]) -> Agreement:
    if not pairs:
        return Agreement(group, 0, None, None, None, None, None)
    first, second = zip(*pairs, strict=True)
    levels = ([r.level for r in first], [r.level for r in second])
    return Agreement(
        group,
        len(pairs),
        spearman(*levels),
        sum(a == b for a, b in zip(*levels, strict=True)) / len(pairs),
        quadratic_weighted_kappa(*levels),
        spearman([r.exchange_share for r in first], [r.exchange_share for r in second]),
        spearman([r.tag_share for r in first], [r.tag_share for r in second]),
    )


def agreement_table(
    first: Mapping[str, Rating], second: Mapping[str, Rating], items: Sequence[Item]
) -> list[Agreement]:
    """Agreement on the listed items both raters rated: all, then each platform, each split
    (groups without such items left out)."""
    rated = [item for item in items if item.item_id in first and item.item_id in second]
    groups = [("all", rated)]
    groups += [(f"platform {p}", [i for i in rated if i.section.platform == p]) for p in PLATFORMS]
    groups += [(f"split {s}", [i for i in rated if i.split == s]) for s in SPLITS]
    return [
        agreement_of(name, [(first[i.item_id], second[i.item_id]) for i in members])
        for name, members in groups
        if members or name == "all"
    ]


def rater_agreement(
    ratings_dir: Path = RATINGS_DIR, items_csv: Path = ITEMS_CSV
) -> list[Agreement]:
    """`agreement_table` of rater_a.csv and rater_b.csv in `ratings_dir` on items.csv."""
    first, second = (read_ratings(ratings_dir / name) for name in RATER_FILES)
    return agreement_table(first, second, read_items_csv(items_csv))


def format_table(rows: Sequence[Agreement]) -> str:
    columns = ("items", "rho lvl", "same lvl", "qw kappa", "rho exch", "rho tag")
    lines = [f"{'group':<20}" + "".join(f"{c:>10}" for c in columns)]
    for row in rows:
        values = (
            row.level_spearman,
            row.identical_levels,
            row.weighted_kappa,
            row.exchange_share_spearman,
            row.tag_share_spearman,
        )
        cells = [f"{row.items:>10}"] + [f"{'-' if v is None else f'{v:.2f}':>10}" for v in values]
        lines.append(f"{row.group:<20}" + "".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--ratings", type=Path, default=RATINGS_DIR)
    parser.add_argument("--items", type=Path, default=ITEMS_CSV)
    args = parser.parse_args(argv)
    absent = [name for name in RATER_FILES if not (args.ratings / name).is_file()]
    if absent:
        print(f"no ratings yet: {', '.join(absent)} missing in {args.ratings}")
        return 1
    first, second = (read_ratings(args.ratings / name) for name in RATER_FILES)
    items = read_items_csv(args.items)
    listed = {item.item_id for item in items}
    for name, ratings in zip(RATER_FILES, (first, second), strict=True):
        unknown = sorted(set(ratings) - listed)
        if unknown:
            print(f"{name}: {len(unknown)} ratings of items not in {args.items}: {unknown[:5]}")
    print(f"rated by both: {len(listed & set(first) & set(second))} of {len(items)} items")
    print(format_table(agreement_table(first, second, items)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
