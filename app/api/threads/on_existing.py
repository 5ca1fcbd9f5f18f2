"""What an upload does to a post already stored: its own module, so that the CLI can offer the
choices without loading the web framework."""

from __future__ import annotations

from enum import StrEnum


class OnExisting(StrEnum):
    """What an upload does to a post (platform, external_id) that is already stored."""

    MERGE = "merge"  # add the new comments; a comment sent again takes the new values
    REPLACE = "replace"  # the upload becomes the thread (its id is kept)
    REJECT = "reject"  # refuse the upload (409)
