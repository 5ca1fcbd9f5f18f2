"""One uploaded file opened into the files to import: itself, decompressed (gzip, zstd), or the
members of an archive (.zip, .tar, .tar.gz, .tar.zst), every inflated byte counted against the
upload's size limit as it is read (a member is never inflated whole before the check).

Directories and obvious non-data (macOS and Windows folder metadata, hidden files, pictures and
documents, links, empty files, archives inside the archive) are skipped; every file taken from
an archive carries notes saying what was skipped and why.
"""

from __future__ import annotations

import io
import os
import re
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import IO

from importers.payload import Payload, PayloadError, SizeLimitExceeded, decompress, read_bounded

MAX_FILES = 500  # files imported from one upload
MAX_ENTRIES = 10_000  # entries one archive may list
MAX_NOTES = 20  # skipped members named one by one; the rest are counted
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
METADATA_FILES = {
    ".ds_store": "macOS folder metadata",
    "thumbs.db": "Windows thumbnail cache",
    "desktop.ini": "Windows folder settings",
}
NOT_DATA_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".svg", ".mp4", ".mov", ".webm", ".mp3"}
    | {".m4a", ".wav", ".pdf", ".md", ".html", ".htm"}
)
# A damaged member, an unsupported compression method, an encrypted member.
ZIP_READ_ERRORS = (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, zlib.error)
NOT_REGULAR = "not a regular file (a link or a device)"
DOCUMENTATION_STEMS = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG"})

# A scraper's file for a post without comments: nothing to import, though not an empty file.
_NO_RECORDS = re.compile(rb"(\xef\xbb\xbf)?\s*(\[\s*\])?\s*")
_NO_RECORDS_LONGEST = 256
NO_RECORDS = "holds no records: blank or an empty JSON array"

# (member path, its bytes as stored, or None with the reason it is skipped)
Entry = tuple[str, bytes | None, str | None]


class Budget:
    """What is left of the size limit for the upload's inflated bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit

    def charge(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise SizeLimitExceeded(self.limit)


def is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC)


def is_tar(data: bytes) -> bool:
    return data[257:262] == b"ustar"


def open_file(
    data: bytes,
    name: str | None,
    budget: Budget,
    media_type: str | None = None,
    content_encoding: str | None = None,
) -> list[Payload]:
    """The files one uploaded file holds: the file itself, or an archive's members."""
    inflated = decompress(data, content_encoding, budget.left)
    if is_zip(inflated):
        return _archive_files(name, _zip_entries(inflated, budget), budget)
    if is_tar(inflated):
        return _archive_files(name, _tar_entries(inflated, budget), budget)
    budget.charge(len(inflated))
    return [Payload(inflated, filename=name, media_type=media_type, source=name)]


def bundle(files: list[Payload]) -> Payload:
    """One Payload for the whole upload: the file itself, or one whose parts are the files."""
    if len(files) > MAX_FILES:
        raise PayloadError(f"the upload holds {len(files)} files; at most {MAX_FILES} are read")
    return files[0] if len(files) == 1 else Payload(b"", parts=tuple(files))


def skip_reason(path: str, size: int) -> str | None:
    """Why an archive member is not a comment export to import, or None to import it."""
    parts = [part for part in path.replace("\\", "/").split("/") if part not in ("", ".")]
    if not parts:
        return "no file name"
    if "__MACOSX" in parts:
        return "macOS metadata (__MACOSX)"
    base = parts[-1]
    if base.lower() in METADATA_FILES:
        return METADATA_FILES[base.lower()]
    if base.startswith("._"):
        return "macOS resource fork"
    if any(part.startswith(".") and part != ".." for part in parts):
        return "hidden file"
    suffix = PurePosixPath(base).suffix.lower()
    if suffix in NOT_DATA_SUFFIXES:
        return f"not a comment export ({suffix} file)"
    if base.split(".")[0].upper() in DOCUMENTATION_STEMS:
        return "documentation"
    if size == 0:
        return "empty file"
    return None


