"""Small pieces of the report's HTML shared by its parts; every text passes escape_text."""

from __future__ import annotations

from collections.abc import Sequence

from report.svg import escape_text, format_number


def interval(low: float | None, high: float | None, digits: int) -> str:
    if low is None or high is None:
        return "—"
    return f"{format_number(low, digits)} to {format_number(high, digits)}"


def optional(value: float | None, digits: int) -> str:
    return "—" if value is None else format_number(value, digits)


def row(cells: Sequence[str], header: bool = False) -> str:
    tag = "th" if header else "td"
    return "<tr>" + "".join(f"<{tag}>{escape_text(c)}</{tag}>" for c in cells) + "</tr>"


def bullet_list(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape_text(item)}</li>" for item in items) + "</ul>"


def anchor(index: int) -> str:
    return f"metric-{index}"
