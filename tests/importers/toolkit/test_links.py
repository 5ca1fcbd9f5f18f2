"""A post's link is stored only when it is http(s): other formats leave it out and say so in the
thread's report; the canonical format, whose caller writes the field, refuses it (422)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from importers.base import ImportOptions, InvalidInput
from importers.payload import Payload
from importers.registry import import_payload
from importers.toolkit.drafts import ThreadDraft
from importers.toolkit.reports import finish_drafts
from importers.toolkit.values import link_problem
from nlp.thread import Comment

FOURCAT = Path(__file__).resolve().parents[2] / "fixtures" / "formats" / "tiktok_4cat"


@pytest.mark.parametrize(
    "link",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "http://example.org",
        "HTTPS://Example.ORG/Path",
        "https://user@example.org:8443/a?b=c#d",
        "http://[2001:db8::1]/x",
    ],
)
def test_absolute_http_links_are_kept(link: str) -> None:
    assert link_problem(link) is None


@pytest.mark.parametrize(
    ("link", "scheme"),
    [
        ("javascript:alert(document.domain)", "javascript"),
        ("JaVaScRiPt:alert(1)", "javascript"),
        # Browsers drop leading control characters and spaces and any tab or newline.
        ("  \x01javascript:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        ("java\nscript:alert(1)", "javascript"),
        ("data:text/html,<script>alert(1)</script>", "data"),
        ("vbscript:msgbox(1)", "vbscript"),
        ("file:///etc/passwd", "file"),
        ("ftp://example.org/x", "ftp"),
    ],
)
def test_other_schemes_are_refused_naming_the_scheme(link: str, scheme: str) -> None:
    problem = link_problem(link)
    assert problem is not None
    assert f"scheme {scheme!r}" in problem


@pytest.mark.parametrize(
    "link", ["//evil.example/x", "www.youtube.com/watch?v=1", "/relative", "https:", "http:/x"]
)
def test_links_without_scheme_or_host_are_refused(link: str) -> None:
    assert link_problem(link) is not None


def test_a_malformed_link_is_refused_not_raised() -> None:
    assert link_problem("http://[::1") is not None


def draft(url: str | None) -> ThreadDraft:
    comments = [Comment(id="a", reply_to=None, author="u", text="hi")]
    return ThreadDraft("post", url=url, comments=comments, rows_read=1)


def test_finishing_leaves_a_refused_link_out_and_names_field_and_scheme() -> None:
    (imported,) = finish_drafts([draft("javascript:alert(1)")], ImportOptions(), "test")
    assert imported.thread.url is None
    assert [line for line in imported.report.limits if line.startswith("url not stored")] == [
        "url not stored: it has scheme 'javascript'; only http and https links are kept"
    ]


def test_finishing_keeps_a_web_link_and_reports_nothing() -> None:
    (imported,) = finish_drafts([draft("https://example.org/p/1")], ImportOptions(), "test")
    assert imported.thread.url == "https://example.org/p/1"
    assert not imported.report.limits


def test_a_platform_export_with_a_script_link_is_imported_without_it() -> None:
    lines = (FOURCAT / "export.ndjson").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    for record in records:
        record["post_url"] = "javascript:alert(document.cookie)"
    payload = Payload("\n".join(json.dumps(r) for r in records).encode())
    imported = import_payload(payload, "tiktok_4cat", ImportOptions())
    assert imported
    for item in imported:
        assert item.thread.url is None
        assert any(
            "url not stored" in line and "'javascript'" in line for line in item.report.limits
        )
        assert item.thread.comments  # the comments are imported all the same


def test_the_canonical_format_refuses_a_script_link_naming_the_field() -> None:
    thread = {
        "platform": "youtube",
        "external_id": "v",
        "url": "javascript:alert(1)",
        "comments": [{"id": "a", "reply_to": None, "author": "u", "text": "hi"}],
    }
    with pytest.raises(InvalidInput) as refused:
        import_payload(Payload(json.dumps(thread).encode()), None, ImportOptions())
    (problem,) = refused.value.problems
    assert problem.loc == ("url",)
    assert "'javascript'" in problem.msg
