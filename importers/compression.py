"""Reading compressed bytes within bounds: the size an upload may inflate to, and the window a
zstd frame may make the decoder keep. `PayloadError` is for bytes that cannot be read at all."""

from __future__ import annotations

import gzip
import io
from typing import Protocol

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


def zstd_bounded(data: bytes, limit: int | None) -> bytes:
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
            return zstd_bounded(data, limit)
    except (OSError, EOFError, zstandard.ZstdError) as exc:
        raise PayloadError(f"cannot decompress the body: {exc}") from exc
    if encoding not in ("", "identity"):
        raise PayloadError(f"unsupported Content-Encoding {content_encoding!r}")
    return data
