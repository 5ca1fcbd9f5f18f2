"""What every format's threads must be to store alike on SQLite and PostgreSQL: no NUL characters
(replaced by U+FFFD and counted), like counts within 64 bits, ids and tags within MAX_KEY_LENGTH."""

from __future__ import annotations

import json
from typing import Any

import pytest

from importers.base import ImportedThread, ImportOptions, InvalidInput
from importers.payload import Payload
from importers.registry import import_payload
from importers.toolkit.drafts import ThreadDraft, flattened_comment
from importers.toolkit.reports import finish_drafts
from importers.toolkit.values import (
    MAX_COUNT,
    MAX_KEY_LENGTH,
    as_count,
    count_problem,
    display_count,
    refuse_boolean,
    without_nul,
)
from nlp.thread import Comment, ReplyToMethod

NUL = "\x00"
FFFD = "\ufffd"


def _finish(draft: ThreadDraft, options: ImportOptions | None = None) -> ImportedThread:
    [imported] = finish_drafts([draft], options or ImportOptions(), "demo")
    return imported


def _strings(imported: ImportedThread) -> list[str]:
    thread = imported.thread
    values: list[Any] = [thread.external_id, thread.url, thread.title, thread.creator]
    values += thread.tags
    for comment in thread.comments:
        values += [comment.id, comment.reply_to, comment.author, comment.author_name]
        values += [comment.text, comment.platform_reply_to]
    return [value for value in values if isinstance(value, str)]


def test_values_say_what_can_be_stored() -> None:
    assert without_nul(f"a{NUL}b{NUL}") == f"a{FFFD}b{FFFD}"
    assert without_nul("plain") == "plain"
    assert count_problem(None) is count_problem(0) is count_problem(MAX_COUNT) is None
    assert count_problem(-MAX_COUNT) is None
    assert "boolean" in str(count_problem(True))
    assert "2^63-1" in str(count_problem(MAX_COUNT + 1))
    assert "2^63-1" in str(count_problem(-MAX_COUNT - 2))
    assert refuse_boolean(3) == 3
    with pytest.raises(ValueError, match="boolean"):
        refuse_boolean(False)


def test_value_readers_never_take_a_boolean_and_keep_big_counts_for_the_check() -> None:
    assert as_count(True) is as_count(False) is display_count(True) is None
    # read as they are; finish_drafts refuses them naming the comment and field
    assert as_count(2**63) == 2**63
    assert as_count(str(2**64)) == 2**64


def test_every_text_field_loses_its_nul_characters_and_the_report_counts_them() -> None:
    draft = ThreadDraft(
        f"post{NUL}",
        url=f"https://x.test/{NUL}",
        title=f"ti{NUL}tle",
        creator=f"cr{NUL}{NUL}",
        tags=(f"tag{NUL}", "clean"),
        rows_read=2,
    )
    draft.comments += [
        Comment(id=f"a{NUL}", reply_to=None, author=f"ann{NUL}", text=f"hi{NUL}", author_name="A"),
        flattened_comment(
            f"b{NUL}", f"a{NUL}", author="bob", text="ok", author_name=f"B{NUL}{NUL}{NUL}"
        ),
    ]
    imported = _finish(draft)
    assert not any(NUL in value for value in _strings(imported))
    thread = imported.thread
    assert (thread.external_id, thread.creator, thread.tags) == ("post�", "cr��", ("tag�", "clean"))
    first, second = thread.comments
    assert (first.id, first.author, first.text, first.author_name) == ("a�", "ann�", "hi�", "A")
    # the reply still points at its parent: both sides were replaced alike
    assert (second.reply_to, second.platform_reply_to) == (first.id, first.id)
    # post 1, url 1, title 1, creator 2, tag 1; a: id, author, text; b: id, reply_to,
    # platform_reply_to, author_name 3
    assert imported.report.replaced_nul_characters == 6 + 3 + 6


def test_a_thread_without_nul_is_left_as_it_is() -> None:
    draft = ThreadDraft("p", rows_read=1)
    draft.comments.append(Comment(id="a", reply_to=None, author="ann", text="hi"))
    imported = _finish(draft)
    assert imported.thread.comments[0] is draft.comments[0]
    assert imported.report.replaced_nul_characters == 0


