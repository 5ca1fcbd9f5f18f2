"""The scraped YouTube datasets: youtube-comment-downloader dumps and NewPipe's Innertube mocks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from bench.datasets import Dataset, Upload


def _each_json_file(folder: Path) -> Iterator[Upload]:
    """One upload per dump, under its own name: the name is the only hint of the video id."""
    for path in sorted(folder.glob("*.json")):
        if path.name == "stats.json":  # our own counts, not a download
            continue
        yield Upload(label=path.name, data=path.read_bytes(), filename=path.name)


def _innertube_session(folder: Path) -> Iterator[Upload]:
    """The watch page, first comment page and reply page of one video, as one array of responses."""
    paths = sorted(folder.glob("innertube_next_mock_*.json"))
    pages = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
    label = " + ".join(path.name for path in paths)
    yield Upload(label=label, data=json.dumps(pages).encode("utf-8"))


DATASETS: list[Dataset] = [
    Dataset("youtube/ycd-mkbhd-2023", "youtube_comment_downloader", _each_json_file),
    Dataset("youtube/ycd-everest-ScMzIvxBSi4-2021", "youtube_comment_downloader", _each_json_file),
    Dataset("youtube/fixtures-newpipe-innertube-replies", "youtube_innertube", _innertube_session),
]
