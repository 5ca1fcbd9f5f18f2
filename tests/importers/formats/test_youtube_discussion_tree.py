from __future__ import annotations

from pathlib import Path

import pytest

from importers.base import ImportOptions, InvalidInput
from importers.formats.youtube_discussion_tree import (
    FORMAT,
    NO_TIME_LIMIT,
    NO_VIDEO_OWNER,
    TREE_LIMIT,
)
from importers.payload import Payload
from importers.registry import all_formats, import_payload
from importers.toolkit.creators import unidentified
from nlp.thread import Platform, ReplyToMethod

FIXTURES = Path(__file__).parents[2] / "fixtures" / "formats" / FORMAT.name


def fixture(name: str) -> Payload:
    return Payload((FIXTURES / name).read_bytes(), filename=name)


def xml(args: str, pairs: str = "") -> Payload:
    text = (
        "<entailment-corpus><argument-list>"
        f"{args}</argument-list><argument-pairs>{pairs}</argument-pairs></entailment-corpus>"
    )
    return Payload(text.encode(), filename="output.xml")


def test_parse_keeps_the_library_tree_and_makes_the_video_the_post() -> None:
    [imported] = import_payload(fixture("tree.xml"))
    thread = imported.thread

    assert (thread.platform, thread.external_id, thread.creator) == (
        Platform.YOUTUBE,
        "Vid00000004",
        "UCowner",
    )
    assert thread.url == "https://www.youtube.com/watch?v=Vid00000004"
    assert thread.creator_handle == "UCowner"  # the video arg's author_id
    rows = [
        (c.id, c.reply_to, c.platform_reply_to, c.author, c.author_name, c.like_count)
        for c in thread.comments
    ]
    assert rows == [
        ("UgA", None, None, "UCjay", "Jay", 7),
        ("UgA.k1", "UgA", "UgA", "UCkim", "Kim", 1),
        ("UgA.j1", "UgA.k1", "UgA", "UCjay", "Jay", 0),  # deeper than YouTube's two levels
        ("UgB", None, None, None, None, 0),  # deleted channel
        ("UgC.l1", "UgC", "UgC", "UClee", "Lee", 2),  # parent not in the file
    ]
    assert all(c.reply_to_method is ReplyToMethod.GIVEN for c in thread.comments)
    assert all(c.created_at is None for c in thread.comments)
    report = imported.report
    assert (report.format, report.rows_read, report.comments_kept) == (FORMAT.name, 5, 5)
    assert (report.received_replies, report.skipped, report.retargeted) == (3, {}, {})
    assert report.limits[:2] == (TREE_LIMIT, NO_TIME_LIMIT)
    assert "comments whose parent is not in the file: 1" in report.limits


def test_without_a_video_arg_the_file_name_is_the_id() -> None:
    payload = xml('<arg author="A" author_id="UCa" id="UgZ" score="0">hi</arg>')
    [imported] = FORMAT.parse(payload, ImportOptions())

    assert (imported.thread.external_id, imported.thread.creator) == ("output", None)
    assert any("comments without a <pair>" in limit for limit in imported.report.limits)
    assert imported.thread.creator_handle is None
    assert imported.report.limits[-1] == unidentified(NO_VIDEO_OWNER)


def test_options_override_the_post() -> None:
    options = ImportOptions(external_id="mine", platform="other")
    [imported] = FORMAT.parse(fixture("tree.xml"), options)
    assert (imported.thread.external_id, imported.thread.platform) == ("mine", Platform.OTHER)


@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda p: p.name)
def test_fixture_files_are_detected_by_this_format_only(path: Path) -> None:
    payload = Payload(path.read_bytes(), filename=path.name)
    assert [f.name for f in all_formats() if f.detect(payload)] == [FORMAT.name]


@pytest.mark.parametrize(
    "text",
    [
        '<?xml version="1.0"?><rss><channel><item>hi</item></channel></rss>',
        "<argument-list><arg id='x'>hi</arg></argument-list>",
        '{"entailment-corpus": []}',
        "id,text\n<entailment-corpus>,x\n",
    ],
)
def test_near_misses_are_refused(text: str) -> None:
    assert not FORMAT.detect(Payload(text.encode()))


def test_entity_declarations_are_refused_before_parsing() -> None:
    text = '<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<entailment-corpus></entailment-corpus>'
    with pytest.raises(InvalidInput) as caught:
        FORMAT.parse(Payload(text.encode()), ImportOptions())
    assert caught.value.problems[0].loc == ("body", "line", 1)


def test_malformed_xml_names_the_line() -> None:
    text = "<entailment-corpus>\n<argument-list>\n<arg id='x'>oops</argument-list>"
    with pytest.raises(InvalidInput) as caught:
        FORMAT.parse(Payload(text.encode()), ImportOptions())
    assert caught.value.problems[0].loc == ("body", "line", 3)


def test_a_pair_naming_an_unknown_comment_is_named() -> None:
    payload = xml(
        '<arg author="A" author_id="UCa" id="UgA" score="0">hi</arg>',
        '<pair id="9"><t id="UgMissing" /><h id="UgA" /></pair>',
    )
    with pytest.raises(InvalidInput) as caught:
        FORMAT.parse(payload, ImportOptions())
    [problem] = caught.value.problems
    assert problem.loc == ("argument-pairs", "pair", "9", "t")
    assert "UgMissing" in problem.msg


def test_a_comment_with_two_parents_is_named() -> None:
    payload = xml(
        '<arg id="UgA">a</arg><arg id="UgB">b</arg><arg id="UgC">c</arg>',
        '<pair id="1"><t id="UgC" /><h id="UgA" /></pair>'
        '<pair id="2"><t id="UgC" /><h id="UgB" /></pair>',
    )
    with pytest.raises(InvalidInput) as caught:
        FORMAT.parse(payload, ImportOptions())
    assert caught.value.problems[0].loc == ("argument-pairs", "pair", "2", "h")
