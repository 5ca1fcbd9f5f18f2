"""Choose the validation items from ../shared/data and render them for raters.

    python -m bench.validation.items [--shared ../shared] [--out DIR] [--render-only]

Writes bench/validation/items.csv (which sections, no comment text: it is committed) and, in DIR
(default /tmp/parley-validation/items, not committed), one `<item_id>.txt` per item plus
`batch_1.txt` … `batch_4.txt`: the items in a seeded shuffle, cut into four batches of about equal
total comments. With --render-only, items.csv is read instead of chosen again, and the renderings
are rebuilt from ../shared alone. Prints the counts per platform x size class and per batch.

Later scripts re-read items by id with `shared.load_sections(read_items_csv(ITEMS_CSV), data)`
(the sections as threads) or `render_items` (their renderings).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from bench.validation.render import render_section
from bench.validation.sample import (
    DEFAULT_SEED,
    ITEMS_CSV,
    PER_STRATUM,
    PLATFORMS,
    SPLITS,
    Item,
    make_batches,
    read_items_csv,
    select_items,
    write_items_csv,
)
from bench.validation.sections import SIZE_CLASSES
from bench.validation.shared import DEFAULT_SHARED, candidate_sections, load_sections

DEFAULT_OUT = Path("/tmp/parley-validation/items")
# Files this command writes into DIR; stale ones from an earlier selection are removed.
OUTPUT_NAME = re.compile(r"([a-z]{2}-[sml]-\d{2}|batch_\d+)\.txt")


def render_items(items: Sequence[Item], data: Path) -> dict[str, str]:
    """Each item's rendering by id, re-read from `data`; warns when a section's size changed."""
    threads = load_sections(items, data)
    for item in items:
        now = len(threads[item.item_id].comments)
        if now != item.section.comments:
            print(f"warning: {item.item_id} has {now} comments now, {item.section.comments} listed")
    return {item.item_id: render_section(item.item_id, threads[item.item_id]) for item in items}


def write_renderings(
    items: Sequence[Item], renderings: dict[str, str], out: Path, seed: int
) -> list[tuple[Path, int]]:
    """The item files and the batch files in `out`; returns each batch file with its comments."""
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.iterdir():
        if OUTPUT_NAME.fullmatch(stale.name):
            stale.unlink()
    for item_id, text in renderings.items():
        (out / f"{item_id}.txt").write_text(text, encoding="utf-8")
    batches: list[tuple[Path, int]] = []
    for number, batch in enumerate(make_batches(items, seed=seed), start=1):
        path = out / f"batch_{number}.txt"
        path.write_text("\n".join(renderings[item.item_id] for item in batch), encoding="utf-8")
        batches.append((path, sum(item.section.comments for item in batch)))
    return batches


def count_table(items: Iterable[Item]) -> str:
    """Items per platform x size class (and per split), as printed."""
    cells = Counter((i.section.platform, i.section.size_class) for i in items)
    splits = Counter((i.section.platform, i.split) for i in items)
    header = f"{'platform':<10}" + "".join(f"{c:>8}" for c in (*SIZE_CLASSES, "total", *SPLITS))
    lines = [header]
    for platform in (*PLATFORMS, "total"):
        row = [
            sum(n for (p, s), n in cells.items() if s == size and platform in (p, "total"))
            for size in SIZE_CLASSES
        ]
        row.append(sum(row))
        row += [
            sum(n for (p, s), n in splits.items() if s == split and platform in (p, "total"))
            for split in SPLITS
        ]
        lines.append(f"{platform:<10}" + "".join(f"{n:>8}" for n in row))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where renderings go")
    parser.add_argument("--items", type=Path, default=ITEMS_CSV, help="the items.csv to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--per-stratum", type=int, default=PER_STRATUM)
    parser.add_argument(
        "--render-only", action="store_true", help="read --items instead of choosing again"
    )
    args = parser.parse_args(argv)
    data = args.shared / "data"
    if not data.is_dir():
        print(f"no data folder at {data}; nothing to do")
        return 1
    if args.render_only:
        items = read_items_csv(args.items)
    else:
        items = select_items(candidate_sections(data), args.seed, args.per_stratum)
        write_items_csv(items, args.items)
        print(f"wrote {len(items)} items to {args.items}")
    print(count_table(items))
    batches = write_renderings(items, render_items(items, data), args.out, args.seed)
    print(f"wrote {len(items)} renderings to {args.out}")
    for path, comments in batches:
        print(f"{path.name}: {comments} comments")
    return 0


if __name__ == "__main__":
    sys.exit(main())
