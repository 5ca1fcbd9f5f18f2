"""The HTML report: self-contained, escaped, and worded from the numbers."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from html.parser import HTMLParser

from report.html import MetricSection, ReportData, metric_section, pair_sentence, render_report
from stats.compare import PairComparison, stratified_compare

EVIL = '<script>alert("x")</script>'
WHEN = datetime(2024, 5, 1, 10, 30, tzinfo=UTC)


class _Collector(HTMLParser):
    """Every tag with its attributes, and the page's visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def collect(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


def page_with(groups: dict[str, list[float]], caveats: tuple[str, ...] = ()) -> str:
    section = metric_section("dialogue_score", groups, "How much of a thread is dialogue.", 200)
    return render_report(ReportData("Platforms", "TikTok vs YouTube", WHEN, (section,), caveats))


# The brief's example: TikTok vs YouTube, reliably lower.
EXAMPLE = PairComparison(
    "TikTok", "YouTube", difference=-12.3, ci_low=-18.0, ci_high=-6.1, cliffs_delta=-0.41,
    magnitude="medium", u_statistic=10.0, p_value=0.001, p_method="exact", holm_p=0.002,
)  # fmt: skip


def test_reliable_difference_wording() -> None:
    assert pair_sentence(EXAMPLE, "dialogue_score", 0.95) == (
        "TikTok threads score lower than YouTube threads on dialogue_score (difference −12.3, "
        "95% CI −18.0 to −6.1; Cliff's δ = −0.41, medium; Holm-adjusted p = 0.002)."
    )
    higher = replace(
        EXAMPLE, difference=0.25, ci_low=0.1, ci_high=0.4, cliffs_delta=0.5, holm_p=0.0004
    )
    assert pair_sentence(higher, "reply_share", 0.9) == (
        "TikTok threads score higher than YouTube threads on reply_share (difference 0.250, "
        "90% CI 0.100 to 0.400; Cliff's δ = 0.50, medium; Holm-adjusted p < 0.001)."
    )


def test_no_reliable_difference_wording() -> None:
    crossing = replace(EXAMPLE, ci_high=0.5)  # the interval crosses 0, the adjusted p is 0.002
    assert pair_sentence(crossing, "dialogue_score", 0.95) == (
        "No reliable difference between TikTok and YouTube threads on dialogue_score "
        "(difference −12.3, 95% CI −18.0 to 0.5; Cliff's δ = −0.41, medium; "
        "Holm-adjusted p = 0.002): the adjusted rank test is below 0.05, but the interval "
        "includes 0."
    )
    not_significant = replace(EXAMPLE, holm_p=0.05)  # the interval excludes 0; p is not < 0.05
    assert pair_sentence(not_significant, "m", 0.95).endswith(
        "Holm-adjusted p = 0.050): the interval excludes 0, but the adjusted rank test does "
        "not back it."
    )
    neither = replace(EXAMPLE, ci_high=0.5, holm_p=0.4)
    assert pair_sentence(neither, "m", 0.95).endswith("Holm-adjusted p = 0.400).")


def test_p_just_below_alpha_is_not_rounded_up_to_it() -> None:
    # 0.04996 reads 0.050 with three decimals and 0.0500 with four: five are needed
    sentence = pair_sentence(replace(EXAMPLE, holm_p=0.04996), "m", 0.95)
    assert sentence.startswith("TikTok threads score lower")
    assert sentence.endswith("Holm-adjusted p = 0.04996).")
    assert "Holm-adjusted p = 0.073)" in pair_sentence(replace(EXAMPLE, holm_p=0.0734), "m", 0.95)


def test_unavailable_pair_wording() -> None:
    single = PairComparison("TikTok", "X", difference=1.0, unavailable={"holm_p": "one thread"})
    assert pair_sentence(single, "m", 0.95) == (
        "TikTok and X threads cannot be compared on m: one thread."
    )


