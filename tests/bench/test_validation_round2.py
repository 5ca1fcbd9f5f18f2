"""Round 2's YouTube exception: it excludes round 1's YouTube sections, not whole videos, and is
drawn after and apart from the other platforms, whose round-2 items and batches stay as they were.
"""

from __future__ import annotations

import hashlib
import os
import random
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from bench.validation.items import draw_round, write_renderings
from bench.validation.sample import (
    ITEMS_CSV,
    PLATFORMS,
    ROUNDS,
    Item,
    make_batches,
    overlaps,
    read_items_csv,
    round_batches,
    section_key,
    select_items,
    thread_key,
)
from bench.validation.sections import Section
from bench.validation.shared import DEFAULT_SHARED

SIZES = {"small": 5, "medium": 20, "large": 60}
# The 96 round-2 rows of items.csv before YouTube was added (raters have them): never to change.
ROUND_TWO_ROWS_SHA256 = "78ef761691731446b52a18ac5140bef0e247c6e74d61ab4da1458c807d7edd18"


def candidates(youtube_large: int = 3, videos: int = 4) -> list[Section]:
    """Other platforms: 30 threads per size class, each with two sections (a whole thread and,
    so exclusion by thread is visible, a second sub-thread). YouTube: `videos` videos, each with
    10 small, 6 medium and `youtube_large` large sub-threads."""
    found = []
    for platform in PLATFORMS:
        if platform == "youtube":
            for video in range(videos):
                counts = {"small": 10, "medium": 6, "large": youtube_large}
                for size, count in counts.items():
                    for n in range(count):
                        root = f"c{size}{n}"
                        found.append(Section(platform, "yt/set", f"v{video}", root, SIZES[size]))
            continue
        for size, comments in SIZES.items():
            for n in range(30):
                for root in ("", "other"):
                    found.append(
                        Section(platform, f"{platform}/set-{n % 3}", f"{size}{n}", root, comments)
                    )
    return found


def draw_both(
    found: list[Section], seed: int | None = None, first: list[Item] | None = None
) -> tuple[list[Item], list[Item]]:
    """Round 1 (unless given) and round 2, drawn as `items.draw_round` does."""
    first = select_items(found, ROUNDS[1]) if first is None else first
    second_round = ROUNDS[2] if seed is None else replace(ROUNDS[2], seed=seed)
    threads = {thread_key(item.section) for item in first}
    sections = {section_key(item.section) for item in first}
    return first, select_items(found, second_round, threads, sections)


def youtube(items: list[Item]) -> list[Item]:
    return [item for item in items if item.section.platform == "youtube"]


def others(items: list[Item]) -> list[Item]:
    return [item for item in items if item.section.platform != "youtube"]


def test_youtube_excludes_round_one_sections_other_platforms_whole_threads() -> None:
    first, second = draw_both(candidates())
    first_sections = {section_key(item.section) for item in first}
    assert not first_sections & {section_key(item.section) for item in youtube(second)}
    # the exception is real: round 2 takes other sub-threads of round 1's videos
    first_videos = {thread_key(item.section) for item in youtube(first)}
    assert first_videos & {thread_key(item.section) for item in youtube(second)}
    first_threads = {thread_key(item.section) for item in first}
    assert not first_threads & {thread_key(item.section) for item in others(second)}
    assert len(others(second)) == 96
    ids = [item.item_id for item in (*first, *second)]
    assert len(set(ids)) == len(ids)
    assert all(item.item_id[:6] in ("r2-yt-",) for item in youtube(second))
    assert {(item.split, item.round) for item in second} == {("test", 2)}


def test_youtube_quota_fills_from_other_classes_across_as_many_videos_as_possible() -> None:
    # 4 videos x 3 large: round 1 takes 9 large, 3 are left; plenty of small and medium
    _, second = draw_both(candidates(youtube_large=3))
    sizes = Counter(item.section.size_class for item in youtube(second))
    assert sizes["large"] == 3
    assert sum(sizes.values()) == 16
    assert len({thread_key(item.section) for item in youtube(second)}) == 4
    _, plenty = draw_both(candidates(youtube_large=10))
    sizes = Counter(item.section.size_class for item in youtube(plenty))
    assert (sizes["small"], sizes["medium"], sizes["large"]) == (6, 6, 4)
    small = [i.section.external_id for i in youtube(plenty) if i.section.size_class == "small"]
    assert sorted(Counter(small).values()) == [1, 1, 2, 2]  # in turn from each video
    _, no_large = draw_both(candidates(youtube_large=0))
    assert Counter(item.section.size_class for item in youtube(no_large)) == {
        "small": 8,
        "medium": 8,
    }


