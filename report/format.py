"""Numbers as the report prints them: fixed decimals, a true minus sign, intervals."""

from __future__ import annotations

import math
from collections.abc import Sequence


def format_number(value: float, decimals: int) -> str:
    """Fixed decimals with a true minus sign (U+2212); never "-0.0"."""
    text = f"{value:.{decimals}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "\u2212")


def percent(confidence: float) -> str:
    """0.95 -> "95%", 0.975 -> "97.5%"."""
    return f"{confidence * 100:g}%"


def decimals_for(values: Sequence[float]) -> int:
    """Decimals that show about three significant digits of the largest value."""
    largest = max((abs(v) for v in values), default=0.0)
    if largest == 0:
        return 2
    return min(6, max(0, 2 - math.floor(math.log10(largest))))


def interval(low: float | None, high: float | None, digits: int) -> str:
    if low is None or high is None:
        return "—"
    return f"{format_number(low, digits)} to {format_number(high, digits)}"


def optional(value: float | None, digits: int) -> str:
    return "—" if value is None else format_number(value, digits)
