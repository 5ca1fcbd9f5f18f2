"""An Instagram post's owner where an export names them only in the post's link.

Instagram links a post as `instagram.com/p/<code>/` or, naming its owner's username,
`instagram.com/<username>/p/<code>/` (also `/reel/`, `/tv/`).
"""

from __future__ import annotations

import re

from importers.toolkit.creators import account_handle
from nlp.thread import Platform

# Instagram's own paths that a post link may start with: not usernames.
_NOT_ACCOUNTS = frozenset({"p", "reel", "reels", "tv", "stories", "explore"})
_OWNER_IN_URL = re.compile(r"instagram\.com/([\w.]+)/(?:p|reel|reels|tv)/[\w-]+")


def owner_in_url(url: object) -> str | None:
    """The owner's handle from a post link that names it (`instagram.com/<username>/p/<code>/`);
    None for the plain `instagram.com/p/<code>/` form."""
    match = _OWNER_IN_URL.search(url) if isinstance(url, str) else None
    if match is None or match.group(1).casefold() in _NOT_ACCOUNTS:
        return None
    return account_handle(Platform.INSTAGRAM, match.group(1))