def test_the_requests_external_id_loses_its_nul_characters_too() -> None:
    draft = ThreadDraft("p", rows_read=0)
    imported = _finish(draft, ImportOptions(external_id=f"X{NUL}"))
    assert (imported.thread.external_id, imported.report.replaced_nul_characters) == ("X�", 1)


def _apify_row(cid: str, parent: str | None, handle: str, text: str, **extra: Any) -> Any:
    return {
        "videoWebUrl": "https://www.tiktok.com/@owner/video/7400000000000000001",
        "cid": cid,
        "repliesToId": parent,
        "uid": f"uid-{cid}",
        "uniqueId": handle,
        "createTime": 1717243200 + int(cid),
        "text": text,
        **extra,
    }


def _apify(*rows: Any) -> list[ImportedThread]:
    return import_payload(Payload(json.dumps(rows).encode()), "tiktok_apify")


def test_a_handle_holding_nul_characters_still_matches_its_mention() -> None:
    # 1 ann "video!"
    # ├── 2 zo\0e "me too"
    # └── 3 bob "@zo\0e really?"     answers 2: re-targeted by the mention of its handle
    [imported] = _apify(
        _apify_row("1", None, "ann", "video!"),
        _apify_row("2", "1", f"zo{NUL}e", "me too"),
        _apify_row("3", "1", "bob", f"@zo{NUL}e really?"),
    )
    reply = imported.thread.comments[2]
    assert (reply.reply_to, reply.reply_to_method) == ("2", ReplyToMethod.MENTION)
    assert (imported.thread.comments[1].author_name, reply.text) == ("zo�e", "@zo�e really?")
    assert imported.report.retargeted == {"mention": 1}
    assert imported.report.replaced_nul_characters == 2


def test_like_counts_up_to_64_bits_are_kept() -> None:
    [imported] = _apify(
        _apify_row("1", None, "ann", "a", diggCount=2**40),
        _apify_row("2", None, "bob", "b", diggCount=MAX_COUNT),
        _apify_row("3", None, "cy", "c", diggCount=True),  # not a count: left empty
    )
    assert [c.like_count for c in imported.thread.comments] == [2**40, MAX_COUNT, None]


def test_a_like_count_beyond_64_bits_is_refused_naming_the_comment_and_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        _apify(
            _apify_row("1", None, "ann", "a", diggCount=2**63),
            _apify_row("2", None, "bob", "b", diggCount=str(2**64)),
        )
    assert [p.loc for p in refused.value.problems] == [
        ("comments", "1", "like_count"),
        ("comments", "2", "like_count"),
    ]
    assert "comment '1': like_count 9223372036854775808 is beyond 2^63-1" in (
        refused.value.problems[0].msg
    )


def test_a_boolean_like_count_built_by_a_format_is_refused() -> None:
    draft = ThreadDraft("p", rows_read=1)
    draft.comments.append(Comment(id="a", reply_to=None, author="x", text="", like_count=True))
    with pytest.raises(InvalidInput) as refused:
        _finish(draft)
    [problem] = refused.value.problems
    assert problem.loc == ("comments", "a", "like_count")
    assert "not a boolean" in problem.msg


def test_long_names_are_kept_and_keys_up_to_the_limit() -> None:
    key = "k" * MAX_KEY_LENGTH
    draft = ThreadDraft(key, creator="c" * 5000, tags=(key,), rows_read=1)
    draft.comments.append(
        Comment(id=key, reply_to="r" * 5000, author="a" * 5000, author_name="n" * 5000, text="")
    )
    imported = _finish(draft)
    assert imported.thread.comments[0].author == "a" * 5000


def test_keys_beyond_the_limit_are_refused_by_name() -> None:
    long = "x" * (MAX_KEY_LENGTH + 1)
    draft = ThreadDraft(long, tags=(long, "ok"), rows_read=1)
    draft.comments.append(Comment(id=long, reply_to=None, author="a", text=""))
    with pytest.raises(InvalidInput) as refused:
        _finish(draft)
    locs = [p.loc for p in refused.value.problems]
    assert locs == [("external_id",), ("tags",), ("comments", "x" * 40 + "…", "id")]
    assert all(f"is {MAX_KEY_LENGTH + 1} characters long" in p.msg for p in refused.value.problems)
