"""Validation of the score against the raters: the bootstrap interval and the category agreement
by hand, then the whole evaluation on four tiny synthetic items (no ../shared needed)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.mapping.to_storage import metric_columns
from bench.validation.__main__ import as_markdown, as_text, main, result_tables
from bench.validation.agreement import Rating, spearman
from bench.validation.evaluate import (
    ItemRow,
    bootstrap_ci,
    category_agreement,
    evaluate,
    measure_items,
    metric_names,
    write_features,
)
from bench.validation.sample import Item
from bench.validation.sections import Section
from nlp.pipeline import TextAnalyzer, build_text_analyzer
from nlp.thread import Comment, Platform, Thread


def test_bootstrap_ci_by_hand() -> None:
    # Perfectly monotone: every resample with two distinct items has rho 1.
    assert bootstrap_ci([1, 2, 3, 4], [10, 20, 30, 40], resamples=500) == (1.0, 1.0)
    assert bootstrap_ci([1, 2, 3], [3, 2, 1], resamples=500) == (-1.0, -1.0)
    # x = 1 2 3, y = 1 3 2. Of the 27 equally likely resamples, 3 repeat one item (undefined);
    # 18 hold two distinct items: pairs {1,2} and {1,3} rise (rho 1, 12 resamples), {2,3}
    # falls (rho -1, 6); the 6 holding all three have rho 1 - 6*2/(3*8) = 0.5. So P(-1) = 1/4,
    # P(0.5) = 1/4, P(1) = 1/2: the 2.5th percentile is -1 and the 97.5th is 1.
    assert bootstrap_ci([1, 2, 3], [1, 3, 2], resamples=2000, seed=3) == (-1.0, 1.0)


def test_bootstrap_ci_undefined_and_seeded() -> None:
    assert bootstrap_ci([1, 1, 1], [1, 2, 3]) is None  # constant: no resample defines rho
    assert bootstrap_ci([1], [2]) is None
    first, second = [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5]
    interval = bootstrap_ci(first, second, resamples=300, seed=7)
    assert interval == bootstrap_ci(first, second, resamples=300, seed=7)
    assert interval is not None
    assert -1 <= interval[0] < (spearman(first, second) or 0) < interval[1] <= 1
    with pytest.raises(ValueError, match="equally long"):
        bootstrap_ci([1, 2], [1])


def test_category_agreement_by_hand() -> None:
    # categories 0 2 3 1 vs levels (0,1) (1,1) (3,2) (2,2): items 1 and 3 match -> 2/4
    levels = [(0, 1), (1, 1), (3, 2), (2, 2)]
    assert category_agreement([0, 2, 3, 1], levels) == 0.5
    assert category_agreement([1, 1, 2, 2], levels) == 1.0
    assert category_agreement([], []) is None
    with pytest.raises(ValueError, match="one category"):
        category_agreement([0], [])


START = datetime(2024, 5, 1, tzinfo=UTC)


def thread(platform: Platform, name: str, comments: list[tuple[str | None, str, str]]) -> Thread:
    """A thread of (reply_to, author, text); comment ids c0, c1, … a minute apart."""
    return Thread(
        platform,
        name,
        tuple(
            Comment(f"c{i}", parent, author, text, START + timedelta(minutes=i))
            for i, (parent, author, text) in enumerate(comments)
        ),
    )


THREADS = {
    "rd-s-01": thread(
        Platform.REDDIT,
        "broadcast",
        [(None, "ann", "Nice video"), (None, "bob", "Love it"), (None, "cy", "First!")],
    ),
    "rd-s-02": thread(
        Platform.REDDIT,
        "reactive",
        [(None, "ann", "Great recipe"), ("c0", "bob", "lol"), (None, "cy", "@dee")],
    ),
    "tw-s-01": thread(
        Platform.TWITTER,
        "conversational",
        [
            (None, "ann", "Why do trains run late so often here?"),
            ("c0", "bob", "Trains run late because the signalling is old."),
            ("c1", "ann", "Old signalling, really? Who pays for new signalling then?"),
            (None, "cy", "Nice"),
        ],
    ),
    "tw-s-02": thread(
        Platform.TWITTER,
        "deliberative",
        [
            (None, "ann", "Should schools drop homework for young children?"),
            ("c0", "bob", "Homework for young children builds habits, so schools should keep it."),
            ("c1", "ann", "Habits matter, but homework stress hurts young children more."),
            ("c2", "cy", "Stress from homework depends on how much schools give."),
            ("c3", "bob", "Schools could give less homework and keep the habits."),
            ("c4", "ann", "Less homework with the habits kept sounds right to me."),
        ],
    ),
}
LEVELS = {"rd-s-01": (0, 0), "rd-s-02": (1, 1), "tw-s-01": (2, 1), "tw-s-02": (3, 3)}
SPLIT = {"rd-s-01": "dev", "rd-s-02": "heldout", "tw-s-01": "dev", "tw-s-02": "heldout"}


def items() -> list[Item]:
    return [
        Item(key, Section(str(t.platform), "x", t.external_id, "", len(t.comments)), SPLIT[key])
        for key, t in THREADS.items()
    ]


def ratings() -> list[dict[str, Rating]]:
    return [
        {key: Rating(levels[rater], 0.1 * levels[rater], 0.0, "") for key, levels in LEVELS.items()}
        for rater in (0, 1)
    ]


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    return build_text_analyzer(["en", "es"])


@pytest.fixture(scope="module")
def rows(analyzer: TextAnalyzer) -> list[ItemRow]:
    return measure_items(items(), THREADS, ratings(), analyzer)


def test_measure_items(rows: list[ItemRow], analyzer: TextAnalyzer) -> None:
    assert [row.item_id for row in rows] == list(THREADS)
    assert [row.levels for row in rows] == list(LEVELS.values())
    assert rows[2].rater == pytest.approx({"level": 1.5, "exchange_share": 0.15, "tag_share": 0})
    for row in rows:
        assert set(row.values) == {*metric_names(), "dialogue_score_v2", "dialogue_score_v1"}
        assert list(row.categories) == ["dialogue_score_v2", "dialogue_score_v1"]
    for version in ("dialogue_score_v2", "dialogue_score_v1"):
        assert rows[0].values[version] == 0  # no replies
        assert rows[0].categories[version] == 0  # broadcast
    unrated = ratings()
    del unrated[1]["tw-s-02"]
    assert len(measure_items(items(), THREADS, unrated, analyzer)) == 3


def test_evaluate_all(rows: list[ItemRow]) -> None:
    evaluation = evaluate(rows, "all", resamples=200)
    assert evaluation.group_sizes == {"all": 4, "reddit": 2, "twitter": 2}
    assert list(evaluation.spearman)[:2] == ["dialogue_score_v2", "dialogue_score_v1"]
    assert set(evaluation.spearman) == {"dialogue_score_v2", "dialogue_score_v1", *metric_names()}
    replies = evaluation.spearman["replies"]["all"]
    assert replies.n == 4
    assert replies.rho == pytest.approx(
        spearman([r.rater["level"] for r in rows], [float(r.values["replies"] or 0) for r in rows])
    )
    categories = [row.categories["dialogue_score_v1"] for row in rows]
    expected = category_agreement(categories, [row.levels for row in rows])
    assert evaluation.category_agreement["dialogue_score_v1"]["all"] == expected
    assert list(evaluation.density) == [
        "exchange_share ~ exchange_comment_share",
        "tag_share ~ tag_only_share",
    ]
    score = evaluation.spearman["dialogue_score_v1"]["all"]
    assert score.rho is not None
    assert score.rho > 0


def test_evaluate_one_split(rows: list[ItemRow]) -> None:
    evaluation = evaluate(rows, "dev", resamples=100)
    assert evaluation.group_sizes == {"all": 2, "reddit": 1, "twitter": 1}
    assert evaluation.spearman["dialogue_score_v1"]["reddit"].rho is None  # one item
    tables = result_tables(evaluation, 100, 10)
    assert "dialogue_score_v1" in as_text(tables[0])
    assert "| dialogue_score_v1 |" in as_markdown(tables[1])


def test_newer_score_version_next_to_v1(
    monkeypatch: pytest.MonkeyPatch, analyzer: TextAnalyzer
) -> None:
    def version_two(*args: Any) -> dict[str, Any]:
        columns = metric_columns(*args)
        return columns | {
            "score_version": 2,
            "dialogue_score": 100 - columns["dialogue_score"],
            "dialogue_category": "deliberative",
        }

    monkeypatch.setattr("bench.validation.evaluate.metric_columns", version_two)
    [row, *_] = measure_items(items(), THREADS, ratings(), analyzer)
    assert list(row.categories) == ["dialogue_score_v2", "dialogue_score_v1"]
    assert (row.values["dialogue_score_v2"], row.values["dialogue_score_v1"]) == (100, 0)
    assert row.categories == {"dialogue_score_v2": 3, "dialogue_score_v1": 0}


def test_features_csv(rows: list[ItemRow], tmp_path: Path) -> None:
    path = tmp_path / "out" / "features.csv"
    write_features(rows, path)
    with path.open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert [line["item_id"] for line in written] == list(THREADS)
    assert written[2]["rater_level"] == "1.5"
    assert written[0]["split"] == "dev"
    assert written[0]["dialogue_category_v1"] == "0"
    assert {*metric_names(), "dialogue_score_v1", "rater_tag_share"} <= set(written[0])


def test_missing_shared(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--shared", str(tmp_path / "nowhere")]) == 2
    assert "../shared/data" in capsys.readouterr().err
