"""Inflation bounded as it happens: decompression stops one chunk past the limit, an upload's
zstd frame may not demand a window over 32 MiB, and the inflated bytes are held once."""

from __future__ import annotations

import gzip
import io
import tarfile
import tracemalloc

import pytest
import zstandard

from importers.archives import Budget, open_file
from importers.payload import (
    CHUNK,
    UPLOAD_MAX_ZSTD_WINDOW,
    SizeLimitExceeded,
    WindowTooLarge,
    decompress,
    read_bounded,
)

MIB = 1 << 20


class Zeros:
    """An endless stream that counts what was read from it."""

    def __init__(self) -> None:
        self.served = 0

    def read(self, size: int = -1, /) -> bytes:
        self.served += size
        return bytes(size)


def streamed_zstd(data: bytes, window_log: int | None = None) -> bytes:
    """As `zstd -` writes it: no content size, so the frame keeps the window it declares."""
    params = None
    if window_log is not None:
        params = zstandard.ZstdCompressionParameters.from_level(3, window_log=window_log)
    out = io.BytesIO()
    with zstandard.ZstdCompressor(compression_params=params).stream_writer(
        out, closefd=False
    ) as writer:
        writer.write(data)
    return out.getvalue()


def test_reading_stops_one_chunk_past_the_limit() -> None:
    stream = Zeros()
    with pytest.raises(SizeLimitExceeded):
        read_bounded(stream, 5 * MIB)
    assert stream.served <= 5 * MIB + CHUNK


@pytest.mark.parametrize("compress", [gzip.compress, streamed_zstd], ids=["gzip", "zstd"])
def test_a_bomb_is_refused_at_the_limit(compress: object) -> None:
    bomb = compress(bytes(64 * MIB))  # type: ignore[operator]
    with pytest.raises(SizeLimitExceeded):
        decompress(bomb, None, MIB)


def test_an_upload_may_not_demand_a_2_gib_window_but_a_local_file_may() -> None:
    frame = streamed_zstd(b'{"id": 1}\n', window_log=31)
    with pytest.raises(WindowTooLarge, match=r"2048 MiB decompression window.*--long=25"):
        decompress(frame, None, 50 * MIB)
    assert decompress(frame) == b'{"id": 1}\n'  # no limit: a local file (Pushshift's dumps)


def test_a_later_frame_demanding_too_much_is_refused_too() -> None:
    stream = streamed_zstd(b"[]\n") + streamed_zstd(b"[]\n", window_log=31)
    with pytest.raises(WindowTooLarge, match="needs a more"):
        decompress(stream, None, 50 * MIB)


def test_the_largest_window_allowed_is_taken_and_twice_that_refused() -> None:
    largest = UPLOAD_MAX_ZSTD_WINDOW.bit_length() - 1
    frame = streamed_zstd(b"[]\n", window_log=largest)
    assert decompress(frame, None, 50 * MIB) == b"[]\n"
    with pytest.raises(WindowTooLarge):
        decompress(streamed_zstd(b"[]\n", window_log=largest + 1), None, 50 * MIB)


def test_the_inflated_bytes_are_held_once() -> None:
    """Just under the limit, the result is not joined from a copy of its chunks."""
    data = bytes(range(256)) * (32 * MIB // 256)
    compressed = gzip.compress(data, compresslevel=1)
    tracemalloc.start()
    try:
        inflated = decompress(compressed, None, 32 * MIB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert inflated == data
    assert peak < 1.5 * len(data), f"peak {peak / MIB:.0f} MiB for {len(data) / MIB:.0f} MiB"


def test_a_tar_gz_bomb_is_refused_before_it_is_whole() -> None:
    member = io.BytesIO()
    with tarfile.open(fileobj=member, mode="w") as archive:
        info = tarfile.TarInfo("zeros.json")
        info.size = 128 * MIB
        archive.addfile(info, io.BytesIO(bytes(info.size)))
    bomb = gzip.compress(member.getvalue(), compresslevel=1)
    with pytest.raises(SizeLimitExceeded):
        open_file(bomb, "bomb.tar.gz", Budget(4 * MIB))
