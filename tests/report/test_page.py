"""The rendered page: user strings escaped everywhere (tables, charts, creators, notes), every
table downloadable as CSV, each pair worded once, and a page that does not grow with the
number of threads."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import unquote

from report import CreatorLine, CreatorsPart, MetricSection, ReportData, metric_section
from report import render_report as render

HANDLE = "<b>x</b>&co"  # a tag or handle with markup and an ampersand
ESCAPED = "&lt;b&gt;x&lt;/b&gt;&amp;co"
WHEN = datetime(2024, 5, 1, tzinfo=UTC)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.downloads: dict[str, str] = {}  # file name -> href

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("download"):
            self.downloads[found["download"] or ""] = found.get("href") or ""

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(page: str) -> _Text:
    reader = _Text()
    reader.feed(page)
    return reader


def creator(name: str) -> CreatorLine:
    return CreatorLine(
        name=name, threads=2, commenters=4, returning_commenters=1, returning_share=0.25,
        core_commenters=0, scored=2, score_median=10.0, score_ci_low=5.0, score_ci_high=15.0,
    )  # fmt: skip


def page_of(section: MetricSection, creators: tuple[CreatorLine, ...] = ()) -> str:
    part = CreatorsPart(
        scope="Creators.", min_threads=2, returning_min_posts=2, core_min_posts=3,
        confidence=0.95, creators=creators,
    )  # fmt: skip
    return render(ReportData(HANDLE, HANDLE, WHEN, (section,), (HANDLE,), creators=part))


def test_a_handle_with_markup_is_escaped_wherever_it_is_shown() -> None:
    # a 1..5 vs the handle 11..15: Cliff's δ = −1, exact p = 2/C(10, 5) = 2/252 = 0.0079
    base = metric_section("m", {"a": [1.0, 2, 3, 4, 5], HANDLE: [11.0, 12, 13, 14, 15]}, "", 200)
    sizes: dict[str, tuple[int, ...]] = {"a": (5,) * 5, HANDLE: (6,) * 5}
    months = {HANDLE: tuple((f"2024-0{i}", 11.0 + i) for i in range(1, 6))}
    section = MetricSection(base.metric, base.values, base.comparison, sizes=sizes, by_month=months)
    page = page_of(section, (creator(f"tiktok/{HANDLE}"),))
    assert HANDLE not in page  # never as markup
    # title, compared, glance, tables, chart labels and captions, creators, caveats
    assert page.count(ESCAPED) >= 10
    assert f"tiktok/{ESCAPED}" in page
    text = "".join(parsed(page).text)
    assert f"{HANDLE} − a" not in text  # the pair is (a, handle), in the given order
    assert f"a − {HANDLE}" in text
    assert "a threads score lower than <b>x</b>&co threads on m" in text


def test_every_table_downloads_its_numbers() -> None:
    page = page_of(metric_section("m", {"a": [1.0, 2, 3], "b": [7.0, 8, 9]}, "", 200))
    downloads = parsed(page).downloads
    # no reliable pair: no such table; no creator listed: no creators section
    assert set(downloads) == {"m-groups.csv", "m-not-reliable-pairs.csv"}
    groups = unquote(downloads["m-groups.csv"].removeprefix("data:text/csv;charset=utf-8,"))
    lines = groups.splitlines()
    assert lines[0] == "group,threads,mean,median,mean_ci_low,mean_ci_high"
    assert lines[1].startswith("a,3,2,2,")  # mean and median of 1, 2, 3
    assert lines[2].startswith("b,3,8,8,")
    pairs = unquote(downloads["m-not-reliable-pairs.csv"].split(",", 1)[1]).splitlines()
    # exact Mann–Whitney: U = 0, p = 2 / C(6, 3) = 0.1; Cliff's δ = −1
    assert pairs[1].startswith("a,b,-6,")
    assert ",-1,large,0,0.1,exact,0.1,False," in pairs[1]


def test_each_pair_is_worded_once_in_its_table() -> None:
    page = page_of(metric_section("m", {"a": [1.0, 2, 3], "b": [7.0, 8, 9]}, "", 200))
    sentence = "No reliable difference between a and b threads on m"
    assert page.count(sentence) == 1
    section = page[page.index('id="metric-0"') : page.index('id="caveats"')]
    assert re.search(r"<ul>(?:(?!</ul>).)*No reliable difference", section, re.S) is None


def test_thousands_of_threads_draw_no_more_than_dozens() -> None:
    def page_with(per_group: int) -> str:
        values = {
            g: [float((k * 7 + i) % 100) for k in range(per_group)] for i, g in enumerate("ab")
        }
        return page_of(metric_section("m", values, "", 100))

    small, large = page_with(40), page_with(4000)
    marks = [len(re.findall(r"<(?:path|use|rect)\b", p)) for p in (small, large)]
    assert marks[1] <= marks[0] * 1.2  # summaries, not one mark per thread
    assert len(large) < 60_000
