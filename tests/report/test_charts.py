"""The report's charts: summaries (not one mark per thread), legends, escaped labels, captions
counted by hand, one colour per group, deterministic SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from report.charts import box_chart, colours, histogram_chart
from report.context_charts import MIN_BIN_THREADS, month_chart, size_bin, size_chart
from report.context_charts import consecutive_runs as consecutive
from stats.summary import GroupSummary

HANDLE = "<b>x</b>&co $a$"  # markup, an ampersand and what matplotlib would read as math


def summary(values: list[float]) -> GroupSummary:
    mean = sum(values) / len(values)
    ordered = sorted(values)
    return GroupSummary(
        n=len(values), mean=mean, median=ordered[len(values) // 2],
        ci_low=mean - 1, ci_high=mean + 1, confidence=0.95,
    )  # fmt: skip


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)  # well-formed XML, as an inline <svg> must be to be parsed
    return ["".join(t.itertext()) for t in root.iter("text")]


def elements(svg: str) -> int:
    return len(re.findall(r"<(?:path|use|text)\b", svg))


def test_box_chart_draws_a_summary_whatever_the_number_of_threads() -> None:
    few = {"a": [float(v % 7) for v in range(40)], "b": [float(v % 5) for v in range(40)]}
    many = {"a": [float(v % 7) for v in range(4000)], "b": [float(v % 5) for v in range(4000)]}
    small = box_chart(few, {k: summary(v) for k, v in few.items()}, "m", "c")
    large = box_chart(many, {k: summary(v) for k, v in many.items()}, "m", "c")
    # the same boxes, whiskers and diamonds: 4,000 threads a group draw no more than 40
    assert elements(large.svg) == elements(small.svg)
    assert {"a", "b", "m"} <= set(texts(large.svg))
    # a: 0..6 repeated, median of 4,000 values sorted is the 2001st = 3
    assert "a: 4000 threads, median 3.00" in large.caption


def test_labels_are_escaped_and_printed_as_typed() -> None:
    groups = {HANDLE: [1.0, 2.0, 3.0], "b": [2.0, 3.0, 4.0]}
    chart = box_chart(groups, {k: summary(v) for k, v in groups.items()}, "m", "c")
    assert "<b>" not in chart.svg
    assert "&lt;b&gt;x&lt;/b&gt;&amp;co $a$" in chart.svg
    assert HANDLE in texts(chart.svg)  # the dollars kept: no math parsing
    histogram = histogram_chart(groups, "m", "h")
    assert "<b>" not in histogram.svg
    assert texts(histogram.svg).count("(n = 3)") == 2  # each panel names its group and n
    assert HANDLE in texts(histogram.svg)


def test_every_chart_with_groups_has_a_legend_or_labels_naming_them() -> None:
    values = {"tiktok": [float(v % 10) for v in range(50)], "youtube": [1.0] * 20}
    sizes = {"tiktok": [5] * 50, "youtube": [6] * 20}  # one size bin each (4–7)
    by_month = {"tiktok": [("2024-01", 1.0)] * 5, "youtube": [("2024-02", 2.0)] * 5}
    for chart in (
        histogram_chart(values, "m", "h"),
        size_chart(values, sizes, "m", "s"),
        month_chart(by_month, "m", "t"),
    ):
        shown = texts(chart.svg)
        assert any(text.startswith("tiktok") for text in shown), chart.caption
        assert any(text.startswith("youtube") for text in shown), chart.caption


def test_size_bins_by_hand() -> None:
    #  size: 1 | 2 3 | 4 … 7 | 8 … 15 | 16
    #  bin:  0 |  1  |   2   |   3    |  4
    assert [size_bin(n) for n in (1, 2, 3, 4, 7, 8, 15, 16)] == [0, 1, 1, 2, 2, 3, 3, 4]


def test_size_chart_says_how_many_threads_sit_in_bins_too_small_to_draw() -> None:
    # a: 5 threads of size 10 (bin 3, drawn) and 2 of size 100 (bin 6: fewer than 5, left out)
    # b: 4 threads of size 3 (bin 1: left out)
    values = {"a": [1.0] * 7, "b": [2.0] * 4}
    sizes = {"a": [10] * 5 + [100] * 2, "b": [3] * 4}
    chart = size_chart(values, sizes, "m", "s")
    assert MIN_BIN_THREADS == 5
    assert "(6 threads in such bins)" in chart.caption
    assert "log scale" in " ".join(texts(chart.svg))


def test_months_are_joined_only_when_neighbours() -> None:
    months = ["2023-11", "2023-12", "2024-01", "2024-03", "2025-03"]
    assert consecutive(months) == [["2023-11", "2023-12", "2024-01"], ["2024-03"], ["2025-03"]]


def test_month_chart_counts_undated_threads_and_small_months() -> None:
    # a: 5 threads in 2024-01 (drawn), 1 in 2024-02 (left out), 2 undated
    by_month = {
        "a": [("2024-01", 1.0)] * 5 + [("2024-02", 3.0), ("undated", 1.0), ("undated", 2.0)]
    }
    chart = month_chart(by_month, "m", "t")
    assert "(1 thread in such months, 2 threads without a date)" in chart.caption


def test_charts_are_deterministic_and_their_ids_belong_to_them() -> None:
    values = {"a": [float(v % 9) for v in range(50)], "b": [1.0, 5.0, 3.0]}
    first, again = histogram_chart(values, "m", "x1"), histogram_chart(values, "m", "x1")
    assert first.svg == again.svg
    ids = re.findall(r'\sid="([^"]*)"', first.svg)
    assert ids
    assert all(found.startswith("x1-") for found in ids)
    assert len(ids) == len(set(ids))


def test_each_group_keeps_its_colour() -> None:
    assert colours(["a", "b", "c"]) == {"a": "#3b6ea5", "b": "#d9822b", "c": "#3a9a5b"}
