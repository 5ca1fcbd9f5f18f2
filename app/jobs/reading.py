"""An uploaded file on local disk read as units a background job imports one by one with the
usual importers, in memory bounded whatever the file's size.

The file is decompressed and opened (a tar as a stream, a zip from disk) as it is read. Each file
in it is one unit when it is at most `whole_file_limit` bytes. A larger one must be JSON Lines or
a JSON array in a format declaring `post_key`: its records are filed by post on disk, then each
post is one unit in the file's shape, so memory holds the largest post, never the file. Every
byte a decompression step gives (and a plain file's) counts against `inflated_limit`. Problems of
the whole upload are raised; a file that cannot be imported is a RefusedFile, and reading goes on.
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from io import BufferedReader
from itertools import chain, count, islice
from pathlib import Path, PurePosixPath
from typing import IO, cast

import zstandard

from app.jobs.grouping import records_by_post
from importers import streaming
from importers.archives import (
    NO_RECORDS,
    NOT_REGULAR,
    ZIP_MAGIC,
    ZIP_READ_ERRORS,
    Budget,
    declared_zip_entries,
    holds_no_records,
    is_tar,
    is_zip,
    skip_reason,
)
from importers.base import ImportFormat, InvalidInput, Problem
from importers.payload import CHUNK, GZIP_MAGIC, ZSTD_MAGIC, Payload, PayloadError, Readable
from importers.registry import all_formats, detect, format_named

# tarfile and zipfile keep every entry they list (~0.5 KB each: 100 MB at this cap; a zip's count
# is checked before they are listed): 37 times the largest real set (5,331 files, one per video).
MAX_ENTRIES = 200_000
HEAD = 512  # enough to tell an archive (a tar header is 512 bytes)
MAX_RECORD = 1 << 26  # bytes of one record (a comment; a thread in canonical JSON), at least
# A file's own data may be unreadable (its compression, a zip CRC, its JSON); the upload's own
# stream failing is a _DamagedUpload instead, which these leave alone.
FILE_ERRORS = (PayloadError, InvalidInput, *ZIP_READ_ERRORS, EOFError, zstandard.ZstdError)


@dataclass(frozen=True, slots=True)
class Unit:
    index: int  # 0-based order within this file: the same file gives the same units in order
    payload: Payload  # one small file as it is, or one post's records in the file's shape
    lines: tuple[int, ...] | None  # a post's records' line / item numbers in the file; else None
    format_name: str | None  # the format detected on the sample of a grouped file; else None


@dataclass(frozen=True, slots=True)
class SkippedFile:
    source: str
    reason: str  # as archives.skip_reason says, e.g. "macOS metadata (__MACOSX)"


@dataclass(frozen=True, slots=True)
class RefusedFile:
    index: int  # takes a unit index, so that counting stays deterministic
    source: str
    error: InvalidInput  # why this file cannot be imported; the other files go on


@dataclass
class ReadProgress:
    bytes_read: int = 0  # bytes of the file on disk consumed so far (compressed bytes)
    bytes_total: int = 0  # its size
    rows_read: int = 0  # records (for whole files, best effort: lines) seen so far


Item = Unit | SkippedFile | RefusedFile


def read_units(
    path: Path,
    *,
    name: str | None,
    media_type: str | None,
    content_encoding: str | None,
    format_name: str | None,
    spool_dir: Path,
    whole_file_limit: int,
    inflated_limit: int,
    progress: ReadProgress,
    split_above: int | None = None,
) -> Iterator[Item]:
    """The units, skipped files and refused files of the upload at `path`, in file order.

    A file over `split_above` bytes (but within `whole_file_limit`) is also read post by post
    when its format allows: one unit per post keeps each unit's transaction short, spreads the
    file over workers and shows progress, where a whole file of thousands of posts would be
    one unit. When its format does not, it is still one unit."""
    encoding = (content_encoding or "").strip().lower()
    if encoding not in ("", "identity", "gzip", "zstd"):
        raise PayloadError(f"unsupported Content-Encoding {content_encoding!r}")
    progress.bytes_total = path.stat().st_size
    budget = Budget(inflated_limit)
    reading = _Reading(name, format_name, spool_dir, whole_file_limit, budget, progress)
    reading.split_above = whole_file_limit if split_above is None else split_above
    try:
        with path.open("rb") as disk:
            if encoding in ("", "identity") and disk.peek(4).startswith(ZIP_MAGIC):
                yield from reading.zip_archive(disk, on_disk=True)
            else:
                yield from reading.upload(disk, encoding, media_type)
    except _DamagedUpload as exc:
        raise PayloadError(f"cannot decompress {name or 'the upload'}: {exc}") from exc
    except (tarfile.TarError, zipfile.BadZipFile) as exc:  # the archive itself
        raise PayloadError(f"cannot read the archive {name or 'the upload'}: {exc}") from exc


class _DamagedUpload(Exception):
    """The upload's own stream failed: nothing more of it can be read."""


