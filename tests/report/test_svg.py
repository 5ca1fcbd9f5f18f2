"""SVG charts: well-formed XML, escaped labels, accessible titles, drawn from the numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from report.svg import (
    MAX_POINTS,
    decimals_for,
    distribution_plot,
    drawn_sample,
    escape_text,
    format_number,
    means_plot,
    nice_ticks,
)
from stats.summary import GroupSummary

SVG = "{http://www.w3.org/2000/svg}"
EVIL = 'X <script>alert("x")</script> & "co"\x00'


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def test_distribution_plot_is_well_formed_and_titled() -> None:
    root = parse(distribution_plot({"tiktok": [1.0, 2.0, 3.0], "youtube": [2.0]}, "m", "c1"))
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.get("id") == "c1-title"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert len(root.findall(f"{SVG}circle")) == 4  # one dot per thread
    assert len(root.findall(f"{SVG}rect")) == 1  # a quartile box needs two threads
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    assert desc.text == "tiktok: 3 threads, median 2.00; youtube: 1 thread, median 2.00."


def test_axis_ticks_and_median_line_follow_the_values() -> None:
    # values 1..3: raw step 2/5 = 0.4 -> 0.5, ticks 1.0, 1.5, ..., 3.0
    root = parse(distribution_plot({"a": [1.0, 2.0, 3.0]}, "m", "c"))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert texts[:5] == ["1.0", "1.5", "2.0", "2.5", "3.0"]
    # plot runs from y 248 (value 1) up to y 16 (value 3): the median 2 sits halfway, at 132
    (median,) = (line for line in root.iter(f"{SVG}line") if line.get("stroke") == "#c0392b")
    assert (median.get("y1"), median.get("y2")) == ("132.0", "132.0")
    # the quartile box: quartiles 1.5 and 2.5 at y 190 and 74
    box = root.find(f"{SVG}rect")
    assert box is not None
    assert (box.get("y"), box.get("height")) == ("74.0", "116.0")


def test_malicious_labels_are_escaped() -> None:
    svg = distribution_plot({EVIL: [1.0, 2.0]}, EVIL, 'id" onload="x')
    assert "<script>" not in svg
    root = parse(svg)  # still well-formed: the NUL is dropped, the rest escaped
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert EVIL.replace("\x00", "") in texts  # the axis label, intact after parsing
    assert root.get("aria-labelledby") == "id--onload--x-title id--onload--x-desc"
    summary = GroupSummary(n=2, mean=1.5, median=1.5, ci_low=1.0, ci_high=2.0, confidence=0.95)
    parse(means_plot({EVIL: summary}, EVIL, "c2"))


def test_long_labels_are_cut_with_the_full_name_as_tooltip() -> None:
    name = "a very long platform name indeed"
    root = parse(distribution_plot({name: [1.0]}, "m", "c"))
    label = next(t for t in root.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None)
    tooltip = label.find(f"{SVG}title")
    assert tooltip is not None
    assert tooltip.text == name
    assert "".join(label.itertext()).endswith("a very long pla…")  # 15 characters and "…"


def test_means_plot_draws_an_error_bar_only_with_an_interval() -> None:
    summaries = {
        "a": GroupSummary(n=10, mean=0.5, median=0.4, ci_low=0.3, ci_high=0.7, confidence=0.95),
        "b": GroupSummary(n=1, mean=0.2, median=0.2, ci_low=None, ci_high=None, confidence=0.95),
        "c": GroupSummary(n=0, mean=None, median=None, ci_low=None, ci_high=None, confidence=0.95),
    }
    root = parse(means_plot(summaries, "reply_share", "c3"))
    assert len(root.findall(f"{SVG}circle")) == 2  # a and b have means
    assert len(root.findall(f"{SVG}path")) == 1  # only a has an interval
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    assert desc.text == (
        "a: mean 0.500, 95% interval 0.300 to 0.700; "
        "b: mean 0.200 of a single thread, no interval; c: no threads."
    )


def test_charts_are_deterministic() -> None:
    groups = {"a": [float(v % 9) for v in range(50)], "b": [1.0, 5.0]}
    assert distribution_plot(groups, "m", "c") == distribution_plot(groups, "m", "c")


def test_large_groups_are_thinned_evenly_by_rank() -> None:
    values = [float(v) for v in range(10 * MAX_POINTS)]
    drawn = drawn_sample(values)
    assert len(drawn) == MAX_POINTS
    assert (drawn[0], drawn[-1]) == (0.0, values[-1])  # both ends kept
    assert drawn_sample([3.0, 1.0, 2.0], limit=5) == [1.0, 2.0, 3.0]
    root = parse(distribution_plot({"big": values}, "m", "c"))
    assert len(root.findall(f"{SVG}circle")) == MAX_POINTS


def test_nice_ticks_by_hand() -> None:
    # range 0.13..0.87 over 5 steps: raw step 0.148 -> 0.2; from floor(0.13/0.2)=0 to ceil=5
    assert nice_ticks(0.13, 0.87) == pytest.approx([0.0, 0.2, 0.4, 0.6, 0.8, 1.0])
    # range 3..47: raw 8.8 -> 10; 0..50
    assert nice_ticks(3, 47) == pytest.approx([0, 10, 20, 30, 40, 50])
    # a single value 4: window 2..6, raw 0.8 -> 1
    assert nice_ticks(4, 4) == pytest.approx([2, 3, 4, 5, 6])
    # a rounding error apart (1/3 reached two ways) is one value, not a window of 1e-17
    assert nice_ticks(1 / 3, 0.33333333333333337) == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.5])


def test_number_formatting() -> None:
    assert format_number(-12.34, 1) == "\u221212.3"
    assert format_number(-0.0001, 2) == "0.00"  # no negative zero
    assert decimals_for([-18.0, -6.1]) == 1  # about three significant digits of 18
    assert decimals_for([0.41]) == 3
    assert decimals_for([1234.0]) == 0
    assert decimals_for([0.0]) == 2


def test_escape_text() -> None:
    assert escape_text("a<b>&\"'\x07") == "a&lt;b&gt;&amp;&quot;&#x27;"
