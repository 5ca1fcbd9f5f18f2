"""The files `parley import` sends: those named, and those found in the directories named (sorted,
hidden ones left out), each with the media type its suffix suggests; read with a count of the
bytes read, which the progress bar shows while they are sent or stored."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

# By the last suffix; the server looks at the bytes too (archives, compression, the format).
MEDIA_TYPES = {
    ".json": "application/json",
    ".jsonl": "application/x-ndjson",
    ".ndjson": "application/x-ndjson",
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".zst": "application/zstd",
    ".zip": "application/zip",
    ".tar": "application/x-tar",
}
OTHER_TYPE = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class ExportFile:
    path: Path
    name: str  # as the job knows it: the file's name, or its path under the directory named
    media_type: str
    size: int


class NoFiles(Exception):
    """What was named holds nothing to import (a usage error)."""


def export_files(named: Sequence[Path]) -> list[ExportFile]:
    """Every file to send, in the order named, each directory's files sorted by path."""
    found: list[ExportFile] = []
    for path in named:
        if path.is_dir():
            inside = _walk(path)
            if not inside:
                raise NoFiles(f"{path} holds no files to import (hidden files are left out)")
            found += [_export_file(file, file.relative_to(path).as_posix()) for file in inside]
        elif path.is_file():
            found.append(_export_file(path, path.name))
        else:
            raise NoFiles(f"{path}: no such file or directory")
    for file in found:
        if file.size == 0:
            raise NoFiles(f"{file.path} is empty")
    return found


def _walk(directory: Path) -> list[Path]:
    files: list[Path] = []
    for root, folders, names in os.walk(directory):
        folders[:] = [name for name in folders if not name.startswith(".")]
        files += [Path(root, name) for name in names if not name.startswith(".")]
    return sorted(files, key=lambda file: file.relative_to(directory).parts)


def _export_file(path: Path, name: str) -> ExportFile:
    media_type = MEDIA_TYPES.get(path.suffix.lower(), OTHER_TYPE)
    return ExportFile(path, name, media_type, path.stat().st_size)


class CountedFile(io.FileIO):
    """A file opened for reading that reports the size of every read."""

    def __init__(self, path: Path, on_read: Callable[[int], None]) -> None:
        super().__init__(path, "r")
        self.on_read = on_read

    def read(self, size: int | None = -1, /) -> bytes:
        data = super().read(size) or b""
        self.on_read(len(data))
        return data
