"""A table as the report shows it and as CSV for download, from the same rows.

The shown cells are formatted for reading (a true minus, "0.1 to 0.3"); the CSV keeps the
numbers unformatted, one column per number, for pandas or R. The CSV travels in the page as a
data: URI on a download link, so the offline file needs no server to hand it out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

Cell = str | int | float | None
# Left as they are in a data: URI (shorter than %2C for every comma); line breaks, "%", "#",
# quotes, "<", ">" and "&" are percent-encoded.
URI_SAFE = ",.;:-_()/=+*!~@$"


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """`header` and `rows` are shown; `csv_header` and `csv_rows` are downloaded as `filename`."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    csv_header: tuple[str, ...]
    csv_rows: tuple[tuple[Cell, ...], ...]
    filename: str
    css_class: str = ""
    marked: frozenset[int] = field(default_factory=frozenset)  # rows shown in bold

    @property
    def csv_uri(self) -> str:
        return "data:text/csv;charset=utf-8," + quote(
            csv_text(self.csv_header, self.csv_rows), safe=URI_SAFE
        )


def _cell(cell: Cell) -> str | int:
    """Floats to 10 significant digits (a bootstrap bound of 2.390000000000004 reads 2.39)."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return f"{cell:.10g}"
    return cell


def csv_text(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """RFC 4180 CSV; a missing number is an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(cell) for cell in row] for row in rows)
    return out.getvalue()
