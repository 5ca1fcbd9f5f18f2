"""The one reader of delimited text (comma, semicolon or tab separated) and its header sniffer.

Detection and parsing split the header the same way, so a file detected by its columns is read
by the same columns. Column names are stripped of surrounding blanks (`id, text` names `text`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from importers.payload import Payload, PayloadError
from importers.toolkit.drafts import FirstCopies, ThreadDraft
from importers.toolkit.problems import Problems

Row = dict[str, str]

# A header line is short; the cap keeps one-line JSON or binary-ish text cheap to refuse.
HEADER_MAX_CHARS = 65536


def _header_line(text: str) -> str:
    return text[:HEADER_MAX_CHARS].split("\n", 1)[0]


def _delimiter(header_line: str) -> str:
    """Comma, semicolon or tab, sniffed from the header line.

    Only the delimiter is sniffed: the Sniffer guesses `doublequote=False` whenever its sample
    happens to hold no "" escape, which then splits later rows that do.
    """
    try:
        return csv.Sniffer().sniff(header_line, ",;\t").delimiter
    except csv.Error:
        return ","


def csv_header(payload: Payload) -> list[str]:
    """The first row's column names, cheaply; [] when the text is not CSV-like.

    PayloadError when the upload is not text.
    """
    line = _header_line(payload.text)
    try:
        names = next(csv.reader([line], delimiter=_delimiter(line)), [])
    except csv.Error:
        return []
    return [name.strip() for name in names]


def read_csv(payload: Payload) -> tuple[list[str], list[Row]]:
    """Column names and rows; PayloadError naming the line of malformed CSV.

    `csv.DictReader` files a row's surplus cells under the key None and leaves the values of
    missing cells None, so the rows say when they do not fit the header.
    """
    text = payload.text
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(_header_line(text)))
    try:
        header = [name.strip() for name in reader.fieldnames or []]
        reader.fieldnames = header
        rows = list(reader)
    except csv.Error as exc:
        raise PayloadError(
            f"malformed CSV at line {reader.line_num}: {exc}", reader.line_num
        ) from exc
    return header, rows


def cell(row: Row, column: str) -> str:
    """A cell's text without surrounding blanks; "" when the row lacks it."""
    return (row.get(column) or "").strip()


def read_rows(payload: Payload, required: Iterable[str], problems: Problems) -> list[Row]:
    """The rows of a CSV that has every `required` column; else refuse, naming those missing."""
    header, rows = read_csv(payload)
    missing = sorted(set(required) - set(header))
    if missing:
        problems.add(("header",), f"missing columns: {', '.join(missing)}")
        problems.raise_if_any()
    return rows


def comment_rows(
    rows: Iterable[Row], id_column: str, draft_of: Callable[[Row], ThreadDraft]
) -> Iterator[tuple[int, Row, ThreadDraft, str]]:
    """(row number, row, its post's draft, comment id) for every row holding a comment first
    met there; rows without an id or repeating one are counted skipped on their post's draft."""
    first_copies = FirstCopies()
    for number, row in enumerate(rows, start=1):
        draft = draft_of(row)
        draft.rows_read += 1
        comment_id = cell(row, id_column)
        if not comment_id:
            draft.skipped["no comment id"] += 1
        elif first_copies.keep(comment_id, draft.skipped):
            yield number, row, draft, comment_id
