"""Choose the Dialogue Score v2's weights and category thresholds on the development half only.

`python -m bench.validation.fit` measures every `dev` item of bench/validation/items.csv once,
then searches a small grid: score weights and half-saturation points by Spearman's rho with the
raters' mean level, category thresholds by the share of items whose category equals at least
one rater's level. It prints the best of each grid and the values nlp/score_v2.py uses, which
are round values on the best plateau. The held-out half is never read here.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.settings import get_settings
from app.text_pipeline import text_analyzer
from bench.validation.agreement import RATER_FILES, RATINGS_DIR, read_ratings, spearman
from bench.validation.evaluate import CATEGORIES
from bench.validation.sample import ITEMS_CSV, read_items_csv
from bench.validation.shared import DEFAULT_SHARED, load_sections
from nlp.analyze import analyze_thread
from nlp.presence import PresenceMetrics
from nlp.results import ThreadMetrics
from nlp.score_v2 import (
    THRESHOLDS,
    WEIGHTS,
    Thresholds,
    Weights,
    amounts_of,
    category_v2,
    dialogue_score_v2,
)
from nlp.text_metrics import TextMetrics

DEV = "dev"
HALVES = (5.0, 10.0, 20.0)
EXCHANGE_HALVES = (1.0, 2.0, 4.0)
SHARES = (0.0, 0.15, 0.3, 0.45, 0.55, 0.7, 0.85)


@dataclass(frozen=True, slots=True)
class DevItem:
    levels: tuple[int, ...]
    metrics: ThreadMetrics
    text: TextMetrics | None
    presence: PresenceMetrics

    @property
    def mean_level(self) -> float:
        return sum(self.levels) / len(self.levels)


def weight_grid() -> Iterator[Weights]:
    for amount, back in itertools.product(SHARES, SHARES):
        density = round(1.0 - amount - back, 2) + 0.0  # never -0.0
        if amount == 0 or density < 0:
            continue
        for half, exchanges_half in itertools.product(HALVES, EXCHANGE_HALVES):
            yield Weights(amount, back, density, half, exchanges_half)


def threshold_grid() -> Iterator[Thresholds]:
    for values in itertools.product(
        (1, 2), (3, 4, 5, 6), (10, 15, 20, 25, 30), (2, 3, 4), (3, 4, 5, 6)
    ):
        yield Thresholds(*values)


def rho_of(items: Sequence[DevItem], weights: Weights) -> float:
    scores = [dialogue_score_v2(i.metrics, i.text, i.presence, weights).score for i in items]
    found = spearman(scores, [i.mean_level for i in items])
    return -1.0 if found is None else found


def agreement_of(items: Sequence[DevItem], thresholds: Thresholds) -> float:
    hits = 0
    for item in items:
        category = category_v2(amounts_of(item.metrics, item.text, item.presence), thresholds)
        hits += CATEGORIES.index(category) in item.levels
    return hits / len(items)


def dev_items(shared: Path) -> list[DevItem]:
    items = [item for item in read_items_csv(ITEMS_CSV) if item.split == DEV]
    ratings = [read_ratings(RATINGS_DIR / name) for name in RATER_FILES]
    threads = load_sections(items, shared / "data")
    analyzer = text_analyzer(get_settings())
    found = []
    for item in items:
        analysis = analyze_thread(threads[item.item_id], analyzer)
        if analysis.presence is None:
            raise AssertionError("analyze_thread always counts presence")
        levels = tuple(by_rater[item.item_id].level for by_rater in ratings)
        found.append(DevItem(levels, analysis.metrics, analysis.text, analysis.presence))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args(argv)
    if not (args.shared / "data").is_dir():
        print(f"needs {args.shared / 'data'} (name it with --shared)", file=sys.stderr)
        return 2
    items = dev_items(args.shared)
    ranked = sorted(((rho_of(items, w), w) for w in weight_grid()), key=lambda p: -p[0])
    print(f"{len(items)} dev items; best weights of {len(ranked)}:")
    for rho, weights in ranked[:5]:
        print(f"  rho {rho:.3f}  {weights}")
    print(f"  chosen (nlp/score_v2.py): rho {rho_of(items, WEIGHTS):.3f}  {WEIGHTS}")
    agreed = sorted(((agreement_of(items, t), t) for t in threshold_grid()), key=lambda p: -p[0])
    print(f"best category thresholds of {len(agreed)}:")
    for share, thresholds in agreed[:5]:
        print(f"  agreement {share:.3f}  {thresholds}")
    chosen = agreement_of(items, THRESHOLDS)
    print(f"  chosen (nlp/score_v2.py): agreement {chosen:.3f}  {THRESHOLDS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
