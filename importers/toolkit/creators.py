"""A post owner's account as every importer stores it: the key a creator's threads share.

Handles on TikTok, Instagram, X and Reddit ignore case, so they are kept in lower case and one
account is one key however an export spells it; YouTube channel ids and Facebook page ids are
case-sensitive and kept as written.

Where an export names no handle, or a thread was stored before handles were kept, the handle is
implied by the thread's own fields (`implied_creator_handle`): a TikTok video URL names its
owner, a Facebook post id `<page>_<post>` its Page (else the owner's id), and the post owner's
author id or name is their handle wherever the platform's importers use the handle as the id
(YouTube channel ids, Reddit usernames) or as the name (TikTok, Instagram and X handles beside
numeric ids).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from importers.pseudonyms import NAME_PREFIX
from importers.retarget import MENTION_SIGNS
from importers.toolkit.values import MAX_KEY_LENGTH, NUL
from nlp.thread import UNKNOWN_AUTHOR_MARKERS, Comment, Platform, Thread

_CASE_BLIND = frozenset({Platform.TIKTOK, Platform.INSTAGRAM, Platform.TWITTER, Platform.REDDIT})
# Platforms whose importers store the owner's handle as their author id.
_HANDLE_IS_ID = frozenset({Platform.YOUTUBE, Platform.REDDIT, Platform.OTHER})
# TikTok exports whose author id is the @handle (their author name is the nickname).
_TIKTOK_HANDLE_AS_ID = frozenset({"tiktok_4cat", "tiktok_comment_scrapper"})
_TIKTOK_HANDLE_IN_URL = re.compile(r"tiktok\.com/@([\w.\-]+)")
_MENTION_SIGNS = "".join(MENTION_SIGNS)
# What a handle read from a name may look like: a display name with spaces is not one.
_HANDLE_SHAPE = re.compile(r"[\w.\-]+")

UNIDENTIFIED = "the post's creator could not be identified"
NAMED_BY_REQUEST = "the post's creator was named by the request (creator_handle)"
NAMED_BY_OVERRIDING_REQUEST = f"{NAMED_BY_REQUEST}, not the account the input names"


def account_handle(platform: Platform, value: object) -> str | None:
    """The account `value` names on `platform` without a leading "@", or None when it names
    nobody (not a string, empty, or an unknown-author marker such as "[deleted]")."""
    if not isinstance(value, str):
        return None
    handle = value.strip().lstrip(_MENTION_SIGNS).strip()
    if handle in UNKNOWN_AUTHOR_MARKERS:
        return None
    return handle.casefold() if platform in _CASE_BLIND else handle


def unidentified(reason: str) -> str:
    """The import report's note for a post whose creator no field names, and why."""
    return f"{UNIDENTIFIED}: {reason}"


def tiktok_url_handle(url: object) -> str | None:
    """The owner's @handle in a TikTok video URL (`tiktok.com/@handle/video/…`), as written."""
    match = _TIKTOK_HANDLE_IN_URL.search(url) if isinstance(url, str) else None
    return match.group(1) if match else None


def author_of_account(
    platform: Platform, comments: Iterable[Comment], handle: str | None
) -> str | None:
    """The author id of the first comment whose author id or name is the account `handle`."""
    if handle is None:
        return None
    for comment in comments:
        author = comment.known_author
        if author and (
            account_handle(platform, author) == handle
            or account_handle(platform, comment.author_name) == handle
        ):
            return author
    return None


def implied_creator_handle(thread: Thread, *, pseudonymised: bool = False) -> str | None:
    """The post owner's account as the thread's own fields name it (see the module docstring),
    or None when nothing does.

    `pseudonymised`: the thread's authors are pseudonyms. Pseudonymising a handle gives the
    pseudonym of a name (`n_…`), so only a handle read from a name is taken; an author id's
    pseudonym (`u_…`) is another key, and cannot be turned into the handle's.
    """
    platform = thread.platform
    if platform is Platform.FACEBOOK:  # its page id may be kept, or an author id's pseudonym
        page, _, post = thread.external_id.partition("_")
        named = page if page and post else thread.known_creator
        return None if pseudonymised else account_handle(platform, named)
    by_id = platform in _HANDLE_IS_ID or thread.source_format in _TIKTOK_HANDLE_AS_ID
    names = [tiktok_url_handle(thread.url)] if platform is Platform.TIKTOK else []
    if not by_id:
        names.append(_creator_name(thread))
    for name in names:
        handle = account_handle(platform, name)
        if handle is None or not _HANDLE_SHAPE.fullmatch(handle):
            continue
        if not pseudonymised or handle.startswith(NAME_PREFIX):
            return handle
    if by_id and not pseudonymised:
        return account_handle(platform, thread.known_creator)
    return None


def _creator_name(thread: Thread) -> str | None:
    """The name the post owner's own comments show, when their author id is known."""
    creator = thread.known_creator
    if creator is None:
        return None
    return next(
        (c.author_name for c in thread.comments if c.author == creator and c.author_name), None
    )


def with_named_creator(thread: Thread, handle: object) -> Thread:
    """The thread with the account `handle` names as its creator_handle, else the one the thread
    implies; and as its creator, when it has none, the commenter whose id or name is it."""
    named = account_handle(thread.platform, handle) or implied_creator_handle(thread)
    creator = thread.creator or author_of_account(thread.platform, thread.comments, named)
    return replace(thread, creator_handle=named, creator=creator)


def requested_handle_problem(value: str) -> str | None:
    """Why `value`, sent as the creator of an upload's posts, cannot be stored as a handle on
    whatever platform its threads turn out to be; None when it can."""
    handles = [account_handle(platform, value) for platform in Platform]
    if any(handle is None for handle in handles):
        return (
            "names no account: it is empty once spaces and a leading @ are removed, or an "
            "unknown-author mark such as [deleted]"
        )
    if NUL in value:
        return "holds a NUL character (U+0000), which cannot be stored"
    longest = max(len(handle or "") for handle in handles)
    if longest > MAX_KEY_LENGTH:
        return f"is {longest} characters long; handles hold at most {MAX_KEY_LENGTH}"
    return None


def with_requested_creator(thread: Thread, value: str) -> tuple[Thread, str]:
    """The thread owned by the account the request names (`value`, as sent), and the report's
    note saying so, which replaces any `unidentified` note. The note names no account: reports
    are stored as they are, where handles may be pseudonymised.

    The owner's author id the input gave is kept unless the input named another account: it is
    that account's, so the named account's is looked up among the commenters instead.
    """
    if thread.creator_handle in (None, account_handle(thread.platform, value)):
        return with_named_creator(thread, value), NAMED_BY_REQUEST
    unnamed = replace(thread, creator=None)
    return with_named_creator(unnamed, value), NAMED_BY_OVERRIDING_REQUEST
