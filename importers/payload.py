"""The raw upload, decompressed once, with lazily parsed views that detection and parsing share."""

from __future__ import annotations

import gzip
import io
import json
import re
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Protocol

import zstandard

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
CHUNK = 1 << 20
# The window a zstd frame may make the decoder keep, filled as bytes come out beside the copy
# that is returned: an upload (a size limit given) peaks at the limit plus this. 32 MiB takes
# every level up to 19 (8 MiB windows) and --long on files up to 32 MiB; zstd's own default
# (128 MiB) would let a crafted bomb take 100 MB at the 50 MiB limit. A local file may need
# the 2 GiB of Pushshift's monthly dumps (--long=31).
UPLOAD_MAX_ZSTD_WINDOW = 1 << 25
LOCAL_MAX_ZSTD_WINDOW = 1 << 31
# An upload's zstd goes in 128 bytes at a time: a crafted stream then gives out at most ~6 MB per
# step, which the size limit sees before the next one.
UPLOAD_ZSTD_STEP = 128
# Deeper JSON is refused before it is parsed: Python's parser recurses once per level. Real
# exports nest far less (a Reddit listing about five levels per level of replies).
MAX_JSON_DEPTH = 512
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class PayloadError(Exception):
    """The bytes cannot be read at all (bad compression, not text, malformed JSON)."""

    def __init__(self, detail: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.line = line
        self.column = column


class SizeLimitExceeded(Exception):
    """Inflating the upload (decompression, archive members) went past the size limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the upload, decompressed, is larger than the limit of {limit} bytes")
        self.limit = limit


class WindowTooLarge(Exception):
    """A zstd frame asks the decoder to keep more than an upload may (UPLOAD_MAX_ZSTD_WINDOW)."""

    def __init__(self, window: int | None, allowed: int) -> None:
        needs = "more" if window is None else f"{window >> 20} MiB"
        longest = allowed.bit_length() - 1
        super().__init__(
            f"the zstd data needs a {needs} decompression window; an upload may need at most "
            f"{allowed >> 20} MiB: compress it without --long, or with --long={longest} or less"
        )


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def read_bounded(stream: Readable, limit: int | None) -> bytes:
    """Read a stream to its end in chunks, refusing as soon as it passes `limit` bytes.

    At most one chunk past the limit is ever held, and the bytes are not copied again at the
    end (BytesIO hands over its buffer).
    """
    buffer = io.BytesIO()
    while chunk := stream.read(CHUNK):
        buffer.write(chunk)
        if limit is not None and buffer.tell() > limit:
            raise SizeLimitExceeded(limit)
    return buffer.getvalue()


def decompress(data: bytes, content_encoding: str | None = None, limit: int | None = None) -> bytes:
    """Undo gzip or zstd, named by Content-Encoding or recognised by magic bytes.

    The inflated bytes are counted as they come: SizeLimitExceeded once they pass `limit`. With
    a limit (an upload), a zstd frame needing a window over UPLOAD_MAX_ZSTD_WINDOW is refused.
    """
    encoding = (content_encoding or "").strip().lower()
    try:
        if encoding == "gzip" or data.startswith(GZIP_MAGIC):
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
                return read_bounded(stream, limit)
        if encoding == "zstd" or data.startswith(ZSTD_MAGIC):
            return _zstd_bounded(data, limit)
    except (OSError, EOFError, zstandard.ZstdError) as exc:
        raise PayloadError(f"cannot decompress the body: {exc}") from exc
    if encoding not in ("", "identity"):
        raise PayloadError(f"unsupported Content-Encoding {content_encoding!r}")
    return data


def _zstd_bounded(data: bytes, limit: int | None) -> bytes:
    window = UPLOAD_MAX_ZSTD_WINDOW if limit is not None else LOCAL_MAX_ZSTD_WINDOW
    declared = zstandard.get_frame_parameters(data).window_size
    if declared > window:  # refused before the decoder is made: nothing is allocated
        raise WindowTooLarge(declared, window)
    try:
        return read_bounded(ZstdFrames(io.BytesIO(data), window, UPLOAD_ZSTD_STEP), limit)
    except zstandard.ZstdError as exc:
        if "memory" in str(exc):  # a later frame of the stream asked for more
            raise WindowTooLarge(None, window) from exc
        raise


class ZstdFrames:
    """zstd decompressed as read, frame after frame, each allowed at most `window` bytes of
    window; data ending within a frame is a ZstdError, where the library's stream_reader just
    ends (a cut file would be read as if whole)."""

    def __init__(
        self, source: Readable, window: int = LOCAL_MAX_ZSTD_WINDOW, step: int = 1024
    ) -> None:
        # `step` compressed bytes go in at a time: what one step gives out (up to 43,000 times
        # as much from a crafted stream) is held whole.
        self.step = step
        self.source, self.input, self.output = source, memoryview(b""), memoryview(b"")
        self.decompressor = zstandard.ZstdDecompressor(max_window_size=window)
        self.frame, self.in_frame = self.decompressor.decompressobj(), False

    def read(self, size: int = -1, /) -> bytes:
        while not self.output:
            if self.frame.eof:  # the next frame starts with what the last one left
                self.input = memoryview(self.frame.unused_data + bytes(self.input))
                self.frame, self.in_frame = self.decompressor.decompressobj(), False
            if not self.input:
                self.input = memoryview(self.source.read(CHUNK))
            if not self.input:
                if self.in_frame:
                    raise zstandard.ZstdError("the data ends within a zstd frame")
                return b""
            self.output = memoryview(self.frame.decompress(self.input[: self.step]))
            self.input, self.in_frame = self.input[self.step :], True
        taken = self.output if size < 0 else self.output[:size]
        self.output = self.output[len(taken) :]
        return bytes(taken)


def json_depth(text: str) -> int:
    """How deeply JSON text nests arrays and objects (JSON Lines: its deepest line), found
    without parsing it: strings dropped, then a running count of the brackets left."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return 0  # too few brackets to go too deep; the exact depth is not needed
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def _depth_error(text: str) -> PayloadError | None:
    if json_depth(text) <= MAX_JSON_DEPTH:
        return None
    return PayloadError(f"the JSON nests arrays and objects more than {MAX_JSON_DEPTH} levels deep")


def _invalid(line: int, column: int, message: str) -> PayloadError:
    return PayloadError(f"invalid JSON at line {line}, column {column}: {message}", line, column)


@dataclass
class Payload:
    """One upload. `filename` and `media_type` are hints only; detection looks at structure.

    `source` names where the bytes came from in a multi-file upload ("export.zip:a.json"); an
    upload of several files is a Payload whose `parts` are imported one by one, each with
    `notes` (what of its archive was skipped, and why) for its threads' reports.
    """

    data: bytes
    filename: str | None = None
    media_type: str | None = None
    source: str | None = None
    notes: tuple[str, ...] = ()
    parts: tuple[Payload, ...] = ()
    _text: str | None = field(default=None, repr=False)
    # Detection asks every format in turn; parse the document once and remember the outcome.
    _document: Any = field(default=None, repr=False)
    _document_error: PayloadError | None = field(default=None, repr=False)
    _document_parsed: bool = field(default=False, repr=False)
    _depth_error: PayloadError | None = field(default=None, repr=False)
    _depth_checked: bool = field(default=False, repr=False)

    @property
    def text(self) -> str:
        if self._text is None:
            try:
                self._text = self.data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise PayloadError(f"the body is not UTF-8 text (byte {exc.start})") from exc
        return self._text

    @property
    def name(self) -> str | None:
        """The file's name as reports give it: its `source`, else its file name."""
        return self.source or self.filename

    def check_depth(self) -> None:
        """PayloadError when the text nests deeper than MAX_JSON_DEPTH, before any parse."""
        if not self._depth_checked:
            self._depth_error = _depth_error(self.text)
            self._depth_checked = True
        if self._depth_error is not None:
            raise self._depth_error

    def json(self) -> Any:
        """The whole body as one JSON document; PayloadError with line/column when malformed."""
        if not self._document_parsed:
            self.check_depth()
            self._document_parsed = True
            try:
                self._document = json.loads(self.text)
            except json.JSONDecodeError as exc:
                self._document_error = _invalid(exc.lineno, exc.colno, exc.msg)
        if self._document_error is not None:
            raise self._document_error
        return self._document

    def looks_like_json_document(self) -> bool:
        stripped = self.text.lstrip()
        if not stripped.startswith(("{", "[")):
            return False
        try:
            self.json()
        except PayloadError:
            return False
        return True

    def json_lines(self) -> list[tuple[int, Any]]:
        """(line number, value) for every non-blank line; PayloadError naming the bad line."""
        self.check_depth()
        records: list[tuple[int, Any]] = []
        for number, line in enumerate(self.text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise _invalid(number, exc.colno, exc.msg) from exc
        return records

    def first_json_line(self) -> Any:
        """The first non-blank line parsed as JSON, or None: cheap structure sniffing."""
        for line in io.StringIO(self.text):
            if line.strip():
                too_deep = _depth_error(line)
                if too_deep is not None:
                    raise too_deep
                try:
                    return json.loads(line)
                except json.JSONDecodeError:
                    return None
        return None

    def opens_like_json(self) -> bool:
        """Whether the text starts as a JSON array or object would (False if not text)."""
        try:
            return self.text.lstrip().startswith(("{", "["))
        except PayloadError:
            return False

    def depth_error(self) -> PayloadError | None:
        """For text that opens like JSON, the refusal of its nesting if it is too deep."""
        if self.opens_like_json():
            try:
                self.check_depth()
            except PayloadError as exc:
                return exc
        return None

    def json_error(self) -> PayloadError | None:
        """For text that opens like JSON, why it is neither one JSON document nor JSON Lines
        (the document's error, or the lines' when the first line is a whole value); else None.
        """
        if not self.opens_like_json() or self.looks_like_json_document():
            return None
        try:
            self.json_lines()
        except PayloadError as exc:
            if exc.line is None or self.first_json_line() is not None:
                return exc
            return self._document_error or exc
        return None
