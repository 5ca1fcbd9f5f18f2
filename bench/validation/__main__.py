"""Does the Dialogue Score rank comment sections the way the raters do? (issue 10)

    python -m bench.validation [--split test|dev|all] [--shared ../shared]
        [--features PATH] [--markdown PATH] [--resamples 2000] [--seed 10]

Re-reads every item of bench/validation/items.csv from ../shared/data, measures it with the
service's text analyzer, and prints for the chosen split (default: the test set): Spearman's rho of
each score version and of every numeric metric with the raters' mean level, overall and per
platform, with bootstrap 95 % CIs; how often the score's category matches a rater's level; and
the density checks (raters' exchange_share and tag_share against the matching metrics).
--features writes every item (all splits) with its rater means and metrics as CSV, the input for
fitting the score on the dev part; --markdown writes the results as docs/validation.md does.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from pathlib import Path

from app.settings import get_settings
from app.text_pipeline import text_analyzer
from bench.validation.agreement import (
    RATER_FILES,
    RATINGS_DIR,
    Agreement,
    agreement_table,
    read_ratings,
)
from bench.validation.evaluate import (
    ALL,
    RESAMPLES,
    SEED,
    Correlation,
    Evaluation,
    evaluate,
    measure_items,
    write_features,
)
from bench.validation.sample import ITEMS_CSV, PLATFORMS, SPLITS, Item, read_items_csv
from bench.validation.sections import SIZE_CLASSES
from bench.validation.shared import DEFAULT_SHARED, load_sections
from bench.validation.texts import INTRO, OUTRO, RESULTS

DEFAULT_SPLIT = "test"


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    note: str = ""


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def correlation_cell(found: Correlation, group_size: int) -> str:
    """`rho [low, high]`, with the item count when the metric is undefined for some items."""
    if found.rho is None:
        text = "-"
    elif found.ci is None:
        text = _number(found.rho)
    else:
        text = f"{found.rho:.2f} [{found.ci[0]:.2f}, {found.ci[1]:.2f}]"
    return text if found.n == group_size else f"{text} n={found.n}"


def result_tables(evaluation: Evaluation, resamples: int, seed: int) -> list[Table]:
    """The Spearman table, the category agreement and the density checks of one evaluation."""
    sizes = evaluation.group_sizes
    header = ("", *(f"{group} (n={n})" for group, n in sizes.items()))
    platform_sizes = [n for group, n in sizes.items() if group != ALL]
    low, high = min(platform_sizes, default=0), max(platform_sizes, default=0)
    spread = str(low) if low == high else f"{low}-{high}"
    note = (
        f"rho [percentile bootstrap 95 % CI: {resamples} resamples of items, seed {seed}]; "
        f"per platform n = {spread} items, so those intervals are wide. `-`: rho undefined "
        "(under two items, or one side constant); `n=`: the metric is undefined for some items, "
        "which are left out. Resamples where rho is undefined are left out too, so for a "
        "nearly constant metric the interval need not contain rho."
    )

    def rows(table: dict[str, dict[str, Correlation]]) -> list[tuple[str, ...]]:
        return [
            (name, *(correlation_cell(by_group[g], sizes[g]) for g in sizes))
            for name, by_group in table.items()
        ]

    return [
        Table(
            f"Spearman with the raters' mean level ({evaluation.split}); "
            "scores first, then metrics by |rho| overall",
            header,
            rows(evaluation.spearman),
            note,
        ),
        Table(
            f"Category agreement ({evaluation.split}): share of items whose category "
            "(0 broadcast ... 3 deliberative) equals at least one rater's level",
            header,
            [
                (name, *(_number(by_group[g]) for g in sizes))
                for name, by_group in evaluation.category_agreement.items()
            ],
        ),
        Table(
            f"Density checks ({evaluation.split}): Spearman of the raters' mean share "
            "with the matching metric",
            header,
            rows(evaluation.density),
            note,
        ),
    ]


def as_text(table: Table) -> str:
    widths = [
        max(len(row[i]) for row in (table.header, *table.rows)) for i in range(len(table.header))
    ]
    lines = [table.title] + [
        "  ".join(
            c.rjust(w) if i else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in (table.header, *table.rows)
    ]
    return "\n".join(lines + ([table.note] if table.note else []))


def as_markdown(table: Table) -> str:
    lines = [f"**{table.title}**", "", "| " + " | ".join(table.header) + " |"]
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(table.header) - 1)) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in table.rows]
    return "\n".join(lines + (["", table.note] if table.note else []))


def set_tables(items: Sequence[Item], agreement: Sequence[Agreement]) -> list[Table]:
    """How the set is made up (platform x size class, split) and how the raters agree."""
    sizes = Counter((i.section.platform, i.section.size_class) for i in items)
    splits = Counter((i.section.platform, i.split) for i in items)
    composition = [
        (
            p,
            *(str(sizes[p, s]) for s in SIZE_CLASSES),
            *(str(splits[p, s]) for s in SPLITS),
            str(sum(sizes[p, s] for s in SIZE_CLASSES)),
        )
        for p in PLATFORMS
    ]
    totals = (
        "total",
        *(str(sum(sizes[p, s] for p in PLATFORMS)) for s in SIZE_CLASSES),
        *(str(sum(splits[p, s] for p in PLATFORMS)) for s in SPLITS),
        str(len(items)),
    )
    return [
        Table(
            "Items per platform, size class and split",
            ("platform", *SIZE_CLASSES, *SPLITS, "items"),
            [*composition, totals],
        ),
        Table(
            "Rater agreement (`python -m bench.validation.agreement`)",
            ("group", "items", "rho level", "same level", "qw kappa", "rho exchange", "rho tag"),
            [(a.group, str(a.items), *map(_number, astuple(a)[2:])) for a in agreement],
        ),
    ]


def markdown(
    command: str,
    items: Sequence[Item],
    set_part: Sequence[Table],
    evaluation: Evaluation,
    results: Sequence[Table],
) -> str:
    """docs/validation.md: how the set was made, the agreement, then the results."""
    parts = [INTRO.format(command=command, items=len(items))]
    parts += [as_markdown(table) + "\n" for table in set_part]
    parts.append(RESULTS.format(split=evaluation.split))
    parts += [as_markdown(table) + "\n" for table in results]
    parts.append(OUTRO)
    return "\n".join(parts)


def command_of(args: argparse.Namespace) -> str:
    """The command that reproduces the Markdown document."""
    words = ["python -m bench.validation"]
    if args.split != DEFAULT_SPLIT:
        words.append(f"--split {args.split}")
    if args.resamples != RESAMPLES:
        words.append(f"--resamples {args.resamples}")
    if args.seed != SEED:
        words.append(f"--seed {args.seed}")
    return " ".join([*words, f"--markdown {args.markdown}"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--split", choices=[*SPLITS, ALL], default=DEFAULT_SPLIT)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--features", type=Path, default=None)
    parser.add_argument("--markdown", type=Path, default=None)
    parser.add_argument("--resamples", type=int, default=RESAMPLES)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    data = args.shared / "data"
    if not data.is_dir():
        print(
            f"bench.validation re-reads its items from ../shared/data, and {data} is missing: "
            "run it next to ../shared or name that folder with --shared",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    items = read_items_csv(ITEMS_CSV)
    ratings = [read_ratings(RATINGS_DIR / name) for name in RATER_FILES]
    try:
        threads = load_sections(items, data)
    except LookupError as exc:
        print(f"bench.validation: {exc}", file=sys.stderr)
        return 1
    rows = measure_items(items, threads, ratings, text_analyzer(get_settings()))
    if len(rows) < len(items):
        print(f"{len(items) - len(rows)} items lack a rating by every rater and are left out")
    evaluation = evaluate(rows, args.split, args.resamples, args.seed)
    results = result_tables(evaluation, args.resamples, args.seed)
    print("\n\n".join(as_text(table) for table in results))
    if args.features is not None:
        write_features(rows, args.features)
        print(f"wrote {args.features}")
    if args.markdown is not None:
        agreement = agreement_table(ratings[0], ratings[1], items)
        document = markdown(
            command_of(args), items, set_tables(items, agreement), evaluation, results
        )
        args.markdown.write_text(document, encoding="utf-8")
        print(f"wrote {args.markdown}")
    print(f"{len(rows)} items measured and evaluated in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
