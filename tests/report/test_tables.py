"""A table's CSV: RFC 4180, unformatted numbers, and a data: URI that decodes back to it."""

from __future__ import annotations

from urllib.parse import unquote

from report.tables import Table, csv_text


def test_csv_by_hand() -> None:
    text = csv_text(("group", "mean", "note"), [("a, b", 2.390000000000004, None), ("c", 1, "x")])
    assert text == 'group,mean,note\r\n"a, b",2.39,\r\nc,1,x\r\n'


def test_the_data_uri_decodes_to_the_csv() -> None:
    rows = (('<b>x</b>&co #1 "q"', -0.5, True), ("50% of\nthreads", None, False))
    table = Table(
        header=(), rows=(), csv_header=("group", "value", "reliable"), csv_rows=rows,
        filename="t.csv",
    )  # fmt: skip
    prefix = "data:text/csv;charset=utf-8,"
    assert table.csv_uri.startswith(prefix)
    body = table.csv_uri.removeprefix(prefix)
    for raw in ("\n", "\r", "#", '"', "<", ">", "&", " "):
        assert raw not in body, raw  # what would end or change the URL is encoded
    assert "50%25" in body
    assert unquote(body) == csv_text(table.csv_header, rows)