def _refusal(label: str, exc: Exception) -> InvalidInput:
    """Why a file cannot be imported, named after it (an InvalidInput keeps its class)."""
    if isinstance(exc, InvalidInput):
        problems = [Problem(p.loc, f"{label}: {p.msg}") for p in exc.problems]
        return type(exc)(f"{label}: {exc.detail}", problems)
    if not isinstance(exc, PayloadError):  # the file's own compression, or its zip entry
        exc = PayloadError(f"cannot read it: {exc}")
    loc = ("body",) if exc.line is None else ("body", "line", exc.line)
    return InvalidInput(f"{label}: {exc.detail}", [Problem(loc, f"{label}: {exc.detail}")])


@dataclass
class _Reading:
    """One read_units call: its settings, the next unit index, the inflated bytes left."""

    name: str | None
    format_name: str | None
    spool_dir: Path
    whole_file_limit: int
    budget: Budget
    progress: ReadProgress
    indexes: Iterator[int] = field(default_factory=count)  # the units' and refused files'
    split_above: int = 0  # see read_units

    def upload(self, disk: BufferedReader, encoding: str, media_type: str | None) -> Iterator[Item]:
        magic = disk.peek(4)[:4]
        on_disk = streaming.Counted(disk, self._disk_read)
        inflated = streaming.inflating(on_disk, magic, encoding)
        guarded = streaming.Counted(inflated, self.budget.charge, failure=_DamagedUpload)
        head, stream = streaming.peek(guarded, HEAD)
        if is_zip(head):  # a zip compressed whole: unpacked to a file to be opened
            with tempfile.TemporaryFile(dir=self.spool_dir) as spool:
                shutil.copyfileobj(stream, spool, CHUNK)
                yield from self.zip_archive(spool, on_disk=False)
        elif is_tar(head):
            yield from self._tar(stream)
        else:
            size = self.progress.bytes_total if inflated is on_disk else None
            names = streaming.FileNames(self.name, media_type, self.name)
            yield from self._file(stream, names, size)

    def _disk_read(self, size: int) -> None:
        self.progress.bytes_read += size

    def _source(self, member: str) -> str:
        return f"{self.name}:{member}" if self.name else member

    def zip_archive(self, file: IO[bytes], on_disk: bool) -> Iterator[Item]:
        if (declared := declared_zip_entries(file)) > MAX_ENTRIES:
            raise PayloadError(f"the zip archive lists {declared} entries; at most {MAX_ENTRIES}")
        with zipfile.ZipFile(file) as archive:
            for info in (entry for entry in archive.infolist() if not entry.is_dir()):
                if reason := skip_reason(info.filename, info.file_size):
                    yield SkippedFile(self._source(info.filename), reason)
                else:
                    opened = partial(archive.open, info)
                    yield from self._member(info.filename, opened, info.file_size, by_zip=True)
                if on_disk:  # how far into the file this entry's data ends
                    end = info.header_offset + info.compress_size
                    self.progress.bytes_read = max(self.progress.bytes_read, end)
        self.progress.bytes_read = self.progress.bytes_total

    def _tar(self, stream: Readable) -> Iterator[Item]:
        with tarfile.open(fileobj=cast(IO[bytes], stream), mode="r|") as archive:
            for listed, member in enumerate(archive, start=1):
                if listed > MAX_ENTRIES:
                    raise PayloadError(f"the tar archive lists more than {MAX_ENTRIES} entries")
                if member.isdir():
                    continue
                reason = skip_reason(member.name, member.size) if member.isfile() else NOT_REGULAR
                if reason is not None:
                    yield SkippedFile(self._source(member.name), reason)
                    continue
                opened = partial(archive.extractfile, member)
                yield from self._member(member.name, opened, member.size, by_zip=False)

    def _member(
        self, path: str, opened: Callable[[], IO[bytes] | None], size: int, by_zip: bool
    ) -> Iterator[Item]:
        """An archive member, decompressed if gzip or zstd (its stored bytes count if a zip inflated
        them, `by_zip`: a tar's count as the tar stream's); an archive inside is skipped."""
        source = self._source(path)
        names = streaming.FileNames(PurePosixPath(path).name, None, source)
        try:
            with cast(IO[bytes], opened()) as data:
                stored = streaming.Counted(data, self.budget.charge) if by_zip else data
                magic, start = streaming.peek(stored, 4)
                stream: Readable = start
                if compressed := magic.startswith((GZIP_MAGIC, ZSTD_MAGIC)):
                    inflated = streaming.inflating(start, magic)
                    stream = streaming.Counted(inflated, self.budget.charge)
                head, stream = streaming.peek(stream, HEAD)
                if is_zip(head) or is_tar(head):
                    yield SkippedFile(source, "an archive inside the archive is not opened")
                    return
                yield from self._file(stream, names, None if compressed else size)
        except FILE_ERRORS as exc:
            yield RefusedFile(next(self.indexes), source, _refusal(source, exc))

    def _file(
        self, stream: Readable, names: streaming.FileNames, size: int | None
    ) -> Iterator[Item]:
        """The file whole as one unit, or one unit per post; a RefusedFile when neither."""
        label = names.source or "the upload"
        try:
            head = streaming.read_up_to(stream, self.whole_file_limit + 1)
            whole = len(head) <= self.whole_file_limit
            shape = None if len(head) <= self.split_above else streaming.shape_of(head)
            if whole and shape is None:
                no_records = holds_no_records(head)
                yield SkippedFile(label, NO_RECORDS) if no_records else self._whole(names, head)
                return
            if shape is None:
                raise InvalidInput(self._too_large(size, None))
            kept = head if whole else b""  # a file that may still be read whole
            stream = streaming.Prefixed(head, stream)
            del head  # held by the stream until read, then freed
            max_record = max(self.whole_file_limit, MAX_RECORD)
            records = streaming.read_records(stream, shape, max_record)
            taken = list(islice(records, streaming.SAMPLE_RECORDS))  # the format is told on these
            sample = streaming.shaped_payload([record.raw for record in taken], shape, names)
            chosen = self._format_of(sample, whole)
            if chosen is None or chosen.post_key is None:
                if whole:
                    yield self._whole(names, kept)
                    return
                held_as = f"{shape.value} in {chosen.name}" if chosen else None
                raise InvalidInput(self._too_large(size, held_as))
            # Every record is read (and may be refused) before the first post comes.
            with closing(
                records_by_post(
                    chain(taken, records), chosen.post_key, self.spool_dir, self.progress
                )
            ) as posts:
                for lines, raws in posts:
                    payload = streaming.shaped_payload(raws, shape, names)
                    yield Unit(next(self.indexes), payload, lines, chosen.name)
        except FILE_ERRORS as exc:
            yield RefusedFile(next(self.indexes), label, _refusal(label, exc))

    def _whole(self, names: streaming.FileNames, data: bytes) -> Unit:
        self.progress.rows_read += data.count(b"\n") + (data[-1:] not in b"\n")
        return Unit(next(self.indexes), names.payload(data), None, None)

    def _format_of(self, sample: Payload, whole: bool) -> ImportFormat | None:
        """The format named, or detected on the sample; for a file that may be read whole,
        None when detection fails (reading it whole says why, as an upload would)."""
        if self.format_name:
            return format_named(self.format_name)
        try:
            return detect(sample)
        except InvalidInput:
            if whole:
                return None
            raise

    def _too_large(self, size: int | None, held_as: str | None) -> str:
        limit = self.whole_file_limit
        held = f"{size:,} bytes" if size is not None else f"over {limit:,} bytes decompressed"
        streaming_formats = ", ".join(f.name for f in all_formats() if f.post_key is not None)
        return (
            f"it holds {held}: too many to read whole (at most {limit:,} bytes can be). It is "
            f"{held_as or 'neither JSON Lines nor a JSON array'}, which is read whole; a larger "
            "file is read post by post only as JSON Lines or a JSON array in a format whose "
            f"records name their post: {streaming_formats}"
        )
