"""The raw upload, decompressed once, with lazily parsed views that detection and parsing share."""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from typing import Any

from importers.compression import (
    CHUNK,
    GZIP_MAGIC,
    LOCAL_MAX_ZSTD_WINDOW,
    UPLOAD_MAX_ZSTD_WINDOW,
    UPLOAD_ZSTD_STEP,
    ZSTD_MAGIC,
    PayloadError,
    Readable,
    SizeLimitExceeded,
    WindowTooLarge,
    ZstdFrames,
    decompress,
    read_bounded,
)
from importers.json_depth import MAX_JSON_DEPTH, json_depth, valid_json_depth
from importers.json_values import NotRead, loads, read_valid

# What reading compressed bytes needs, and the error of bytes that cannot be read, are kept in
# importers.compression, and named here too.
__all__ = [
    "CHUNK",
    "GZIP_MAGIC",
    "LOCAL_MAX_ZSTD_WINDOW",
    "MAX_JSON_DEPTH",
    "UPLOAD_MAX_ZSTD_WINDOW",
    "UPLOAD_ZSTD_STEP",
    "ZSTD_MAGIC",
    "Payload",
    "PayloadError",
    "Readable",
    "SizeLimitExceeded",
    "WindowTooLarge",
    "ZstdFrames",
    "decompress",
    "read_bounded",
]


_JSON_BLANKS = re.compile(rb"[ \t\n\r]*")  # the only blanks JSON allows around a value
_LEADING_BLANKS = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\n\r]*")  # a byte order mark's too


def _depth_error(text: str) -> PayloadError | None:
    if json_depth(text) <= MAX_JSON_DEPTH:
        return None
    return PayloadError(f"the JSON nests arrays and objects more than {MAX_JSON_DEPTH} levels deep")


