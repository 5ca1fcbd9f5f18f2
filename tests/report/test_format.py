"""Numbers as the report prints them (moved with report/svg.py's helpers to report/format.py)."""

from __future__ import annotations

from report.format import decimals_for, format_number, interval, optional, percent


def test_number_formatting() -> None:
    assert format_number(-12.34, 1) == "\u221212.3"
    assert format_number(-0.0001, 2) == "0.00"  # no negative zero
    assert decimals_for([-18.0, -6.1]) == 1  # about three significant digits of 18
    assert decimals_for([0.41]) == 3
    assert decimals_for([1234.0]) == 0
    assert decimals_for([0.0]) == 2


def test_intervals_percentages_and_missing_values() -> None:
    assert interval(-1.5, 2.25, 2) == "\u22121.50 to 2.25"
    assert interval(None, 2.0, 2) == "—"
    assert optional(None, 1) == "—"
    assert optional(0.25, 1) == "0.2"  # round half to even, as Python formats
    assert percent(0.95) == "95%"
    assert percent(0.975) == "97.5%"
