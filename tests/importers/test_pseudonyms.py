"""Pseudonymised authors (importers/pseudonyms.py): keyed, stable, mentions rewritten, and every
metric of a thread the same before and after."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from importers.base import ImportedThread, ImportReport
from importers.payload import Payload
from importers.pseudonyms import (
    Pseudonymiser,
    pseudonymised,
    rewrite_mentions,
    with_stored_mentions,
)
from importers.registry import import_payload
from importers.retarget import count_retargeted, handle_key, retarget_mentions
from nlp.analyze import analyze_thread
from nlp.pipeline import TextAnalyzer, build_text_analyzer, comment_signals
from nlp.thread import Comment, Platform, ReplyToMethod, Thread

KEY = Pseudonymiser(b"a deployment secret of some length")
OTHER_KEY = Pseudonymiser(b"another deployment's secret")
FORMATS = Path(__file__).resolve().parents[1] / "fixtures/formats"
PSEUDONYM = re.compile(r"[un]_[a-p]{20}")
START = datetime(2024, 5, 1, 10, tzinfo=UTC)


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    return build_text_analyzer(["en", "es"])


def reply(
    cid: str, parent: str | None, author: str | None, name: str | None, minute: int, text: str
) -> Comment:
    """A comment as a flattening platform files it: replies under their top-level comment."""
    return Comment(
        id=cid,
        reply_to=parent,
        author=author,
        author_name=name,
        text=text,
        created_at=START + timedelta(minutes=minute),
        platform_reply_to=parent,
        reply_to_method=ReplyToMethod.PLATFORM_PARENT if parent else ReplyToMethod.GIVEN,
    )


def drawn() -> ImportedThread:
    """A YouTube post by creator UCcr ("@creator.cat"), replies filed under their top-level
    comment; the @mentions re-target them:

    a  UCann @ann.lee    "What lens is this? ..."
    ├── b UCbob @Bob_B    "@ann.lee a 35mm prime ..."             → a
    ├── c UCcr  @creator.cat "@BOB_B right, the 35mm ..."          → b  (case differs)
    ├── d UCann @ann.lee "@creator.cat thanks! and @bob_b too"     → c  (two mentions)
    └── e [deleted]      "@nobody_here who?"                      stays under a
    f  UCeve @eve        "Lovely colours, @creator.cat"            top-level, mention inside
    """
    comments = (
        reply("a", None, "UCann", "@ann.lee", 0, "What lens is this? The colours are lovely"),
        reply("b", "a", "UCbob", "@Bob_B", 1, "@ann.lee a 35mm prime, I think"),
        reply("c", "a", "UCcr", "@creator.cat", 2, "@BOB_B right, the 35mm prime"),
        reply("d", "a", "UCann", "@ann.lee", 3, "@creator.cat thanks! and @bob_b too"),
        reply("e", "a", "[deleted]", None, 4, "@nobody_here who?"),
        reply("f", None, "UCeve", "@eve", 5, "Lovely colours, @creator.cat"),
    )
    thread = retarget_mentions(
        Thread(Platform.YOUTUBE, "vid1", comments, url="https://youtu.be/vid1", creator="UCcr")
    )
    report = ImportReport(
        format="canonical", rows_read=6, comments_kept=6, retargeted=count_retargeted(thread)
    )
    return ImportedThread(thread, report)


def test_a_pseudonym_is_keyed_stable_and_readable() -> None:
    alias = KEY.author_id("youtube", "UCann")
    assert PSEUDONYM.fullmatch(alias)
    assert alias.startswith("u_")
    assert KEY.author_id("youtube", "UCann") == alias  # stable within a deployment
    assert Pseudonymiser(KEY.key).author_id("youtube", "UCann") == alias
    assert OTHER_KEY.author_id("youtube", "UCann") != alias  # another key, another pseudonym
    assert KEY.author_id("tiktok", "UCann") != alias  # ids are per platform
    assert KEY.author_id("youtube", "ucann") != alias  # ids are case-sensitive
    assert KEY.author_name("youtube", "UCann") != alias  # a name is not an id
    # a name is one pseudonym however it is cased or written with "@"
    names = {KEY.author_name("youtube", n) for n in ("@Ann.Lee", "ann.lee", "＠ANN.LEE ")}
    assert len(names) == 1
    assert names.pop().startswith("n_")
    assert KEY.key_id != OTHER_KEY.key_id


def test_authors_names_and_creator_are_replaced_and_the_rest_kept() -> None:
    original = drawn()
    result = pseudonymised(original, KEY).thread
    alias = {c.id: c for c in result.comments}
    assert alias["a"].author == alias["d"].author == KEY.author_id("youtube", "UCann")
    assert alias["a"].author_name == KEY.author_name("youtube", "ann.lee")
    assert alias["c"].author == result.creator == KEY.author_id("youtube", "UCcr")
    assert alias["e"].author == "[deleted]"  # names nobody
    assert alias["e"].author_name is None
    for before, after in zip(original.thread.comments, result.comments, strict=True):
        assert (after.id, after.reply_to, after.platform_reply_to, after.created_at) == (
            before.id,
            before.reply_to,
            before.platform_reply_to,
            before.created_at,
        )
        assert after.reply_to_method is before.reply_to_method
    assert (result.external_id, result.url) == ("vid1", "https://youtu.be/vid1")


def test_mentions_of_the_threads_authors_are_rewritten_and_nothing_else() -> None:
    result = {c.id: c.text for c in pseudonymised(drawn(), KEY).thread.comments}
    ann, cat = KEY.author_name("youtube", "ann.lee"), KEY.author_name("youtube", "creator.cat")
    bob = KEY.author_name("youtube", "bob_b")
    assert result["a"] == "What lens is this? The colours are lovely"
    assert result["b"] == f"@{ann} a 35mm prime, I think"  # a name with a dot
    assert result["c"] == f"@{bob} right, the 35mm prime"  # written in capitals
    assert result["d"] == f"@{cat} thanks! and @{bob} too"  # every mention, "!" kept
    assert result["e"] == "@nobody_here who?"  # not an author of the thread
    assert result["f"] == f"Lovely colours, @{cat}"


def test_a_mention_is_the_longest_known_name_ending_at_a_word_boundary() -> None:
    aliases = {"zoë ⭐️": "n_zoe", "ann": "n_ann", "ann lee": "n_annlee"}

    def known(name: str) -> str | None:
        return aliases.get(handle_key(name))

    assert rewrite_mentions("@Zoë ⭐️ thanks", known) == "@n_zoe thanks"
    assert rewrite_mentions("@Ann Lee, @ann and ＠ANN!", known) == "@n_annlee, @n_ann and ＠n_ann!"
    assert (
        rewrite_mentions("@annie and @ann.b and me@ann", known) == "@annie and @ann.b and me@n_ann"
    )
    assert rewrite_mentions("no mention here", known) == "no mention here"
    assert rewrite_mentions("meet @ ann at 5 @", known) == "meet @ ann at 5 @"


def test_the_posts_url_id_and_notes_lose_author_handles_and_ids() -> None:
    """A YouTube channel discussion is keyed by the channel (the creator's id); a TikTok url
    names its creator, also when the creator did not comment."""
    youtube = import_payload(Payload((FORMATS / "youtube_data_api/crawl.json").read_bytes()))
    channel = next(i for i in youtube if i.thread.external_id.startswith("UCowner"))
    after = pseudonymised(channel, KEY)
    owner = KEY.author_id("youtube", "UCowner0000000000000000A")
    assert after.thread.external_id == after.thread.creator == owner
    assert after.thread.url == f"https://www.youtube.com/channel/{owner}"
    assert not any("UCowner" in note for note in after.report.limits)
    tiktok = import_payload(Payload((FORMATS / "tiktok_apify/comments.json").read_bytes()))
    urls = [pseudonymised(item, KEY).thread.url or "" for item in tiktok]
    creator = KEY.author_name("tiktok", "bakerbee")
    assert urls[0] == f"https://www.tiktok.com/@{creator}/video/7400000000000000001"
    # a post whose creator is named by its url only; its note quotes the url
    assert urls[1].startswith(f"https://www.tiktok.com/@{KEY.author_name('tiktok', 'otherbaker')}")
    assert "otherbaker" not in repr(pseudonymised(tiktok[1], KEY).report)


def test_an_upload_joining_a_stored_thread_rewrites_mentions_of_its_authors() -> None:
    """The upload alone does not know @ann.lee; the stored thread shows her pseudonym."""
    stored = pseudonymised(drawn(), KEY).thread
    upload_comment = reply("g", "a", "UCzed", "@zed", 9, "@Ann.Lee same lens here, @zed_two")
    upload = pseudonymised(
        ImportedThread(
            replace(stored, comments=(upload_comment,)),
            ImportReport(format="canonical", rows_read=1, comments_kept=1),
        ),
        KEY,
    ).thread
    assert upload.comments[0].text == "@Ann.Lee same lens here, @zed_two"
    joined = with_stored_mentions(upload, stored, KEY)
    ann = KEY.author_name("youtube", "ann.lee")
    assert joined.comments[0].text == f"@{ann} same lens here, @zed_two"


def test_every_metric_is_unchanged(analyzer: TextAnalyzer) -> None:
    original = drawn()
    assert original.report.retargeted == {"mention": 2}  # c → b, d → c
    after = pseudonymised(original, KEY)
    before_analysis = analyze_thread(original.thread, analyzer)
    after_analysis = analyze_thread(after.thread, analyzer)
    assert before_analysis.platform_metrics is not None  # reconstruction moved replies
    assert before_analysis.metrics.interaction.creator_reply_share not in (None, 0)
    assert after_analysis == before_analysis
    assert analyze_thread(pseudonymised(original, OTHER_KEY).thread, analyzer) == before_analysis


def test_a_name_read_as_several_words_becomes_one_mention(analyzer: TextAnalyzer) -> None:
    """Where text metrics do move: the tokenizer reads "@Sam Sung" as a mention and the word
    "Sung"; its pseudonym is one mention, so the comment counts one token fewer, and with two
    words left it is too short for language detection."""
    original = "@Sam Sung yeah, agreed"
    rewritten = rewrite_mentions(original, lambda name: "n_x" if name == "Sam Sung" else None)
    before, after = comment_signals(analyzer, [original, rewritten])
    assert rewritten == "@n_x yeah, agreed"
    assert after.tokens == before.tokens - 1
    assert (before.language, after.language) == ("en", "xx")