def holds_no_records(data: bytes) -> bool:
    """Whether a file, once decompressed, is only blanks or an empty JSON array."""
    return len(data) <= _NO_RECORDS_LONGEST and _NO_RECORDS.fullmatch(data) is not None


def _zip_entries(data: bytes, budget: Budget) -> Iterator[Entry]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError) as exc:
        raise PayloadError(f"cannot open the zip archive: {exc}") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise PayloadError(f"the zip archive lists more than {MAX_ENTRIES} entries")
        for info in infos:
            if info.is_dir():
                continue
            reason = skip_reason(info.filename, info.file_size)
            if reason is not None:
                yield info.filename, None, reason
                continue
            if info.file_size > budget.left:  # as declared; the reading below counts anyway
                raise SizeLimitExceeded(budget.limit)
            try:
                with archive.open(info) as stream:
                    raw = read_bounded(stream, budget.left)
            except ZIP_READ_ERRORS as exc:
                raise PayloadError(f"cannot read {info.filename!r} from the zip: {exc}") from exc
            yield info.filename, raw, None


def _tar_entries(data: bytes, budget: Budget) -> Iterator[Entry]:
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
            for count, member in enumerate(archive, start=1):
                if count > MAX_ENTRIES:
                    raise PayloadError(f"the tar archive lists more than {MAX_ENTRIES} entries")
                if member.isdir():
                    continue
                reason = skip_reason(member.name, member.size) if member.isfile() else None
                stream = archive.extractfile(member) if member.isfile() and not reason else None
                if stream is None:
                    yield member.name, None, reason or NOT_REGULAR
                    continue
                yield member.name, read_bounded(stream, budget.left), None
    except tarfile.TarError as exc:
        raise PayloadError(f"cannot read the tar archive: {exc}") from exc


def _archive_files(name: str | None, entries: Iterator[Entry], budget: Budget) -> list[Payload]:
    label = name or "the archive"
    files: list[tuple[str, bytes]] = []
    skipped: list[tuple[str, str]] = []
    for member, raw, reason in entries:
        if raw is None:
            skipped.append((member, reason or "skipped"))
            continue
        try:
            data = decompress(raw, None, budget.left)
        except PayloadError as exc:
            raise PayloadError(f"{label}: {member}: {exc.detail}") from exc
        if is_zip(data) or is_tar(data):
            skipped.append((member, "an archive inside the archive is not opened"))
            continue
        if holds_no_records(data):
            skipped.append((member, NO_RECORDS))
            continue
        budget.charge(len(data))
        files.append((member, data))
    notes = tuple(f"{label}: skipped {member} ({why})" for member, why in skipped[:MAX_NOTES])
    if len(skipped) > MAX_NOTES:
        notes += (f"{label}: skipped {len(skipped) - MAX_NOTES} more members",)
    if not files:
        seen = "; ".join(note.removeprefix(f"{label}: ") for note in notes) or "it is empty"
        raise PayloadError(f"{label} holds no file to import ({seen})")
    return [
        Payload(
            data,
            filename=PurePosixPath(member).name,
            source=f"{name}:{member}" if name else member,
            notes=notes,
        )
        for member, data in files
    ]


def declared_zip_entries(file: IO[bytes]) -> int:
    """The entry count a zip's end of central directory (or ZIP64's) declares; 0 without one."""
    file.seek(max(0, file.seek(0, os.SEEK_END) - (1 << 16) - 22))  # a comment takes ≤ 64 KiB
    tail = file.read()
    at = tail.rfind(b"PK\x05\x06")
    (count,) = struct.unpack("<H", tail[at + 10 : at + 12]) if 0 <= at < len(tail) - 21 else (0,)
    if count == 0xFFFF and at >= 20 and tail[at - 20 : at - 16] == b"PK\x06\x07":
        file.seek(struct.unpack("<Q", tail[at - 12 : at - 4])[0])
        record = file.read(40)
        count = struct.unpack("<Q", record[32:40])[0] if record[:4] == b"PK\x06\x06" else count
    return int(count)
