"""Large files read from streams: decompressed as read, their records (JSON Lines lines, a JSON
array's items) one at a time, records put back as a small Payload in the file's shape. A record
keeps its JSON text, so a format reads records rebuilt as it reads them in the whole file. Items
are cut by json's `raw_decode`, as `Payload.json()` reads them (ijson refuses ints over 64 bits).
"""

from __future__ import annotations

import codecs
import gzip
import json
import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import IO, Any, cast

import zstandard

from importers.json_depth import json_depth
from importers.json_values import loads
from importers.payload import (
    CHUNK,
    GZIP_MAGIC,
    MAX_JSON_DEPTH,
    ZSTD_MAGIC,
    Payload,
    PayloadError,
    Readable,
    ZstdFrames,
)

SAMPLE_RECORDS = 200  # records a format is detected on
_NOT_BLANK = re.compile(r"[^ \t\n\r]")  # JSON allows these four between values


class Counted:
    """A stream telling `count` each read's size (it may refuse); a failed read raises `failure`."""

    def __init__(
        self, stream: Readable, count: Callable[[int], None], failure: type[Exception] | None = None
    ) -> None:
        self.stream, self.count, self.failure = stream, count, failure

    def read(self, size: int = -1, /) -> bytes:
        try:
            chunk = self.stream.read(size)
        except (OSError, EOFError, zlib.error, zstandard.ZstdError) as exc:
            if self.failure is None:
                raise
            raise self.failure(exc) from exc
        self.count(len(chunk))
        return chunk


class Prefixed:
    """Bytes already read from a stream, then the rest of the stream."""

    def __init__(self, head: bytes, rest: Readable) -> None:
        self.head, self.rest = memoryview(head), rest

    def read(self, size: int = -1, /) -> bytes:
        if not self.head:
            return self.rest.read(size)
        taken = self.head if size < 0 else self.head[:size]
        self.head = self.head[len(taken) :]
        return bytes(taken)


def read_up_to(stream: Readable, size: int) -> bytes:
    """The stream's next `size` bytes, fewer at its end."""
    parts: list[bytes] = []
    while size > 0 and (chunk := stream.read(min(CHUNK, size))):
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


def peek(stream: Readable, size: int) -> tuple[bytes, Prefixed]:
    """The stream's first `size` bytes, and the stream to read from the start still."""
    head = read_up_to(stream, size)
    return head, Prefixed(head, stream)


def inflating(stream: Readable, magic: bytes, encoding: str = "") -> Readable:
    """The stream decompressed as it is read if gzip or zstd (by Content-Encoding or magic)."""
    if encoding == "gzip" or magic.startswith(GZIP_MAGIC):
        return gzip.GzipFile(fileobj=cast(IO[bytes], stream))
    if encoding == "zstd" or magic.startswith(ZSTD_MAGIC):
        return ZstdFrames(stream)
    return stream


class Shape(Enum):
    """How a file holds its records."""

    LINES = "JSON Lines"
    ARRAY = "a JSON array"


@dataclass(frozen=True, slots=True)
class Record:
    number: int  # 1-based: the line (JSON Lines) or the item (array)
    value: Any
    raw: bytes  # its JSON text as in the file (UTF-8, no line break, no byte order mark)


@dataclass(frozen=True, slots=True)
class FileNames:
    """What the Payloads made of one file's bytes are called."""

    filename: str | None
    media_type: str | None
    source: str | None

    def payload(self, data: bytes) -> Payload:
        return Payload(data, filename=self.filename, media_type=self.media_type, source=self.source)


def shape_of(head: bytes) -> Shape | None:
    """How a file starting with `head` holds records: `[` an array, `{` JSON Lines unless its first
    line, whole in `head`, is no JSON object (one object spread over lines); None for the rest."""
    start = head.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n")
    first, newline, _ = start.partition(b"\n")
    if start[:1] != b"{" or not newline:
        return {b"[": Shape.ARRAY, b"{": Shape.LINES}.get(start[:1])
    try:
        return Shape.LINES if isinstance(json.loads(first), dict) else None
    except ValueError:  # not JSON, or not UTF-8 text
        return None


def read_records(stream: Readable, shape: Shape, max_record: int) -> Iterator[Record]:
    """The records of a stream, in order. PayloadError at the line (column, item) of malformed
    JSON, text not UTF-8, nesting over MAX_JSON_DEPTH or a record over `max_record` bytes."""
    if shape is Shape.LINES:
        return _line_records(stream, max_record)
    return _ArrayItems(stream, max_record).records()


def shaped_payload(raws: Sequence[bytes], shape: Shape, names: FileNames) -> Payload:
    """Records' JSON texts as one Payload in the file's shape: lines, or an array `[a,b,…]`.
    Its record k (0-based) is `raws[k]`, whatever its line or item number in the file."""
    lines = shape is Shape.LINES
    return names.payload(b"\n".join((*raws, b"")) if lines else b",".join(raws).join((b"[", b"]")))