def test_page_loads_nothing_from_anywhere() -> None:
    page = page_with({"tiktok": [1.0, 2.0, 3.0], "youtube": [2.0, 5.0, 6.0]})
    parsed = collect(page)
    for tag, attrs in parsed.tags:
        assert tag not in {"script", "link", "img", "iframe", "object", "embed"}
        for name, value in attrs:
            assert "://" not in (value or ""), (tag, name, value)
    assert "@import" not in page
    # url() only names a clip path of the same chart (url(#…)), never a resource
    assert re.findall(r"url\((?!#)", page) == []


def test_malicious_group_name_and_caveat_are_escaped() -> None:
    page = page_with({EVIL: [1.0, 2.0], "youtube": [3.0, 4.0]}, caveats=(EVIL,))
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    parsed = collect(page)
    assert not any(tag == "script" for tag, _ in parsed.tags)
    assert EVIL in "".join(parsed.text)  # shown to the reader as text


def test_tables_summary_and_caveats() -> None:
    # tiktok [1, 2, 3] vs youtube [7, 8, 9]: every tiktok value below every youtube value,
    # Cliff's delta = -1; exact Mann–Whitney: U = 0, p = 2 / C(6, 3) = 2/20 = 0.1,
    # so even this total separation is "no reliable difference" with 3 threads a side.
    page = page_with({"tiktok": [1.0, 2.0, 3.0], "youtube": [7.0, 8.0, 9.0]}, ("X caps depth",))
    text = "".join(collect(page).text)
    assert "No reliable difference between tiktok and youtube threads on dialogue_score" in text
    assert "Cliff's δ = −1.00, large; Holm-adjusted p = 0.100" in text
    assert "difference −6.00" in text  # 2 - 8
    assert "0.100 (exact)" in text  # the Mann–Whitney column
    assert "tiktok: 3 threads, fewer than 10; its estimates are unreliable" in text
    assert "X caps depth" in text
    assert "Generated 2024-05-01 10:30+00:00" in text
    assert "200 resamples, seed 0" in text


def test_size_strata_are_rendered() -> None:
    values = {"tiktok": [0.1, 0.2, 0.3], "youtube": [0.4, 0.5, 0.6]}
    sizes = {"tiktok": [3, 20, 25], "youtube": [5, 8, 40]}
    base = metric_section("reply_share", values, resamples=100)
    strata = stratified_compare(values, sizes, [1, 10, float("inf")], resamples=100)
    section = MetricSection(base.metric, base.values, base.comparison, by_size=strata)
    text = "".join(collect(render_report(ReportData("T", "c", WHEN, (section,)))).text)
    assert "Threads with 1–9 comments" in text
    assert "Threads per group: tiktok 1, youtube 2" in text
    assert "Threads with 10+ comments" in text


VOID = {"meta", "br", "hr", "img", "link", "input"}


