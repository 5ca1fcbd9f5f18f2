"""The table exports' file formats, written as the rows arrive: CSV and Parquet.

Both take the rows as an iterator and hand back the file as an iterator of byte chunks, so no
more than one chunk of rows (and one Parquet row group) is in memory at a time:

- CSV (RFC 4180, UTF-8, a header row): `CSV_ROWS_PER_CHUNK` rows per chunk; times in ISO 8601,
  booleans `true`/`false`, a missing value an empty field.
- Parquet: one row group of up to `PARQUET_ROWS_PER_GROUP` rows per chunk. pyarrow's
  ParquetWriter writes into `Drain`, a sink that keeps what was written until it is taken:
  each row group is handed on as soon as it is written, and the footer last.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from itertools import islice
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

CSV_ROWS_PER_CHUNK = 1_000
PARQUET_ROWS_PER_GROUP = 10_000


class ColumnType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    FLOAT = "float"
    BOOLEAN = "boolean"
    TIME = "time"  # timezone-aware UTC


ARROW_TYPES = {
    ColumnType.TEXT: pa.string(),
    ColumnType.INTEGER: pa.int64(),
    ColumnType.FLOAT: pa.float64(),
    ColumnType.BOOLEAN: pa.bool_(),
    ColumnType.TIME: pa.timestamp("us", tz="UTC"),
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: ColumnType


Record = tuple[Any, ...]  # one row: a value (or None) per column, in the columns' order


class ExportFormat(StrEnum):
    CSV = "csv"
    PARQUET = "parquet"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self]


MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.PARQUET: "application/vnd.apache.parquet",
}


def encoded(
    format: ExportFormat, columns: Sequence[Column], rows: Iterable[Record]
) -> Iterator[bytes]:
    if format is ExportFormat.CSV:
        return csv_chunks(columns, rows)
    return parquet_chunks(columns, rows)


def csv_chunks(columns: Sequence[Column], rows: Iterable[Record]) -> Iterator[bytes]:
    """The CSV file: the header with the first chunk of rows (so that the rows' query has run
    when the first chunk is taken), then a chunk at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(column.name for column in columns)
    for batch in _batches(rows, CSV_ROWS_PER_CHUNK):
        writer.writerows(tuple(_csv_cell(value) for value in row) for row in batch)
        yield _taken(buffer).encode()
    if buffer.tell():  # no row at all: the header alone
        yield _taken(buffer).encode()


def parquet_chunks(columns: Sequence[Column], rows: Iterable[Record]) -> Iterator[bytes]:
    """The Parquet file: its first row group with the leading magic bytes, then one row group
    at a time, and the footer (the schema and where each row group is) last."""
    schema = pa.schema([(column.name, ARROW_TYPES[column.type]) for column in columns])
    sink = Drain()
    with pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema) as writer:
        for batch in _batches(rows, PARQUET_ROWS_PER_GROUP):
            values = zip(*batch, strict=True)
            arrays = [pa.array(v, type=f.type) for v, f in zip(values, schema, strict=True)]
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
            yield sink.take()
    yield sink.take()


class Drain(io.RawIOBase):
    """A write-only file that keeps what is written to it until `take` hands it on."""

    def __init__(self) -> None:
        super().__init__()
        self._pending: list[bytes] = []
        self._written = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._pending.append(chunk)
        self._written += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._written

    def take(self) -> bytes:
        taken = b"".join(self._pending)
        self._pending.clear()
        return taken


def _batches(rows: Iterable[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _csv_cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _taken(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