def _invalid(line: int, column: int, message: str, item: int | None = None) -> PayloadError:
    where = f"line {line}, column {column}" + ("" if item is None else f" (item {item})")
    return PayloadError(f"invalid JSON at {where}: {message}", line, column)


def _too_deep(where: str, line: int) -> PayloadError:
    return PayloadError(f"{where}: the JSON nests more than {MAX_JSON_DEPTH} levels deep", line)


def _lines(stream: Readable, max_record: int) -> Iterator[tuple[int, bytes]]:
    pending: list[bytes] = []  # the start of a line that goes on in the next chunks
    number = 0
    while chunk := stream.read(CHUNK):
        *complete, last = chunk.split(b"\n")
        if complete:
            complete[0] = b"".join((*pending, complete[0]))
            for line in complete:
                number += 1
                yield number, line
            pending = []
        pending.append(last)
        if sum(map(len, pending)) > max_record:
            raise PayloadError(f"line {number + 1} is longer than {max_record} bytes", number + 1)
    if any(pending):
        yield number + 1, b"".join(pending)


def _line_records(stream: Readable, max_record: int) -> Iterator[Record]:
    for number, line in _lines(stream, max_record):
        raw = line.removeprefix(codecs.BOM_UTF8) if number == 1 else line
        if len(raw) > max_record:
            raise PayloadError(f"line {number} is longer than {max_record} bytes", number)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PayloadError(f"line {number} is not UTF-8 text", number) from exc
        if not text.strip():
            continue
        if json_depth(text) > MAX_JSON_DEPTH:
            raise _too_deep(f"line {number}", number)
        try:
            value = loads(raw)  # its bytes: msgspec need not encode the text again
        except json.JSONDecodeError as exc:
            raise _invalid(number, exc.colno, exc.msg) from exc
        yield Record(number, value, raw)


class _ArrayItems:
    """A top-level JSON array's items, decoded one by one from a window of its text."""

    def __init__(self, stream: Readable, max_record: int) -> None:
        self.stream, self.max_record = stream, max_record
        self.utf8, self.json = codecs.getincrementaldecoder("utf-8-sig")(), json.JSONDecoder()
        self.text, self.pos, self.eof = "", 0, False
        self.line, self.column = 1, 1  # where self.text starts in the file

    def records(self) -> Iterator[Record]:
        if self._after_blanks() != "[":
            raise self._invalid_at(self.pos, "Expecting '['")
        self.pos += 1
        number, ended = 0, self._after_blanks() == "]"
        self.pos += ended  # the "]" of an empty array
        while not ended:
            number += 1
            yield self._item(number)
            if (separator := self._after_blanks()) not in (",", "]"):
                raise self._invalid_at(self.pos, "Expecting ',' delimiter", number)
            self.pos, ended = self.pos + 1, separator == "]"
        if self._after_blanks():
            raise self._invalid_at(self.pos, "Extra data")

    def _item(self, number: int) -> Record:
        self._after_blanks()
        while True:
            try:
                value, end = self.json.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if not self.eof and len(self.text) - self.pos <= self.max_record:  # cut short?
                    self._read(len(self.text) - self.pos)
                    continue
                if self.eof:
                    raise self._invalid_at(exc.pos, exc.msg, number) from exc
                too_long = f"over {self.max_record} bytes, or malformed ({exc.msg})"
                raise self._invalid_at(self.pos, too_long, number) from exc
            if end == len(self.text) and not self.eof:  # a number may go on
                self._read(0)
                continue
            text = self.text[self.pos : end]
            if json_depth(text) >= MAX_JSON_DEPTH:  # the array is one level more
                raise _too_deep(f"item {number}", self._where(self.pos)[0])
            self.pos = end
            return Record(number, value, text.encode())

    def _read(self, at_least: int) -> None:
        """Drop what was read, add a chunk or `at_least` bytes (a long item doubles the window)."""
        self.line, self.column = self._where(self.pos)
        chunk = self.stream.read(max(CHUNK, at_least))
        self.eof = not chunk
        try:
            decoded = self.utf8.decode(chunk, final=self.eof)
        except UnicodeDecodeError as exc:
            raise PayloadError(f"the text is not UTF-8 after line {self.line}", self.line) from exc
        self.text, self.pos = self.text[self.pos :] + decoded, 0

    def _after_blanks(self) -> str:
        """The next character that is not a blank, or "" at the end of the text."""
        while (found := _NOT_BLANK.search(self.text, self.pos)) is None and not self.eof:
            self.pos = len(self.text)
            self._read(0)
        self.pos = found.start() if found else len(self.text)
        return self.text[self.pos : self.pos + 1]

    def _where(self, pos: int) -> tuple[int, int]:
        newlines = self.text.count("\n", 0, pos)
        if newlines:
            return self.line + newlines, pos - self.text.rfind("\n", 0, pos)
        return self.line, self.column + pos

    def _invalid_at(self, pos: int, message: str, item: int | None = None) -> PayloadError:
        return _invalid(*self._where(pos), message, item)
