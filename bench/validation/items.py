"""Choose the validation items from ../shared/data and render them for raters.

    python -m bench.validation.items [--round 1|2] [--shared ../shared] [--out DIR] [--render-only]

Draws one round of items (see `sample`: round 1 is the `dev` set, round 2 the `test` set, from
threads round 1 does not touch, except YouTube: sections round 1 does not touch) and writes them
into bench/validation/items.csv (which sections, no comment text: it is committed), replacing
that round's rows and keeping the other rounds'. Drawing again gives the same rows.
In DIR (round 1: /tmp/parley-validation/items, round 2: /tmp/parley-validation/round2; not
committed) it writes one `<item_id>.txt` per item of the round plus `batch_1.txt` …: the round's
items in a seeded shuffle, cut into batches (round 1: four, round 2: two) of about equal total
comments, then round 2's YouTube items in `batch_3.txt` of their own. A file whose text is
already right is left untouched (raters may be reading it). With --render-only, items.csv is
read instead of chosen again, and the renderings of the named round (of every round, each into
its own DIR, without --round) are rebuilt from ../shared alone. Prints the counts per platform x
size class and per batch.

Later scripts re-read items by id with `shared.load_sections(read_items_csv(ITEMS_CSV), data)`
(the sections as threads) or `render_items` (their renderings).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from bench.validation.render import render_section
from bench.validation.sample import (
    ITEMS_CSV,
    PLATFORMS,
    ROUNDS,
    SPLITS,
    Item,
    Round,
    merge_round,
    read_items_csv,
    round_batches,
    section_key,
    select_items,
    thread_key,
    write_items_csv,
)
from bench.validation.sections import SIZE_CLASSES
from bench.validation.shared import DEFAULT_SHARED, candidate_sections, load_sections

DEFAULT_OUTS = {
    1: Path("/tmp/parley-validation/items"),
    2: Path("/tmp/parley-validation/round2"),
}
# Files this command writes into DIR; stale ones from an earlier selection are removed.
OUTPUT_NAME = re.compile(r"((r\d+-)?[a-z]{2}-[sml]-\d{2}|batch_\d+)\.txt")


def render_items(items: Sequence[Item], data: Path) -> dict[str, str]:
    """Each item's rendering by id, re-read from `data`; warns when a section's size changed."""
    threads = load_sections(items, data)
    for item in items:
        now = len(threads[item.item_id].comments)
        if now != item.section.comments:
            print(f"warning: {item.item_id} has {now} comments now, {item.section.comments} listed")
    return {item.item_id: render_section(item.item_id, threads[item.item_id]) for item in items}


def write_renderings(
    renderings: dict[str, str], batches: Sequence[Sequence[Item]], out: Path
) -> list[tuple[Path, int]]:
    """The item files and the batch files in `out`, each written only when its text changes
    (stale ones removed); returns each batch file with its comments."""
    texts = {f"{item_id}.txt": text for item_id, text in renderings.items()}
    for number, batch in enumerate(batches, start=1):
        texts[f"batch_{number}.txt"] = "\n".join(renderings[item.item_id] for item in batch)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.iterdir():
        if OUTPUT_NAME.fullmatch(stale.name) and stale.name not in texts:
            stale.unlink()
    for name, text in texts.items():
        path = out / name
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            path.write_text(text, encoding="utf-8")
    return [
        (out / f"batch_{number}.txt", sum(item.section.comments for item in batch))
        for number, batch in enumerate(batches, start=1)
    ]


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


def draw_round(listed: Sequence[Item], round_: Round, data: Path) -> list[Item]:
    """The round's items drawn from `data`, away from every thread of the earlier rounds in
    `listed` (from every section, on the round's `by_section` platforms); ValueError when an
    earlier round is missing."""
    earlier = [item for item in listed if item.round < round_.number]
    missing = set(range(1, round_.number)) - {item.round for item in earlier}
    if missing:
        raise ValueError(f"items.csv lacks round {min(missing)}: draw it first")
    threads = {thread_key(item.section) for item in earlier}
    sections = {section_key(item.section) for item in earlier}
    return select_items(candidate_sections(data), round_, threads, sections)


def render_round(items: Sequence[Item], round_: Round, data: Path, out: Path) -> None:
    """Render the round's items into `out` and print what was written."""
    print(f"round {round_.number}:")
    print(count_table(items))
    batches = write_renderings(render_items(items, data), round_batches(items, round_), out)
    print(f"wrote {len(items)} renderings to {out}")
    for path, comments in batches:
        print(f"{path.name}: {comments} comments")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--round", type=int, choices=sorted(ROUNDS), default=None, dest="number")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder")
    parser.add_argument("--out", type=Path, default=None, help="where renderings go")
    parser.add_argument("--items", type=Path, default=ITEMS_CSV, help="the items.csv to write")
    parser.add_argument("--seed", type=int, default=None, help="instead of the round's seed")
    parser.add_argument(
        "--render-only", action="store_true", help="read --items instead of choosing again"
    )
    args = parser.parse_args(argv)
    data = args.shared / "data"
    if not data.is_dir():
        print(f"no data folder at {data}; nothing to do")
        return 1
    listed = read_items_csv(args.items) if args.items.is_file() else []
    if args.render_only:
        numbers = [args.number] if args.number else sorted({item.round for item in listed})
        if args.out is not None and len(numbers) != 1:
            parser.error("--out renders one round: name it with --round")
    else:
        numbers = [args.number or 1]
        round_ = ROUNDS[numbers[0]]
        if args.seed is not None:
            round_ = replace(round_, seed=args.seed)
        try:
            drawn = draw_round(listed, round_, data)
        except ValueError as exc:
            print(f"{args.items}: {exc}")
            return 1
        listed = merge_round(listed, drawn, round_.number)
        write_items_csv(listed, args.items)
        print(
            f"wrote {len(drawn)} round-{round_.number} items ({len(listed)} in all) to {args.items}"
        )
    for number in numbers:
        round_ = ROUNDS[number] if args.seed is None else replace(ROUNDS[number], seed=args.seed)
        items = [item for item in listed if item.round == number]
        render_round(items, round_, data, args.out or DEFAULT_OUTS[number])
    return 0


if __name__ == "__main__":
    sys.exit(main())
