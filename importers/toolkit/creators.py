"""A post owner's account as every importer stores it: the key a creator's threads share.

Handles on TikTok, Instagram, X and Reddit ignore case, so they are kept in lower case and one
account is one key however an export spells it; YouTube channel ids and Facebook page ids are
case-sensitive and kept as written.
"""

from __future__ import annotations

from importers.retarget import MENTION_SIGNS
from nlp.thread import UNKNOWN_AUTHOR_MARKERS, Platform

_CASE_BLIND = frozenset({Platform.TIKTOK, Platform.INSTAGRAM, Platform.TWITTER, Platform.REDDIT})

UNIDENTIFIED = "the post's creator could not be identified"


def account_handle(platform: Platform, value: object) -> str | None:
    """The account `value` names on `platform` without a leading "@", or None when it names
    nobody (not a string, empty, or an unknown-author marker such as "[deleted]")."""
    if not isinstance(value, str):
        return None
    handle = value.strip().lstrip("".join(MENTION_SIGNS)).strip()
    if handle in UNKNOWN_AUTHOR_MARKERS:
        return None
    return handle.casefold() if platform in _CASE_BLIND else handle


def unidentified(reason: str) -> str:
    """The import report's note for a post whose creator no field names, and why."""
    return f"{UNIDENTIFIED}: {reason}"
