"""How comparisons group stored threads, in a module without SQLAlchemy: the `parley report`
parser lists the choices without loading the database layer (db/aggregates.py groups in SQL)."""

from __future__ import annotations

from enum import StrEnum


class GroupBy(StrEnum):
    PLATFORM = "platform"
    TAG = "tag"
    MONTH = "month"
    # A creator account, labelled "<platform>/<creator_handle>" (a handle is unique only within
    # its platform); threads whose creator was not identified belong to no creator group.
    CREATOR = "creator"


def creator_group(platform: str, handle: str) -> str:
    """The group label of a creator account, as db/aggregates.py builds it in SQL."""
    return f"{platform}/{handle}"
