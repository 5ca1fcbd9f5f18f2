"""Per-platform distribution of the Dialogue Score and its categories in a Parley database.

python -m bench.score_distribution --database-url sqlite:///shared.db [--by platform|tag]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter, defaultdict

from sqlalchemy import select

from app.settings import get_settings
from db.engine import make_engine, make_session_factory
from db.models import SIZE_METRIC, MetricsRow, ThreadRow, ThreadTagRow, metric_column
from metrics import DIALOGUE_CATEGORY, DIALOGUE_SCORE

CATEGORIES = ("broadcast", "reactive", "conversational", "deliberative")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", default=get_settings().database_url)
    parser.add_argument("--by", choices=("platform", "tag"), default="platform")
    parser.add_argument("--min-comments", type=int, default=1)
    args = parser.parse_args(argv)
    key = ThreadRow.platform if args.by == "platform" else ThreadTagRow.tag
    statement = select(
        key,
        metric_column(MetricsRow, DIALOGUE_SCORE),
        metric_column(MetricsRow, DIALOGUE_CATEGORY),
    ).join(ThreadRow.metrics)
    statement = statement.where(metric_column(MetricsRow, SIZE_METRIC) >= args.min_comments)
    if args.by == "tag":
        statement = statement.join(ThreadTagRow, ThreadTagRow.thread_id == ThreadRow.id)
    scores: dict[str, list[float]] = defaultdict(list)
    categories: dict[str, Counter[str]] = defaultdict(Counter)
    engine = make_engine(args.database_url)
    with make_session_factory(engine)() as session:
        for group, score, category in session.execute(statement):
            if score is not None and category is not None:
                scores[group].append(score)
                categories[group][category] += 1
    engine.dispose()
    header = f"{'group':<44} {'n':>5} {'mean':>6} {'p25':>6} {'median':>6} {'p75':>6} {'p90':>6}"
    print(header + "  " + "  ".join(f"{c:>14}" for c in CATEGORIES))
    for group in sorted(scores):
        values = sorted(scores[group])
        p25, p50, p75 = _quartiles(values)
        p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
        counts = categories[group]
        shares = "  ".join(f"{counts[c]:>5} ({counts[c] / len(values):>5.1%})" for c in CATEGORIES)
        print(
            f"{group:<44} {len(values):>5} {statistics.fmean(values):>6.1f} {p25:>6.1f} "
            f"{p50:>6.1f} {p75:>6.1f} {p90:>6.1f}  {shares}"
        )
    return 0


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        return values[0], values[0], values[0]
    low, middle, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, middle, high


if __name__ == "__main__":
    sys.exit(main())