class _Nesting(HTMLParser):
    """Checks that every element closes in order; records the open elements around some text."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.mismatches: list[tuple[str, list[str]]] = []
        self.around: dict[str, list[str]] = {}
        self.ids: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.ids += [found["id"] or ""] if "id" in found else []
        self.links += [found["href"] or ""] if "href" in found else []
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.ids += [found["id"] or ""] if "id" in found else []  # <svg>'s children self-close

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.mismatches.append((tag, list(self.open)))
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.around.setdefault(data, list(self.open))


# a 20..24 above b (1, 3, 5, 7, 9) and c (2, 4, 6, 8, 10) reliably; b and c cannot be told
# apart (the numbers are worked out in test_summary.py).
THREE = {"a": [20.0, 21, 22, 23, 24], "b": [1.0, 3, 5, 7, 9], "c": [2.0, 4, 6, 8, 10]}


def three_group_page(caveats: tuple[str, ...] = ()) -> str:
    values = {name: list(v) for name, v in THREE.items()}
    sizes = {"a": [3, 20, 30, 40, 50], "b": [3, 4, 20, 30, 40], "c": [5, 6, 7, 20, 30]}
    base = metric_section("dialogue_score", values, resamples=500)
    strata = stratified_compare(values, sizes, [1, 10, float("inf")], resamples=500)
    section = MetricSection(base.metric, base.values, base.comparison, by_size=strata)
    other = metric_section("reply_share", {"a": [0.1, 0.2], "b": [0.3, 0.4]}, resamples=100)
    return render_report(ReportData("T", "c", WHEN, (section, other), caveats))


def test_page_is_balanced_and_loads_nothing() -> None:
    page = three_group_page(("a: note on dialogue_score", "General note"))
    nesting = _Nesting()
    nesting.feed(page)
    nesting.close()
    assert nesting.mismatches == []
    assert nesting.open == []
    assert len(nesting.ids) == len(set(nesting.ids))  # anchors are unique
    # no URL at all: inline SVG in HTML needs no namespace declaration
    assert re.findall(r"https?://[^\"']*", page) == []


def test_contents_link_every_section_and_the_glance_comes_first() -> None:
    page = three_group_page()
    nesting = _Nesting()
    nesting.feed(page)
    contents = ["#at-a-glance", "#metric-0", "#metric-1", "#caveats"]
    glance_table = ["#metric-0", "#metric-1"]  # each measure's name links to its section
    anchors = [link for link in nesting.links if link.startswith("#")]
    assert anchors == contents + glance_table
    assert {link[1:] for link in anchors} <= set(nesting.ids)
    assert page.index('id="at-a-glance"') < page.index('id="metric-0"')


def test_glance_ranks_groups_by_mean_and_words_the_reliable_differences() -> None:
    page = three_group_page()
    glance = page[page.index('id="at-a-glance"') : page.index('id="metric-0"')]
    # cells in rank order: a (mean 22.0), c (6.0), b (5.0)
    assert glance.index("<b>a</b><br>22.0") < glance.index("<b>c</b><br>6.0")
    assert glance.index("<b>c</b><br>6.0") < glance.index("<b>b</b><br>5.0")
    assert "n = 5" in glance
    assert (
        "On dialogue_score, a (22.0) is reliably above every other group. No other pair can "
        "be told apart."
    ) in glance
    # reply_share: a [0.1, 0.2] vs b [0.3, 0.4], exact p = 2 / C(4, 2) = 1/3: not reliable
    assert "On reply_share, no group is reliably above or below another." in glance


def test_reliable_pairs_are_listed_first_and_strata_fold_away() -> None:
    page = three_group_page()
    nesting = _Nesting()
    nesting.feed(page)
    section = page[page.index('id="metric-0"') : page.index('id="metric-1"')]
    reliable = section.index("<h3>Reliable differences</h3>")
    not_reliable = section.index("<h3>Not reliable</h3>")
    assert reliable < section.index("a threads score higher than b threads") < not_reliable
    assert not_reliable < section.index("No reliable difference between b and c threads")
    # sizes 1–9: a has 1 thread (3), b 2 (3, 4), c 3 (5, 6, 7)
    assert "Threads per group: a 1, b 2, c 3" in section
    assert nesting.around["Threads with 1–9 comments"][-2:] == ["details", "h3"]
    assert "<summary>By thread size (1–9, 10+ comments)</summary>" in section


def test_notes_naming_a_measure_sit_in_its_section() -> None:
    page = three_group_page(("a: note on dialogue_score", "General note"))
    glance = page[page.index('id="at-a-glance"') : page.index('id="metric-0"')]
    first = page[page.index('id="metric-0"') : page.index('id="metric-1"')]
    second = page[page.index('id="metric-1"') : page.index('id="caveats"')]
    assert "General note" in glance
    assert "a: note on dialogue_score" in first
    assert "a: note on dialogue_score" not in glance + second
    # further notes: the dialogue_score one, and each group under 10 threads in each
    # measure (a, b, c in dialogue_score; a, b in reply_share) = 1 + 3 + 2 = 6
    assert "6 further notes concern single measures" in glance
    assert "Shows: the average thread of each group on 2 measures, from a (2–5 threads" in glance
