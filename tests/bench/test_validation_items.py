"""The validation set: sections, the rater's rendering, the seeded rounds and splits, items.csv."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.validation.items import render_items
from bench.validation.render import render_section
from bench.validation.sample import (
    ITEMS_CSV,
    PLATFORM_CODES,
    PLATFORMS,
    ROUNDS,
    SPLITS,
    Item,
    allocate,
    draw_across_datasets,
    make_batches,
    merge_round,
    read_items_csv,
    select_items,
    thread_key,
    water_fill,
    write_items_csv,
)
from bench.validation.sections import SIZE_CLASSES, Section, cut, sections_of, size_class
from bench.validation.shared import DEFAULT_SHARED
from nlp.thread import Comment, Platform, Thread


def at(minute: int) -> datetime:
    return datetime(2024, 1, 1, 12, minute, tzinfo=UTC)


def comment(
    cid: str,
    author: str | None,
    text: str,
    parent: str | None = None,
    *,
    platform_parent: str | None = None,
    minute: int | None = 0,
) -> Comment:
    return Comment(
        id=cid,
        reply_to=parent,
        author=author,
        text=text,
        created_at=None if minute is None else at(minute),
        platform_reply_to=platform_parent,
    )


# c1 (ann) ── c2 (bob) ── c3 (ann, "@bob …")      c0 (cat) is an earlier top-level comment.
# On TikTok c3 was filed under c1 (the platform's parent); Parley re-targeted it to c2.
CHAIN = (
    comment("c1", "ann", "Is this real?", minute=2),
    comment("c2", "bob", "Yes,\nI was there.", "c1", platform_parent="c1", minute=3),
    comment("c3", "ann", "@bob where exactly?", "c2", platform_parent="c1", minute=4),
    comment("c0", "cat", "first", minute=1),
)


def test_flattening_platforms_show_one_level_by_the_platform_parent() -> None:
    thread = Thread(Platform.TIKTOK, "v1", CHAIN)
    assert render_section("tt-s-01", thread) == (
        "[tt-s-01] TikTok\n"
        "A1: first\n"
        "A2: Is this real?\n"
        "  ↳ A3: Yes, / I was there.\n"
        "  ↳ A2: @bob where exactly?\n"
    )


def test_a_chain_filed_under_a_reply_still_shows_one_level_deep() -> None:
    chain = (*CHAIN[:2], comment("c3", "ann", "@bob where exactly?", "c2", minute=4))
    lines = render_section("yt-s-01", Thread(Platform.YOUTUBE, "v1", chain)).splitlines()
    assert lines[1:] == [
        "A1: Is this real?",
        "  ↳ A2: Yes, / I was there.",
        "  ↳ A1: @bob where exactly?",
    ]


def test_reddit_shows_the_full_tree() -> None:
    tree = tuple(comment(c.id, c.author, c.text, c.reply_to, minute=i) for i, c in enumerate(CHAIN))
    assert render_section("rd-s-01", Thread(Platform.REDDIT, "p1", tree)).splitlines() == [
        "[rd-s-01] Reddit",
        "A1: Is this real?",
        "  ↳ A2: Yes, / I was there.",
        "    ↳ A1: @bob where exactly?",
        "A3: first",
    ]


def test_pseudonyms_unknown_authors_and_odd_texts() -> None:
    comments = (
        comment("a", None, "who am I"),
        comment("b", "[deleted]", "gone"),
        comment("c", "dan", "x" * 800),
        comment("d", "dan", " \n\n "),
        comment("e", "eve", "line one\r\n\r\nline two\n"),
    )
    lines = render_section("tw-s-01", Thread(Platform.TWITTER, "t1", comments)).splitlines()
    assert lines == [
        "[tw-s-01] X (Twitter)",
        "?: who am I",
        "?: gone",
        "A1: " + "x" * 700 + " […]",
        "A1: (no text)",
        "A2: line one / line two",
    ]


def test_siblings_keep_input_order_when_a_time_is_missing() -> None:
    comments = (comment("b", "bob", "second", minute=5), comment("a", "ann", "first", minute=None))
    lines = render_section("fb-s-01", Thread(Platform.FACEBOOK, "f1", comments)).splitlines()
    assert lines[1:] == ["A1: second", "A2: first"]


def test_size_classes() -> None:
    assert [size_class(n) for n in (3, 9, 10, 39, 40, 120)] == ["small"] * 2 + ["medium"] * 2 + [
        "large"
    ] * 2
    for outside in (2, 121):
        with pytest.raises(ValueError, match="outside"):
            size_class(outside)


def big_thread(platform: Platform) -> Thread:
    """130 comments: top-level t0 with 99 replies, t1 with 2, t2 with 1, and 25 lone comments."""
    comments = [comment("t0", "a", "hi"), comment("t1", "b", "hi"), comment("t2", "c", "hi")]
    comments += [comment(f"r{i}", f"u{i}", "re", "t0") for i in range(98)]
    comments += [comment("deep", "d", "re", "r0")]  # reply to a reply: still t0's sub-thread
    comments += [comment(f"s{i}", "e", "re", "t1") for i in range(2)]
    comments += [comment("u", "f", "re", "t2")] + [comment(f"l{i}", "g", "x") for i in range(25)]
    return Thread(platform, "big", tuple(comments))


def test_sections_are_whole_threads_or_sub_threads_of_big_reddit_and_youtube_threads() -> None:
    small = Thread(Platform.TIKTOK, "small", CHAIN)
    assert sections_of(small, "d") == [Section("tiktok", "d", "small", "", 4)]
    assert sections_of(Thread(Platform.TIKTOK, "two", CHAIN[:2]), "d") == []
    assert sections_of(big_thread(Platform.TIKTOK), "d") == []
    assert sections_of(big_thread(Platform.REDDIT), "d") == [
        Section("reddit", "d", "big", "t0", 100),
        Section("reddit", "d", "big", "t1", 3),
    ]
    sub = cut(big_thread(Platform.YOUTUBE), "t1")
    assert [c.id for c in sub.comments] == ["t1", "s0", "s1"]
    with pytest.raises(KeyError):
        cut(big_thread(Platform.YOUTUBE), "r0")


def synthetic_candidates() -> list[Section]:
    """Plenty everywhere, except YouTube: 2 large; Facebook: 4 medium, 1 large."""
    short = {("youtube", "large"): 2, ("facebook", "medium"): 4, ("facebook", "large"): 1}
    sizes = {"small": 5, "medium": 20, "large": 60}
    found = []
    for platform in PLATFORMS:
        for size, comments in sizes.items():
            for n in range(short.get((platform, size), 30)):
                dataset = f"{platform}/set-{n % 3}"
                found.append(Section(platform, dataset, f"{size}{n}", "", comments))
    return found


def test_quotas_fill_from_other_classes_then_other_platforms() -> None:
    assert water_fill({"a": 1, "b": 10, "c": 10}, 9) == {"a": 1, "b": 4, "c": 4}
    assert water_fill({"a": 1}, 5) == {"a": 1}
    targets = {"a": 6, "b": 6, "c": 4}
    assert water_fill(dict.fromkeys(targets, 9), 16, targets) == targets
    assert water_fill({"a": 9, "b": 9, "c": 0}, 16, targets) == {"a": 8, "b": 8, "c": 0}
    available = Counter((s.platform, s.size_class) for s in synthetic_candidates())
    quotas = allocate(available, 9)
    assert quotas["youtube", "large"] == 2
    assert quotas["youtube", "small"] + quotas["youtube", "medium"] == 25
    assert (quotas["facebook", "medium"], quotas["facebook", "large"]) == (4, 1)
    assert quotas["facebook", "small"] == 22
    assert quotas["tiktok", "small"] == 9
    assert sum(quotas.values()) == 162
    second = allocate(available, ROUNDS[2].per_size)
    assert [second["tiktok", size] for size in SIZE_CLASSES] == [6, 6, 4]
    assert [second["youtube", size] for size in SIZE_CLASSES] == [7, 7, 2]
    assert sum(second.values()) == 96


def test_each_dataset_takes_its_turn() -> None:
    candidates = [Section("reddit", f"set-{n % 3}", str(n), "", 5) for n in range(30)]
    chosen = draw_across_datasets(candidates, 7, random.Random(1))
    assert sorted(Counter(s.dataset for s in chosen).values()) == [2, 2, 3]


def test_round_one_is_seeded_order_free_and_all_dev() -> None:
    candidates = synthetic_candidates()
    first = replace(ROUNDS[1], seed=3)
    items = select_items(candidates, first)
    shuffled = random.Random(0).sample(candidates, len(candidates))
    assert select_items(shuffled, first) == items
    assert select_items(candidates, replace(first, seed=4)) != items
    assert len({item.item_id for item in items}) == len(items) == 162
    assert items[0].item_id == "tt-s-01"
    for item in items:
        code, size, number = item.item_id.split("-")
        assert (code, size) == (PLATFORM_CODES[item.section.platform], item.section.size_class[0])
        assert len(number) == 2
    assert {(item.split, item.round) for item in items} == {("dev", 1)}
    assert SPLITS == ("dev", "test")


def test_round_two_leaves_round_one_threads_alone_and_is_deterministic() -> None:
    candidates = synthetic_candidates()
    # a second sub-thread of every round-1 thread: round 2 must not take it either
    candidates += [replace(s, root_comment_id="other") for s in candidates]
    first = select_items(candidates, ROUNDS[1])
    used = {thread_key(item.section) for item in first}
    second = select_items(candidates, ROUNDS[2], used)
    shuffled = random.Random(0).sample(candidates, len(candidates))
    assert select_items(shuffled, ROUNDS[2], used) == second
    second = [i for i in second if i.section.platform != "youtube"]  # see test_validation_round2
    assert not used & {thread_key(item.section) for item in second}
    assert Counter((item.split, item.round) for item in second) == {("test", 2): 96}
    assert all(item.item_id.startswith("r2-") for item in second)
    assert len({item.item_id for item in (*first, *second)}) == len(first) + len(second)
    strata = Counter((i.section.platform, i.section.size_class) for i in second)
    # YouTube is drawn apart: the other five share the 96 (as when YouTube had nothing left)
    assert [strata["twitter", size] for size in SIZE_CLASSES] == [7, 7, 5]


def test_merging_a_round_keeps_the_others_and_gives_each_its_split() -> None:
    section = Section("reddit", "d", "t", "", 5)
    old = [Item("rd-s-01", section, "dev"), Item("rd-s-02", section, "heldout")]
    drawn = [Item("r2-rd-s-01", section, "test", 2)]
    merged = merge_round(merge_round(old, drawn, 2), drawn, 2)
    assert [i.item_id for i in merged] == ["rd-s-01", "rd-s-02", "r2-rd-s-01"]
    assert [(i.split, i.round) for i in merged] == [("dev", 1), ("dev", 1), ("test", 2)]
    assert merge_round(merged, old[:1], 1) == [old[0], merged[2]]


def test_batches_are_even_and_reproducible() -> None:
    items = select_items(synthetic_candidates(), replace(ROUNDS[1], seed=3))
    batches = make_batches(items, 4, seed=3)
    assert make_batches(list(reversed(items)), 4, seed=3) == batches
    assert sorted(i.item_id for batch in batches for i in batch) == sorted(i.item_id for i in items)
    loads = [sum(item.section.comments for item in batch) for batch in batches]
    assert max(loads) - min(loads) <= max(item.section.comments for item in items)
    platforms = [{item.section.platform for item in batch} for batch in batches]
    assert all(len(found) == len(PLATFORMS) for found in platforms)


def test_items_csv_round_trip(tmp_path: Path) -> None:
    candidates = synthetic_candidates()
    first = select_items(candidates, ROUNDS[1])
    items = first + select_items(candidates, ROUNDS[2], {thread_key(i.section) for i in first})
    path = tmp_path / "items.csv"
    write_items_csv(items, path)
    assert read_items_csv(path) == items
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",root_comment_id,comments,size_class,split,round")
    assert (lines[1][-6:], lines[-1][:3], lines[-1][-7:]) == (",dev,1", "r2-", ",test,2")
    # the first layout, without a round column: round 1
    path.write_text(lines[0].removesuffix(",round") + "\ntt-s-02,tiktok,x,7,,3,small,heldout\n")
    assert read_items_csv(path) == [Item("tt-s-02", Section("tiktok", "x", "7", "", 3), "heldout")]


def test_the_committed_items() -> None:
    items = read_items_csv(ITEMS_CSV)
    first = [item for item in items if item.round == 1]
    second = [item for item in items if item.round == 2 and item.section.platform != "youtube"]
    assert (len(first), len(second), len(items)) == (162, 96, 274)  # + 16 YouTube in round 2
    assert {item.section.platform for item in first} == set(PLATFORMS)
    assert {item.split for item in first} == {"dev"}
    assert {item.split for item in second} == {"test"}
    assert all(item.item_id.startswith("r2-") for item in second)
    assert len({item.item_id for item in items}) == len(items)
    used = {thread_key(item.section) for item in first}
    assert not used & {thread_key(item.section) for item in second}
    for item in items:
        if item.section.root_comment_id:
            assert item.section.platform in ("youtube", "reddit")


def test_committed_items_render_from_shared_data() -> None:
    data = DEFAULT_SHARED / "data"
    if not data.is_dir():
        pytest.skip(f"no shared data at {data}")
    cheap = ("reddit/convokit-subreddit-cornell-sample", "youtube/ycd-mkbhd-2023")
    items = [i for i in read_items_csv(ITEMS_CSV) if i.section.dataset in cheap]
    renderings = render_items(items, data)
    for item in items:
        lines = renderings[item.item_id].splitlines()
        assert lines[0].startswith(f"[{item.item_id}] ")
        assert len(lines) == 1 + item.section.comments
