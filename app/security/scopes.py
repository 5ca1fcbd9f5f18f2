"""The scopes an API key may hold: what each lets a client do. Declared once, here.

Every protected operation names the one scope it needs in its route decorator
(`dependencies=[requires(Scope.…)]`, app/security/access.py). Managing keys needs the master key
itself: no scope grants it, so a leaked key cannot mint others.
"""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    AGGREGATES_READ = "aggregates:read"
    COMMENTS_READ = "comments:read"
    THREADS_WRITE = "threads:write"
    THREADS_DELETE = "threads:delete"

    @property
    def description(self) -> str:
        return SCOPE_DESCRIPTIONS[self]


SCOPE_DESCRIPTIONS: dict[Scope, str] = {
    Scope.AGGREGATES_READ: "read threads' metrics and the comparisons across them "
    "(thread listing and metrics, platforms, tags, compare, report)",
    Scope.COMMENTS_READ: "read what people wrote and who wrote it "
    "(comments, exchanges, conversations: texts and authors)",
    Scope.THREADS_WRITE: "upload comment exports (create, merge or replace threads)",
    Scope.THREADS_DELETE: "delete stored threads",
}

# The x-parley-scope of an operation only the master key may call.
MASTER_ONLY = "master"
