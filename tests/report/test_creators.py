"""The report's creators section (report/creators.py): two rankings, their ends, the creators
without a value counted by reason, every name escaped; no section without creators."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from report.creators import TOP_CREATORS, creators_part, ends, ranked
from report.data import CreatorLine, CreatorsPart
from report.html import ReportData, metric_section, render_report

EVIL = '<script>alert("x")</script>'
NO_COMMENTERS = "no commenters"


def line(
    name: str, threads: int, share: float | None, median: float | None, **more: object
) -> CreatorLine:
    fields: dict[str, object] = {
        "name": name,
        "threads": threads,
        "commenters": 10,
        "returning_commenters": 0 if share is None else round(share * 10),
        "returning_share": share,
        "core_commenters": 1,
        "scored": threads,
        "score_median": median,
        "score_ci_low": None if median is None else median - 5,
        "score_ci_high": None if median is None else median + 5,
        **more,
    }
    return CreatorLine(**fields)  # type: ignore[arg-type]


def part(*lines: CreatorLine) -> CreatorsPart:
    return CreatorsPart(
        scope="Creators on every platform.",
        min_threads=2,
        returning_min_posts=2,
        core_min_posts=3,
        confidence=0.95,
        creators=lines,
    )


def test_ranked_highest_first_ties_by_threads_then_name() -> None:
    lines = [
        line("tiktok/b", 2, 0.5, 10.0),
        line("tiktok/a", 2, 0.5, 20.0),
        line("tiktok/c", 4, 0.5, 30.0),
        line("tiktok/d", 3, 0.9, 40.0),
        line("tiktok/e", 3, None, 50.0, returning_share_missing=NO_COMMENTERS),
    ]
    by_share = ranked(lines, lambda found: found.returning_share)
    # 0.9 first; the three at 0.5: c has more threads, then a before b by name; e has no share.
    assert [(rank, found.name) for rank, found in by_share] == [
        (1, "tiktok/d"),
        (2, "tiktok/c"),
        (3, "tiktok/a"),
        (4, "tiktok/b"),
    ]
    by_score = ranked(lines, lambda found: found.score_median)
    assert [found.name for _, found in by_score] == [f"tiktok/{x}" for x in "edcab"]


def test_ends_never_repeat_a_creator() -> None:
    ranking = [(rank, line(f"x/{rank}", 2, 0.1, 1.0)) for rank in range(1, 13)]
    highest, lowest = ends(ranking)
    assert [rank for rank, _ in highest] == [1, 2, 3, 4, 5]
    assert [rank for rank, _ in lowest] == [8, 9, 10, 11, 12]
    highest, lowest = ends(ranking[:7])
    assert ([r for r, _ in highest], [r for r, _ in lowest]) == ([1, 2, 3, 4, 5], [6, 7])
    highest, lowest = ends(ranking[:3])
    assert ([r for r, _ in highest], lowest) == ([1, 2, 3], [])


def ranked_names(html: str) -> list[str]:
    return re.findall(r"<tr><td>\d+</td><td>([^<]*)</td>", html)


def test_a_long_list_shows_its_ends_and_says_how_many_are_between() -> None:
    lines = [line(f"tiktok/u{i:02d}", 2, i / 20, float(i)) for i in range(TOP_CREATORS * 2 + 2)]
    html = creators_part(part(*lines))
    assert "12 creators with at least 2 stored threads" in html
    community = html[: html.index("By dialogue")]
    assert "<h4>Highest 5</h4>" in community
    assert "<h4>Lowest 5</h4>" in community
    assert "2 creators between them are not shown." in community
    expected = [f"tiktok/u{i:02d}" for i in (11, 10, 9, 8, 7, 4, 3, 2, 1, 0)]
    assert ranked_names(community) == expected
    # One creator's row: its share with its counts, the median with its interval.
    assert "<td>tiktok/u11</td><td>2</td><td>0.550 (6 of 10)</td><td>1</td>" in html
    assert "<td>11.0 (2)</td><td>6.0 to 16.0</td>" in html


def test_creators_without_a_value_are_counted_by_reason() -> None:
    lines = [
        line("reddit/a", 2, 0.5, None, score_missing="no thread has a Dialogue Score"),
        line("reddit/b", 2, None, 3.0, returning_share_missing=NO_COMMENTERS),
        line("reddit/c", 2, None, 2.0, returning_share_missing=NO_COMMENTERS),
    ]
    html = creators_part(part(*lines))
    community, dialogue = html.split("By dialogue")
    assert ranked_names(community) == ["reddit/a"]
    assert "<li>2 creators: no commenters</li>" in community
    assert ranked_names(dialogue) == ["reddit/b", "reddit/c"]
    assert "<li>1 creator: no thread has a Dialogue Score</li>" in dialogue


def test_every_name_is_escaped() -> None:
    html = creators_part(part(line(f"tiktok/{EVIL}", 2, 0.5, 1.0)))
    assert EVIL not in html
    assert "tiktok/&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def page(creators: CreatorsPart | None) -> str:
    section = metric_section("reply_share", {"tiktok": [0.1, 0.2]}, resamples=200)
    when = datetime(2024, 5, 1, tzinfo=UTC)
    return render_report(ReportData("R", "c", when, (section,), creators=creators))


def test_the_page_has_the_section_only_with_creators() -> None:
    shown = page(part(line("tiktok/a", 2, 0.5, 1.0)))
    assert '<a href="#creators">Creators</a>' in shown
    assert shown.index('id="creators"') < shown.index('id="caveats"')
    for empty in (None, part()):
        assert 'id="creators"' not in page(empty)
        assert 'href="#creators"' not in page(empty)


def test_a_small_share_is_not_shown_as_zero() -> None:
    # 5 of 1,144 commenters came back: 0.0044, which two decimals would show as 0.00.
    few = line("tiktok/few", 9, 5 / 1144, 1.0, commenters=1144, returning_commenters=5)
    html = creators_part(part(line("tiktok/many", 9, 0.13, 1.0), few))
    assert "<td>0.130 (1 of 10)</td>" in html
    assert "<td>0.004 (5 of 1144)</td>" in html
