"""How comparisons group stored threads, in a module without SQLAlchemy: the `parley report`
parser lists the choices without loading the database layer (db/aggregates.py groups in SQL)."""

from __future__ import annotations

from enum import StrEnum


class GroupBy(StrEnum):
    PLATFORM = "platform"
    TAG = "tag"
    MONTH = "month"