def _first_json_line(text: str) -> Any:
    start = 0
    while start < len(text):  # lines end at "\n" alone, as io.StringIO reads them
        end = text.find("\n", start) + 1 or len(text)
        line = text[start:end]
        if line.strip():
            too_deep = _depth_error(line)
            if too_deep is not None:
                raise too_deep
            try:
                return loads(line)
            except json.JSONDecodeError:
                return None
        start = end
    return None


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
    # Whether msgspec read the bytes as one JSON document (None: not tried): then the looks
    # below answer from it and the bytes, and the text of such an export is never decoded.
    _valid_document: bool | None = field(default=None, repr=False)
    # Detection asks every format in turn; parse the document once and remember the outcome.
    _document: Any = field(default=None, repr=False)
    _document_error: PayloadError | None = field(default=None, repr=False)
    _document_parsed: bool = field(default=False, repr=False)
    _depth_error: PayloadError | None = field(default=None, repr=False)
    _depth_checked: bool = field(default=False, repr=False)
    _lines: list[tuple[int, Any]] | None = field(default=None, repr=False)
    _lines_error: PayloadError | None = field(default=None, repr=False)
    # Several detectors sniff the first line: read it once.
    _first_line: Any = field(default=None, repr=False)
    _first_line_error: PayloadError | None = field(default=None, repr=False)
    _first_line_read: bool = field(default=False, repr=False)

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
        """PayloadError when the text nests deeper than MAX_JSON_DEPTH, before it is parsed
        any deeper than that."""
        if not self._depth_checked:
            self._depth_error = self._find_depth_error()
            self._depth_checked = True
        if self._depth_error is not None:
            raise self._depth_error

    def _find_depth_error(self) -> PayloadError | None:
        valid = self._read_valid_document()
        if not valid:
            self.text  # noqa: B018 - refused first when it is not UTF-8
        # Valid JSON's depth is counted twice as fast from its bytes; msgspec having read it, or
        # parsing it (as a document, else line by line), confirms it was valid, so the count
        # exact. Other text is counted the exact way.
        if valid_json_depth(self.data) <= MAX_JSON_DEPTH and (
            valid or self._parse_document() or self._parse_lines()
        ):
            return None
        return _depth_error(self.text)

    def _read_valid_document(self) -> bool:
        """Whether msgspec reads the bytes as one JSON document: tried once, before the depth
        is checked, which msgspec's own bound makes safe (`read_valid`). What it does not read
        takes the way of text, where the depth is checked before any parse."""
        if self._valid_document is None:
            try:
                self._document = read_valid(self.data.removeprefix(codecs.BOM_UTF8))
            except NotRead:
                self._valid_document = False
            else:
                self._valid_document = self._document_parsed = True
        return self._valid_document

    def _parse_document(self) -> bool:
        """Parse the text as one JSON document, once: whether it is one."""
        if not self._document_parsed:
            self._document_parsed = True
            self.text  # noqa: B018 - refused first when it is not UTF-8
            # Its bytes, which msgspec reads without encoding the text again.
            data = self.data.removeprefix(codecs.BOM_UTF8)
            try:
                self._document = loads(data)
            except json.JSONDecodeError as exc:
                self._document_error = _invalid(exc.lineno, exc.colno, exc.msg)
        return self._document_error is None

    def json(self) -> Any:
        """The whole body as one JSON document; PayloadError with line/column when malformed."""
        self.check_depth()
        if not self._parse_document():
            assert self._document_error is not None
            raise self._document_error
        return self._document

    def looks_like_json_document(self) -> bool:
        if self.opening() not in ("{", "["):
            return False
        try:
            self.json()
        except PayloadError:
            return False
        return True

    def json_lines(self) -> list[tuple[int, Any]]:
        """(line number, value) for every non-blank line; PayloadError naming the bad line."""
        self.check_depth()
        if not self._parse_lines():
            assert self._lines_error is not None
            raise self._lines_error
        assert self._lines is not None
        return list(self._lines)

    def _parse_lines(self) -> bool:
        """Parse the non-blank lines as JSON, once, up to the first that is not: whether all are."""
        if self._lines is None and self._lines_error is None:
            records: list[tuple[int, Any]] = []
            for number, line in enumerate(self.text.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    records.append((number, loads(line)))
                except json.JSONDecodeError as exc:
                    self._lines_error = _invalid(number, exc.colno, exc.msg)
                    return False
            self._lines = records
        return self._lines is not None

    def first_json_line(self) -> Any:
        """The first non-blank line parsed as JSON, or None: cheap structure sniffing."""
        if not self._first_line_read:
            self._first_line_read = True
            try:
                if self._read_valid_document() and self.depth_error() is None:
                    # A valid document's first line is all of it, or a part that is no JSON.
                    self._first_line = self._document if self.on_one_line() else None
                else:
                    self._first_line = _first_json_line(self.text)
            except PayloadError as exc:
                self._first_line_error = exc
        if self._first_line_error is not None:
            raise self._first_line_error
        return self._first_line

    def opening(self) -> str:
        """The text's first non-blank character, "" when it is blank; PayloadError if not text."""
        if self._read_valid_document() and isinstance(self._document, dict | list):
            return "{" if isinstance(self._document, dict) else "["
        return self.text.lstrip()[:1]

    def on_one_line(self) -> bool:
        """Whether no line break comes between the text's first and last non-blank characters
        (PayloadError if it is not text)."""
        if not self._read_valid_document():
            return "\n" not in self.text.strip()
        # The document is blanks, its value (which begins and ends with no blank), blanks.
        leading = _LEADING_BLANKS.match(self.data)
        assert leading is not None  # it matches the empty string too
        newline = self.data.find(b"\n", leading.end())
        return newline < 0 or _JSON_BLANKS.fullmatch(self.data, newline) is not None

    def opens_like_json(self) -> bool:
        """Whether the text starts as a JSON array or object would (False if not text)."""
        try:
            return self.opening() in ("{", "[")
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
