"""A post owner's account: the one normalisation, and the handle a thread's own fields imply."""

from __future__ import annotations

import pytest

from importers.toolkit.creators import (
    UNIDENTIFIED,
    account_handle,
    author_of_account,
    implied_creator_handle,
    tiktok_url_handle,
    unidentified,
    with_named_creator,
)
from nlp.thread import Comment, Platform, Thread


def comment(ident: str, author: str | None, name: str | None = None) -> Comment:
    return Comment(id=ident, reply_to=None, author=author, text="hi", author_name=name)


def thread(
    platform: Platform,
    *comments: Comment,
    external_id: str = "post",
    url: str | None = None,
    creator: str | None = None,
    source_format: str = "canonical",
) -> Thread:
    return Thread(
        platform,
        external_id,
        comments,
        url=url,
        creator=creator,
        source_format=source_format,
    )


@pytest.mark.parametrize(
    ("platform", "value", "expected"),
    [
        (Platform.TIKTOK, " @Bakery.Bee ", "bakery.bee"),
        (Platform.INSTAGRAM, "＠Shop", "shop"),
        (Platform.YOUTUBE, "UCMixedCase", "UCMixedCase"),
        (Platform.FACEBOOK, "NYTimes", "NYTimes"),
        (Platform.REDDIT, "[deleted]", None),
        (Platform.TWITTER, "@", None),
        (Platform.OTHER, 42, None),
    ],
)
def test_account_handle(platform: Platform, value: object, expected: str | None) -> None:
    assert account_handle(platform, value) == expected


def test_unidentified_says_why() -> None:
    assert unidentified("no field") == f"{UNIDENTIFIED}: no field"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.tiktok.com/@Pot.Pia/video/71?lang=en", "Pot.Pia"),
        ("https://t.tiktok.com/i18n/share/video/71/?u_code=0", None),
        (None, None),
    ],
)
def test_tiktok_url_handle(url: str | None, expected: str | None) -> None:
    assert tiktok_url_handle(url) == expected


def test_author_of_account_matches_an_id_or_a_name_as_the_platform_reads_it() -> None:
    comments = [comment("1", "u1", "Ann"), comment("2", "u2", "Clay.Cleo"), comment("3", "bo")]
    assert author_of_account(Platform.TIKTOK, comments, "clay.cleo") == "u2"
    assert author_of_account(Platform.REDDIT, comments, "bo") == "bo"
    assert author_of_account(Platform.YOUTUBE, comments, "ann") is None  # case kept there
    assert author_of_account(Platform.TIKTOK, comments, None) is None


def test_a_tiktok_url_names_the_owner_before_anything_else() -> None:
    owner_commented = thread(
        Platform.TIKTOK,
        comment("1", "6900", "someone_else"),
        url="https://www.tiktok.com/@Pot.Pia/video/71",
        creator="6900",
    )
    assert implied_creator_handle(owner_commented) == "pot.pia"


def test_on_tiktok_instagram_and_x_the_creators_own_comments_show_the_handle() -> None:
    """Their importers keep numeric ids as authors and the handle as the author's name."""
    for platform in (Platform.TIKTOK, Platform.INSTAGRAM, Platform.TWITTER):
        replied = thread(platform, comment("1", "u1", "Fan"), comment("2", "900", "Owner_1"))
        assert implied_creator_handle(replied) is None  # no creator id: nothing to match
        known = thread(platform, *replied.comments, creator="900")
        assert implied_creator_handle(known) == "owner_1"
        silent = thread(platform, comment("1", "u1", "Fan"), creator="900")
        assert implied_creator_handle(silent) is None
        # A display name with spaces is not a handle.
        named = thread(platform, comment("1", "900", "The Owner"), creator="900")
        assert implied_creator_handle(named) is None


def test_tiktok_exports_whose_author_ids_are_handles_take_the_creator_itself() -> None:
    """4CAT's author name is the nickname: it must not be read as the handle."""
    fourcat = thread(
        Platform.TIKTOK,
        comment("1", "yoga_yara", "Yara Y"),
        creator="yoga_yara",
        source_format="tiktok_4cat",
    )
    assert implied_creator_handle(fourcat) == "yoga_yara"


def test_where_the_handle_is_the_author_id_the_creator_is_the_handle() -> None:
    assert implied_creator_handle(thread(Platform.YOUTUBE, creator="UCMixed")) == "UCMixed"
    assert implied_creator_handle(thread(Platform.REDDIT, creator="Spez")) == "spez"
    assert implied_creator_handle(thread(Platform.OTHER, creator="acct-1")) == "acct-1"
    assert implied_creator_handle(thread(Platform.REDDIT, creator="[deleted]")) is None
    assert implied_creator_handle(thread(Platform.YOUTUBE)) is None


def test_a_facebook_post_id_names_its_page_else_the_creator_does() -> None:
    paged = thread(Platform.FACEBOOK, external_id="100200_300400", creator="someone")
    assert implied_creator_handle(paged) == "100200"
    unpaged = thread(Platform.FACEBOOK, external_id="300400", creator="NYTimes")
    assert implied_creator_handle(unpaged) == "NYTimes"
    assert implied_creator_handle(thread(Platform.FACEBOOK, external_id="300400")) is None


def test_pseudonymised_threads_give_only_a_name_pseudonym() -> None:
    """Pseudonymising a handle gives `n_…`; an author id's `u_…` is another key."""
    named_in_url = thread(Platform.TIKTOK, url="https://www.tiktok.com/@n_abcdef/video/71")
    assert implied_creator_handle(named_in_url, pseudonymised=True) == "n_abcdef"
    id_in_url = thread(
        Platform.TIKTOK,
        url="https://www.tiktok.com/@u_abcdef/video/71",
        creator="u_abcdef",
        source_format="tiktok_4cat",
    )
    assert implied_creator_handle(id_in_url, pseudonymised=True) is None
    assert implied_creator_handle(id_in_url) == "u_abcdef"  # as stored, were it not pseudonymised
    replied = thread(Platform.TWITTER, comment("1", "u_ppp", "n_qqq"), creator="u_ppp")
    assert implied_creator_handle(replied, pseudonymised=True) == "n_qqq"
    youtube = thread(Platform.YOUTUBE, creator="u_ppp")
    assert implied_creator_handle(youtube, pseudonymised=True) is None
    facebook = thread(Platform.FACEBOOK, external_id="100200_300400")
    assert implied_creator_handle(facebook, pseudonymised=True) is None


def test_with_named_creator_prefers_the_named_handle_and_finds_its_commenter() -> None:
    base = thread(Platform.TIKTOK, comment("1", "u1", "fan"), comment("2", "u2", "pot.pia"))
    named = with_named_creator(base, "@Pot.Pia")
    assert (named.creator_handle, named.creator) == ("pot.pia", "u2")
    kept = with_named_creator(thread(Platform.TIKTOK, *base.comments, creator="u9"), "pot.pia")
    assert kept.creator == "u9"  # a creator already known stays
    implied = with_named_creator(thread(Platform.REDDIT, creator="Spez"), None)
    assert (implied.creator_handle, implied.creator) == ("spez", "Spez")
    nobody = with_named_creator(base, "")
    assert (nobody.creator_handle, nobody.creator) == (None, None)
