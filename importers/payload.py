"""The raw upload, decompressed once, with lazily parsed views that detection and parsing share."""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass, field
from typing import Any

import zstandard

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class PayloadError(Exception):
    """The bytes cannot be read at all (bad compression, not text, malformed JSON)."""

    def __init__(self, detail: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.line = line
        self.column = column


def decompress(data: bytes, content_encoding: str | None = None) -> bytes:
    """Undo gzip or zstd, named by Content-Encoding or recognised by magic bytes."""
    encoding = (content_encoding or "").strip().lower()
    try:
        if encoding == "gzip" or data.startswith(GZIP_MAGIC):
            return gzip.decompress(data)
        if encoding == "zstd" or data.startswith(ZSTD_MAGIC):
            reader = zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(data)
            return reader.read()
    except (OSError, EOFError, zstandard.ZstdError) as exc:
        raise PayloadError(f"cannot decompress the body: {exc}") from exc
    if encoding not in ("", "identity"):
        raise PayloadError(f"unsupported Content-Encoding {content_encoding!r}")
    return data


@dataclass
class Payload:
    """One upload. `filename` and `media_type` are hints only; detection looks at structure."""

    data: bytes
    filename: str | None = None
    media_type: str | None = None
    _text: str | None = field(default=None, repr=False)
    # Detection asks every format in turn; parse the document once and remember the outcome.
    _document: Any = field(default=None, repr=False)
    _document_error: PayloadError | None = field(default=None, repr=False)
    _document_parsed: bool = field(default=False, repr=False)

    @property
    def text(self) -> str:
        if self._text is None:
            try:
                self._text = self.data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise PayloadError(f"the body is not UTF-8 text (byte {exc.start})") from exc
        return self._text

    def json(self) -> Any:
        """The whole body as one JSON document; PayloadError with line/column when malformed."""
        if not self._document_parsed:
            self._document_parsed = True
            try:
                self._document = json.loads(self.text)
            except json.JSONDecodeError as exc:
                self._document_error = PayloadError(
                    f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                    exc.lineno,
                    exc.colno,
                )
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
        records: list[tuple[int, Any]] = []
        for number, line in enumerate(self.text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise PayloadError(
                    f"malformed JSON on line {number}, column {exc.colno}: {exc.msg}",
                    number,
                    exc.colno,
                ) from exc
        return records

    def first_json_line(self) -> Any:
        """The first non-blank line parsed as JSON, or None: cheap structure sniffing."""
        for line in io.StringIO(self.text):
            if line.strip():
                try:
                    return json.loads(line)
                except json.JSONDecodeError:
                    return None
        return None
