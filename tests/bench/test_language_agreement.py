"""The language-agreement run: telltale decisions counted against lingua on a hand-made dump."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.language_agreement import main

COMMENTS = [
    # Settled by telltales: "this", "is", "the" / "what", "the", "is" are English-only stop words.
    "this is the best trek video",
    "what the view is incredible",
    # Spanish telltales "pero" and "nada" with English "the": mixed, so lingua decides.
    "the view pero nada más",
    # Two words: too short to detect at all.
    "so good",
]


def test_counts_telltale_decisions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dump = tmp_path / "youtube" / "ycd-mkbhd-2023"
    dump.mkdir(parents=True)
    lines = [
        {"cid": f"c{i}", "text": text, "time": "1 day ago", "author": f"@a{i}"}
        | {"channel": f"UC{i}", "votes": 0, "heart": False, "photo": "https://yt3.example/a"}
        for i, text in enumerate(COMMENTS)
    ]
    (dump / "video.json").write_text("\n".join(json.dumps(line) for line in lines))
    assert main(["--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "detectable comments: 3" in out
    assert "settled by telltales: 2 (66.7%)" in out
    assert "by language: {'en': 2}" in out


def test_absent_data_folder_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_path / "absent")]) == 0
    assert "no comments found" in capsys.readouterr().out
