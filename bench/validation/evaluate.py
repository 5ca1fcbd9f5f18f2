"""How well the Dialogue Score and each single metric rank the validation items the way the
raters do (issue 10): the computation behind `python -m bench.validation`.

Every item is measured as an upload would be (`nlp.analyze.analyze_thread`, then the registry's
columns from `app.mapping.to_storage.metric_columns`). The metrics compared are whatever the
registry lists as numeric (`metrics.sortable()`); the score is compared per version: the current
one (`dialogue_score`, labelled by its `score_version`) and version 1, recomputed with
`nlp.score.dialogue_score_of`, so a new score version is shown next to the old one.

For each metric and group of items (all, then each platform): Spearman's rho with the raters'
mean level, and a percentile bootstrap 95 % CI that resamples items. Category agreement is the
share of items whose category (0 broadcast … 3 deliberative) equals at least one rater's level.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.stats import rankdata  # type: ignore[import-untyped]  # scipy ships no stubs

from app.mapping.to_storage import metric_columns
from bench.validation.agreement import Rating, spearman
from bench.validation.sample import PLATFORMS, Item
from metrics import DIALOGUE_CATEGORY, DIALOGUE_SCORE, sortable
from nlp.analyze import analyze_thread
from nlp.pipeline import TextAnalyzer
from nlp.score import BROADCAST, CONVERSATIONAL, DELIBERATIVE, REACTIVE, dialogue_score_of
from nlp.thread import Thread

CATEGORIES = (BROADCAST, REACTIVE, CONVERSATIONAL, DELIBERATIVE)  # index = rubric level
RESAMPLES = 2000
SEED = 10  # issue 10
CONFIDENCE = 0.95
ALL = "all"
LEVEL = "level"
# (rater share, metric) pairs whose agreement checks the density measures.
DENSITY_CHECKS = (("exchange_share", "exchange_comment_share"), ("tag_share", "tag_only_share"))


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One rated item, measured: the raters' levels, their means, every numeric metric by name
    (scores as `dialogue_score_v<version>`) and each score version's category as 0-3."""

    item_id: str
    platform: str
    size_class: str
    split: str
    levels: tuple[int, ...]
    rater: dict[str, float]  # mean of the raters' level, exchange_share and tag_share
    values: dict[str, float | None]
    categories: dict[str, int]  # by score label


@dataclass(frozen=True, slots=True)
class Correlation:
    rho: float | None
    ci: tuple[float, float] | None
    n: int  # items where the metric is defined


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Results on one split; every table is keyed by row, then by group (ALL, platforms)."""

    split: str
    group_sizes: dict[str, int]
    spearman: dict[str, dict[str, Correlation]]  # scores first, then metrics by |rho| overall
    category_agreement: dict[str, dict[str, float | None]]  # by score label
    density: dict[str, dict[str, Correlation]]  # "<rater share> ~ <metric>"


def score_label(version: int) -> str:
    return f"{DIALOGUE_SCORE}_v{version}"


def metric_names() -> tuple[str, ...]:
    """The registry's numeric metrics other than the score, in column order."""
    return tuple(name for name in sortable() if name != DIALOGUE_SCORE)


def measure(
    thread: Thread, analyzer: TextAnalyzer | None
) -> tuple[dict[str, float | None], dict[str, int]]:
    """Every numeric metric of a thread by name, plus each score version's score, and each
    version's category as 0-3 (current version first, then older ones)."""
    analysis = analyze_thread(thread, analyzer)
    # As app/api/threads/ingest.py stores a thread's metrics row.
    columns = metric_columns(analysis.metrics, analysis.text, analysis.score, analysis.presence)
    values: dict[str, float | None] = {name: columns.get(name) for name in metric_names()}
    first = dialogue_score_of(analysis.metrics, analysis.text)
    versions = {first.score_version: (first.score, first.category)}
    if analysis.score is not None:
        versions[columns["score_version"]] = (columns[DIALOGUE_SCORE], columns[DIALOGUE_CATEGORY])
    categories: dict[str, int] = {}
    for version in sorted(versions, reverse=True):
        score, category = versions[version]
        values[score_label(version)] = score
        categories[score_label(version)] = CATEGORIES.index(category)
    return values, categories


def measure_items(
    items: Iterable[Item],
    threads: Mapping[str, Thread],
    ratings: Sequence[Mapping[str, Rating]],
    analyzer: TextAnalyzer | None,
) -> list[ItemRow]:
    """The items every rater rated, each measured once; the others are left out."""
    rows: list[ItemRow] = []
    for item in items:
        if not all(item.item_id in by_rater for by_rater in ratings):
            continue
        given = [by_rater[item.item_id] for by_rater in ratings]
        values, categories = measure(threads[item.item_id], analyzer)
        rater = {
            LEVEL: _mean(r.level for r in given),
            "exchange_share": _mean(r.exchange_share for r in given),
            "tag_share": _mean(r.tag_share for r in given),
        }
        rows.append(
            ItemRow(
                item.item_id,
                item.section.platform,
                item.section.size_class,
                item.split,
                tuple(r.level for r in given),
                rater,
                values,
                categories,
            )
        )
    return rows


