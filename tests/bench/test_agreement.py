"""Rater agreement: the kappa against hand computations, the groups, the rating files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.validation.agreement import (
    Rating,
    agreement_table,
    main,
    quadratic_weighted_kappa,
    rater_agreement,
    read_ratings,
)
from bench.validation.sample import Item, write_items_csv
from bench.validation.sections import Section


def test_kappa_by_hand() -> None:
    # a = 0 1 2 3, b = 0 1 3 3. Weights (i-j)^2/9. Observed: one pair (2,3) -> (1/9)/4 = 1/36.
    # Expected: a uniform (1/4 each); b = 1/4, 1/4, 0, 1/2 over levels 0-3:
    # (1/4)(1/9)[(1/4)(0+1+4+9) + (1/4)(1+0+1+4) + (1/2)(9+4+1+0)] = (1/36)(12) = 1/3.
    # kappa = 1 - (1/36)/(1/3) = 11/12.
    assert quadratic_weighted_kappa([0, 1, 2, 3], [0, 1, 3, 3]) == pytest.approx(11 / 12)
    # a = 0 0 1 1, b = 1 1 0 0: observed 1/9; expected (1/4)(1/9 + 1/9) = 1/18 -> kappa = -1.
    assert quadratic_weighted_kappa([0, 0, 1, 1], [1, 1, 0, 0]) == pytest.approx(-1)
    # a = 0 3 3, b = 0 3 0: observed (0 + 0 + 1)/3; marginals a (1/3, 2/3), b (2/3, 1/3) on
    # levels 0 and 3 -> expected (1/3)(1/3) + (2/3)(2/3) = 5/9; kappa = 1 - (1/3)/(5/9) = 2/5.
    assert quadratic_weighted_kappa([0, 3, 3], [0, 3, 0]) == pytest.approx(2 / 5)


def test_kappa_edge_cases() -> None:
    assert quadratic_weighted_kappa([1, 2, 3], [1, 2, 3]) == 1
    assert quadratic_weighted_kappa([2, 2], [2, 2]) is None  # chance cannot disagree
    with pytest.raises(ValueError, match="levels"):
        quadratic_weighted_kappa([0, 4], [0, 1])
    with pytest.raises(ValueError, match="equally long"):
        quadratic_weighted_kappa([0], [0, 1])


def item(item_id: str, platform: str, split: str) -> Item:
    return Item(item_id, Section(platform, f"{platform}/x", item_id, "", 5), split)


ITEMS = [
    item("tt-s-01", "tiktok", "dev"),
    item("tt-s-02", "tiktok", "test"),
    item("rd-s-01", "reddit", "dev"),
    item("rd-s-02", "reddit", "test"),
    item("rd-s-03", "reddit", "dev"),
]


def rating(level: int, exchange: float, tag: float) -> Rating:
    return Rating(level, exchange, tag, "")


def test_agreement_overall_and_by_group() -> None:
    first = {
        "tt-s-01": rating(0, 0.0, 0.5),
        "tt-s-02": rating(1, 0.1, 0.4),
        "rd-s-01": rating(2, 0.5, 0.0),
        "rd-s-02": rating(3, 0.8, 0.1),
        "rd-s-03": rating(3, 0.6, 0.0),
    }
    second = {key: value for key, value in first.items() if key != "rd-s-03"}
    second["rd-s-02"] = rating(2, 0.8, 0.1)
    table = {row.group: row for row in agreement_table(first, second, ITEMS)}
    assert list(table) == [
        "all",
        "platform tiktok",
        "platform reddit",
        "split dev",
        "split test",
    ]
    overall = table["all"]
    assert overall.items == 4  # rd-s-03 has one rating only
    assert overall.identical_levels == pytest.approx(3 / 4)
    # levels 0 1 2 3 vs 0 1 2 2: ranks 1 2 3 4 vs 1 2 3.5 3.5 -> rho = 4.5 / sqrt(5 * 4.5)
    assert overall.level_spearman == pytest.approx(0.9**0.5)
    assert overall.weighted_kappa == pytest.approx(
        quadratic_weighted_kappa([0, 1, 2, 3], [0, 1, 2, 2])
    )
    assert overall.exchange_share_spearman == pytest.approx(1.0)
    assert table["split dev"].items == 2
    assert table["split dev"].tag_share_spearman == pytest.approx(1.0)
    reddit = table["platform reddit"]  # levels 2 3 vs 2 2
    assert reddit.level_spearman is None  # one rater constant
    assert reddit.weighted_kappa == pytest.approx(0)  # observed (1/9)/2 = expected 1/18
    assert table["split dev"].identical_levels == 1


def test_rating_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ratings = tmp_path / "ratings"
    ratings.mkdir()
    header = "item_id,level,exchange_share,tag_share,note\n"
    (ratings / "rater_a.csv").write_text(
        header + 'tt-s-01,0,0,0.5,"only tags, no replies"\ntt-s-02,2,0.4,0,ok\n'
    )
    (ratings / "rater_b.csv").write_text(header + "tt-s-01,0,0.1,0.6,x\ntt-s-02,3,0.5,0,y\n")
    items_csv = tmp_path / "items.csv"
    write_items_csv(ITEMS, items_csv)
    [overall, tiktok, *_] = rater_agreement(ratings, items_csv)
    assert (overall.items, tiktok.group, overall.identical_levels) == (2, "platform tiktok", 0.5)
    assert read_ratings(ratings / "rater_a.csv")["tt-s-01"].note == "only tags, no replies"
    assert main(["--ratings", str(ratings), "--items", str(items_csv)]) == 0
    assert "rated by both: 2 of 5 items" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("tt-s-01,4,0,0,x", "level must be"),
        ("tt-s-01,1,1.5,0,x", "shares"),
        ("tt-s-01,one,0,0,x", "line 2"),
    ],
)
def test_bad_ratings_are_named(tmp_path: Path, row: str, problem: str) -> None:
    path = tmp_path / "rater_a.csv"
    path.write_text(f"item_id,level,exchange_share,tag_share,note\n{row}\n")
    with pytest.raises(ValueError, match=problem):
        read_ratings(path)


def test_missing_rating_files(tmp_path: Path) -> None:
    assert main(["--ratings", str(tmp_path)]) == 1
