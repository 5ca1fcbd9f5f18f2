"""Loaders that turn each real dataset in ../shared/data into the uploads a user would send.

One module per platform declares `DATASETS: list[Dataset]`. A loader yields `Upload`s: the bytes of
one request (a file as it is, or several files of one export joined the way the format allows, e.g.
a JSON array of API pages), plus an optional format name when detection is not the point.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Upload:
    label: str  # which file(s) this is, for the printed report
    data: bytes
    filename: str | None = None


@dataclass(frozen=True, slots=True)
class Dataset:
    name: str  # the folder under shared/data, e.g. "tiktok/nesc-apify-tradwife-comments"
    native_format: str  # the importer FORMAT name expected to detect it
    uploads: Callable[[Path], Iterator[Upload]]  # given the dataset folder
