"""Many stored threads, fast: thread, metrics, window and tag rows written straight into the tables.

The values follow the shapes measured threads have: sizes heavy-tailed (most threads small, a
few of thousands of comments), shares in [0, 1] with a platform-dependent mean, author-based
metrics missing on a platform whose exports carry no author ids, answered-question share missing
where no comment asks, first-K windows only for threads at least K comments long. No comments
are stored: aggregates and thread reads use the metric columns only.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from db.engine import make_engine, make_session_factory
from db.models import MetricsRow, ThreadRow, ThreadTagRow, WindowMetricsRow
from metrics import METRICS, Metric, Role, names

# Platform -> (share of threads, mean of the share metrics, whether authors are known).
PLATFORMS: dict[str, tuple[float, float, bool]] = {
    "tiktok": (0.30, 0.15, True),
    "youtube": (0.25, 0.25, True),
    "reddit": (0.20, 0.45, True),
    "instagram": (0.15, 0.12, False),
    "twitter": (0.10, 0.30, True),
}
TAGS = ("brand-a", "brand-b", "news", "sport", "music", "politics")
NEEDS_AUTHORS = frozenset(names(role=Role.NEEDS_AUTHORS))
NO_KNOWN_AUTHOR = "no comment has a known author"
NO_QUESTION = "no comment is a question"
QUESTION_METRICS = frozenset({"answered_question_share", "answered_questions"})
WINDOWS = (10, 50)
INTEGRITY = dict.fromkeys(
    ("orphans", "self_replies", "cycles_broken", "duplicates_collapsed", "self_loops"), 0
) | {"unknown_author_comments": 0, "missing_timestamps": 0, "order_basis": "timestamps"}
IMPORT_REPORT = {
    "format": "canonical",
    "rows_read": 0,
    "comments_kept": 0,
    "skipped": {},
    "announced_replies": None,
    "received_replies": None,
    "missing_comments": 0,
    "retargeted": {},
    "limits": [],
}
BATCH = 5000


def thread_size(rng: random.Random) -> int:
    """Comments of a thread: a fifth tiny (crawl artefacts), the rest log-normal around 20."""
    if rng.random() < 0.2:
        return rng.randint(0, 4)
    return max(1, min(20_000, int(rng.lognormvariate(3.0, 1.3))))


def metric_value(metric: Metric, size: int, share_mean: float, rng: random.Random) -> Any:
    if metric.type is str:
        return rng.choice(("pile", "some", "conversation"))
    if metric.type is int:
        return rng.randint(0, max(0, size))
    if metric.unit == "share" or metric.unit == "gini":
        return rng.betavariate(2 * share_mean / (1 - share_mean), 2)
    if metric.unit == "points":
        return 100 * rng.betavariate(2 * share_mean / (1 - share_mean), 2)
    return rng.lognormvariate(0.5, 0.6)  # depths, virality, words


def measured(size: int, platform: str, rng: random.Random) -> dict[str, Any]:
    """A metrics row's columns (thread id and window size apart)."""
    _, share_mean, authors_known = PLATFORMS[platform]
    asks = rng.random() < 0.7
    values: dict[str, Any] = {"comments": size, "top_level": rng.randint(min(1, size), size)}
    values["replies"] = size - values["top_level"]
    unavailable: dict[str, str] = {}
    for metric in METRICS:
        if metric.name in values:
            continue
        if not authors_known and metric.name in NEEDS_AUTHORS and metric.nullable:
            unavailable[metric.name] = NO_KNOWN_AUTHOR
            values[metric.name] = None
        elif not asks and metric.name in QUESTION_METRICS:
            unavailable[metric.name] = NO_QUESTION
            values[metric.name] = None
        else:
            values[metric.name] = metric_value(metric, size, share_mean, rng)
    return {
        **values,
        "metric_version": 1,
        "score_version": 1,
        "languages": {"en": size},
        "score_components": [],
        "unavailable": unavailable,
    }


def store_synthetic(url: str, count: int, seed: int) -> None:
    """Store `count` synthetic threads (rows only, no comments) in the database at `url`."""
    rng = random.Random(seed)
    weights = [share for share, _, _ in PLATFORMS.values()]
    start = datetime(2023, 1, 1, tzinfo=UTC)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    for first in range(0, count, BATCH):
        platforms = rng.choices(list(PLATFORMS), weights, k=min(BATCH, count - first))
        threads = [
            {
                "platform": platform,
                "external_id": f"bench-{first + index}",
                "title": f"Synthetic post {first + index}",
                "source_format": "canonical",
                "integrity": INTEGRITY,
                "import_report": IMPORT_REPORT,
                "first_comment_at": start + timedelta(minutes=rng.randint(0, 2 * 365 * 1440)),
            }
            for index, platform in enumerate(platforms)
        ]
        with factory() as session, session.begin():
            returning = insert(ThreadRow).returning(ThreadRow.id, sort_by_parameter_order=True)
            ids = list(session.scalars(returning, threads))
            metrics, windows, tags = [], [], []
            for thread_id, platform in zip(ids, platforms, strict=True):
                size = thread_size(rng)
                metrics.append({"thread_id": thread_id, **measured(size, platform, rng)})
                windows += [
                    {"thread_id": thread_id, "window_size": k, **measured(k, platform, rng)}
                    for k in WINDOWS
                    if size >= k
                ]
                tags += [{"thread_id": thread_id, "tag": t} for t in rng.sample(TAGS, 2)]
            session.execute(insert(MetricsRow), metrics)
            session.execute(insert(WindowMetricsRow), windows)
            session.execute(insert(ThreadTagRow), tags)
    engine.dispose()