def bootstrap_ci(
    first: Sequence[float],
    second: Sequence[float],
    resamples: int = RESAMPLES,
    seed: int = SEED,
    confidence: float = CONFIDENCE,
) -> tuple[float, float] | None:
    """Percentile bootstrap interval of Spearman's rho: items resampled with replacement,
    `resamples` times with a fixed seed; resamples where rho is undefined (a constant side)
    are left out. None when no resample defines rho."""
    if len(first) != len(second):
        raise ValueError("the bootstrap needs two equally long lists")
    if len(first) < 2:
        return None
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(first), size=(resamples, len(first)))
    ranks = [
        np.asarray(rankdata(np.asarray(side, dtype=float)[picks], axis=1), dtype=float)
        for side in (first, second)
    ]
    centred = [r - r.mean(axis=1, keepdims=True) for r in ranks]
    spread = np.sqrt((centred[0] ** 2).sum(axis=1) * (centred[1] ** 2).sum(axis=1))
    defined = spread > 0
    if not defined.any():
        return None
    rho = np.clip((centred[0] * centred[1]).sum(axis=1)[defined] / spread[defined], -1.0, 1.0)
    tail = 100 * (1 - confidence) / 2
    low, high = np.percentile(rho, [tail, 100 - tail])
    return float(low), float(high)


def category_agreement(categories: Sequence[int], levels: Sequence[Sequence[int]]) -> float | None:
    """Share of items whose category (0-3) equals at least one rater's level; None without
    items."""
    if len(categories) != len(levels):
        raise ValueError("one category per item's levels")
    if not categories:
        return None
    hits = sum(category in given for category, given in zip(categories, levels, strict=True))
    return hits / len(categories)


def correlation(
    rows: Sequence[ItemRow],
    rater: Callable[[ItemRow], float],
    metric: str,
    resamples: int,
    seed: int,
) -> Correlation:
    """Spearman of a rater value with a metric over the rows where the metric is defined."""
    pairs = [(rater(row), value) for row in rows if (value := row.values.get(metric)) is not None]
    first, second = [p[0] for p in pairs], [float(p[1]) for p in pairs]
    rho = spearman(first, second)
    ci = None if rho is None else bootstrap_ci(first, second, resamples, seed)
    return Correlation(rho, ci, len(pairs))


def evaluate(
    rows: Sequence[ItemRow], split: str, resamples: int = RESAMPLES, seed: int = SEED
) -> Evaluation:
    """All tables on the rows of `split` (`all` for every row), overall and per platform."""
    chosen = [row for row in rows if split == ALL or row.split == split]
    groups = {ALL: chosen} | {
        p: members for p in PLATFORMS if (members := [r for r in chosen if r.platform == p])
    }
    scores = list(chosen[0].categories) if chosen else []

    def table(rater: str, metric: str) -> dict[str, Correlation]:
        return {
            group: correlation(members, lambda row: row.rater[rater], metric, resamples, seed)
            for group, members in groups.items()
        }

    by_metric = {name: table(LEVEL, name) for name in metric_names()}
    ranked = sorted(by_metric, key=lambda name: -abs(by_metric[name][ALL].rho or 0.0))
    return Evaluation(
        split,
        {group: len(members) for group, members in groups.items()},
        {name: table(LEVEL, name) for name in scores} | {name: by_metric[name] for name in ranked},
        {
            name: {
                group: category_agreement(
                    [row.categories[name] for row in members], [row.levels for row in members]
                )
                for group, members in groups.items()
            }
            for name in scores
        },
        {f"{share} ~ {metric}": table(share, metric) for share, metric in DENSITY_CHECKS},
    )


def write_features(rows: Sequence[ItemRow], path: Path) -> None:
    """One CSV line per item: ids, size class, split, the raters' means (`rater_level`, …),
    every numeric metric and score version, each version's category as 0-3; empty when null."""
    records = [
        {"item_id": r.item_id, "platform": r.platform, "size_class": r.size_class, "split": r.split}
        | {f"rater_{name}": value for name, value in r.rater.items()}
        | r.values
        | {name.replace(DIALOGUE_SCORE, DIALOGUE_CATEGORY): c for name, c in r.categories.items()}
        for r in rows
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(records[0]) if records else [], lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)


def _mean(values: Iterable[float]) -> float:
    listed = list(values)
    return sum(listed) / len(listed)
