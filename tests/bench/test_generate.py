"""The benchmark generator writes valid, well-formed, reproducible canonical threads."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from bench.generate import CREATOR, generate_thread, main
from importers.base import ImportOptions
from importers.formats.canonical import FORMAT
from importers.payload import Payload

SIZE = 3_000


def test_output_is_canonical_input(tmp_path: Path) -> None:
    out = tmp_path / "thread.json"
    main([str(SIZE), str(out), "--seed", "3"])
    payload = Payload(out.read_bytes())
    assert FORMAT.detect(payload)
    [imported] = FORMAT.parse(payload, ImportOptions())
    assert imported.report.comments_kept == SIZE
    assert imported.thread.creator == CREATOR


def test_ids_are_unique_and_replies_point_backwards_in_time() -> None:
    comments = generate_thread(SIZE, seed=5)["comments"]
    position = {c["id"]: i for i, c in enumerate(comments)}
    assert len(position) == SIZE
    for i, comment in enumerate(comments):
        if comment["reply_to"] is not None:
            assert position[comment["reply_to"]] < i
    times = [c["created_at"] for c in comments]
    assert times == sorted(times)


def test_the_shape_is_realistic() -> None:
    comments = generate_thread(SIZE, seed=7)["comments"]
    top_level_share = sum(c["reply_to"] is None for c in comments) / SIZE
    assert 0.5 < top_level_share < 0.7
    activity = Counter(c["author"] for c in comments)
    one_off = sum(1 for n in activity.values() if n == 1) / len(activity)
    assert one_off > 0.5  # many authors write once ...
    assert activity.most_common(2)[1][1] >= 20  # ... a few write a lot
    assert activity[CREATOR] > 0
    by_id = {c["id"]: c for c in comments}
    back_and_forth = sum(
        1
        for c in comments
        if c["reply_to"]
        and (parent := by_id[c["reply_to"]])["reply_to"]
        and by_id[parent["reply_to"]]["author"] == c["author"] != parent["author"]
    )
    assert back_and_forth > SIZE // 100


def test_a_seed_fixes_the_output() -> None:
    first = json.dumps(generate_thread(500, seed=11))
    assert json.dumps(generate_thread(500, seed=11)) == first
    assert json.dumps(generate_thread(500, seed=12)) != first
