"""TikTok datasets: Apify comment scrapes (a 304-video subset and the full 5,331-video set) and the
tiktok-comment-scrapper samples. Every file is one upload, as a user would send it.

Apify writes `[]` for a video whose comments it could not list without an error row; such a file
holds nothing to import (no importer can recognise an empty array), so the loaders leave it out.
"""

from __future__ import annotations

import tarfile
from collections.abc import Iterator
from pathlib import Path

import zstandard

from bench.datasets import Dataset, Upload

_EMPTY_ARRAY = b"[]"


def _is_empty_array(data: bytes) -> bool:
    return data.strip() == _EMPTY_ARRAY


def apify_subset_uploads(folder: Path) -> Iterator[Upload]:
    for path in sorted((folder / "comments").glob("*.json")):
        data = path.read_bytes()
        if not _is_empty_array(data):
            yield Upload(label=f"comments/{path.name}", data=data, filename=path.name)


def apify_full_uploads(folder: Path) -> Iterator[Upload]:
    """Stream the 343 MB tar out of its zstd frame, one member at a time, without unpacking."""
    with (folder / "comments-all.tar.zst").open("rb") as compressed:
        stream = zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(compressed)
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            for member in archive:
                extracted = archive.extractfile(member) if member.isfile() else None
                if extracted is None:
                    continue
                data = extracted.read()
                if not _is_empty_array(data):
                    name = Path(member.name).name
                    yield Upload(label=member.name, data=data, filename=name)


def scrapper_sample_uploads(folder: Path) -> Iterator[Upload]:
    for path in sorted(folder.glob("*.json")):
        if path.name != "stats.json":
            yield Upload(label=path.name, data=path.read_bytes(), filename=path.name)


DATASETS: list[Dataset] = [
    Dataset("tiktok/nesc-apify-tradwife-comments", "tiktok_apify", apify_subset_uploads),
    Dataset("tiktok/nesc-apify-full", "tiktok_apify", apify_full_uploads),
    Dataset(
        "tiktok/tiktok-comment-scrapper-samples", "tiktok_comment_scrapper", scrapper_sample_uploads
    ),
]