def test_the_youtube_draw_is_deterministic_and_leaves_the_other_platforms_alone() -> None:
    found = candidates()
    first, second = draw_both(found)
    assert draw_both(random.Random(0).sample(found, len(found)))[1] == second
    assert others(draw_both(found, seed=21)[1]) != others(second)
    assert youtube(draw_both(found, seed=21)[1]) != youtube(second)
    # without any YouTube candidate, or with YouTube excluded by thread as before the
    # exception, the other platforms get exactly the same items
    without = [section for section in found if section.platform != "youtube"]
    assert others(draw_both(without, first=first)[1]) == others(second)
    old_way = replace(ROUNDS[2], by_section=frozenset())
    threads = {thread_key(s) for s in found if s.platform == "youtube"}
    threads |= {thread_key(item.section) for item in first}
    assert select_items(found, old_way, threads) == others(second)


def test_overlapping_sections() -> None:
    whole = Section("youtube", "d", "v", "", 50)
    part = replace(whole, root_comment_id="c1")
    assert overlaps(part, {section_key(part)})
    assert not overlaps(replace(part, root_comment_id="c2"), {section_key(part)})
    assert overlaps(part, {section_key(whole)})
    assert overlaps(whole, {section_key(part)})
    assert not overlaps(replace(part, external_id="w"), {section_key(part)})


def test_youtube_gets_a_batch_of_its_own_after_the_unchanged_ones() -> None:
    _, second = draw_both(candidates())
    batches = round_batches(second, ROUNDS[2])
    assert batches[:2] == make_batches(others(second), 2, seed=ROUNDS[2].seed)
    assert len(batches) == 3
    assert sorted(i.item_id for i in batches[2]) == sorted(i.item_id for i in youtube(second))
    first, _ = draw_both(candidates())
    assert round_batches(first, ROUNDS[1]) == make_batches(first, 4, seed=ROUNDS[1].seed)


def test_renderings_already_right_are_left_untouched(tmp_path: Path) -> None:
    _, second = draw_both(candidates())
    texts = {item.item_id: f"[{item.item_id}]\n" for item in second}
    old = {i.item_id: texts[i.item_id] for i in others(second)}
    write_renderings(old, round_batches(others(second), ROUNDS[2]), tmp_path)
    (tmp_path / "batch_9.txt").write_text("stale", encoding="utf-8")
    for path in tmp_path.iterdir():
        os.utime(path, ns=(1, 1))
    written = write_renderings(texts, round_batches(second, ROUNDS[2]), tmp_path)
    assert [path.name for path, _ in written] == ["batch_1.txt", "batch_2.txt", "batch_3.txt"]
    assert written[2][1] == sum(item.section.comments for item in youtube(second))
    for name in ("batch_1.txt", "batch_2.txt", *(f"{item_id}.txt" for item_id in old)):
        assert (tmp_path / name).stat().st_mtime_ns == 1, name
    assert not (tmp_path / "batch_9.txt").exists()
    batch_3 = (tmp_path / "batch_3.txt").read_text(encoding="utf-8")
    assert sorted(batch_3.split()) == sorted(f"[{item.item_id}]" for item in youtube(second))


def test_the_committed_round_two() -> None:
    items = read_items_csv(ITEMS_CSV)
    rows = ITEMS_CSV.read_text(encoding="utf-8").splitlines()[1:]
    second = [(item, row) for item, row in zip(items, rows, strict=True) if item.round == 2]
    kept = "".join(row + "\n" for item, row in second if item.section.platform != "youtube")
    assert hashlib.sha256(kept.encode()).hexdigest() == ROUND_TWO_ROWS_SHA256
    added = [item for item, _ in second if item.section.platform == "youtube"]
    assert [item for item, _ in second[len(second) - len(added) :]] == added  # appended last
    assert len(added) == 16
    assert all(item.item_id.startswith("r2-yt-") for item in added)
    first = {section_key(item.section) for item in items if item.round == 1}
    assert not any(overlaps(item.section, first) for item in added)
    assert len({thread_key(item.section) for item in added}) >= 3


def test_drawing_round_two_again_gives_the_committed_rows() -> None:
    data = DEFAULT_SHARED / "data"
    if not data.is_dir():
        pytest.skip(f"no shared data at {data}")
    listed = read_items_csv(ITEMS_CSV)
    assert draw_round(listed, ROUNDS[2], data) == [item for item in listed if item.round == 2]
