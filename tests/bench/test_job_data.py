"""The job benchmark's export: exactly the comments asked for, nested, multilingual, importable."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.job_data import EMOJI, SENTENCES, main, part_paths, write_export
from importers.payload import Payload, decompress
from importers.registry import import_payload
from nlp.thread import Comment

COMMENTS = 400


def _threads(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        threads: list[dict[str, Any]] = json.load(handle)
    return threads


def _deepest(comments: Sequence[Comment]) -> int:
    """Replies between the deepest comment and its top-level one (0: no replies at all)."""
    parent = {c.id: c.reply_to for c in comments}
    deepest = 0
    for comment in comments:
        depth, at = 0, comment.reply_to
        while at is not None:
            depth, at = depth + 1, parent[at]
        deepest = max(deepest, depth)
    return deepest


def test_the_export_holds_exactly_the_comments_asked_for(tmp_path: Path) -> None:
    out = tmp_path / "export.json.gz"
    main([str(out), "--comments", str(COMMENTS), "--seed", "4"])
    threads = _threads(out)
    assert sum(len(t["comments"]) for t in threads) == COMMENTS
    assert len({t["external_id"] for t in threads}) == len(threads) > 1


def test_files_share_the_comments_out(tmp_path: Path) -> None:
    # 401 over 3 files: 134, 134, 133 (the first ones take the remainder)
    made = write_export(tmp_path / "export.json.gz", COMMENTS + 1, seed=4, files=3)
    assert [m.path.name for m in made] == [
        "export.part1.json.gz",
        "export.part2.json.gz",
        "export.part3.json.gz",
    ]
    assert [sum(len(t["comments"]) for t in _threads(m.path)) for m in made] == [134, 134, 133]
    assert [m.comments for m in made] == [134, 134, 133]
    assert [m.threads for m in made] == [len(_threads(m.path)) for m in made]


def test_one_file_keeps_its_name() -> None:
    assert part_paths(Path("/x/export.json.gz"), 1) == [Path("/x/export.json.gz")]


def test_texts_are_in_several_languages(tmp_path: Path) -> None:
    [made] = write_export(tmp_path / "export.json.gz", COMMENTS, seed=4)
    texts = [c["text"] for t in _threads(made.path) for c in t["comments"]]
    languages = {
        language
        for text in texts
        for language, sentences in SENTENCES.items()
        if any(sentence in text for sentence in sentences)
    }
    assert len(languages) >= 5
    assert any(text in EMOJI for text in texts)


def test_parley_imports_it_with_nested_replies(tmp_path: Path) -> None:
    [made] = write_export(tmp_path / "export.json.gz", COMMENTS, seed=4)
    payload = Payload(decompress(made.path.read_bytes()), filename=made.path.name)
    imported = import_payload(payload)
    assert {i.report.format for i in imported} == {"canonical"}
    assert sum(len(i.thread.comments) for i in imported) == COMMENTS
    assert len(imported) == made.threads
    assert max(_deepest(i.thread.comments) for i in imported) > 1
