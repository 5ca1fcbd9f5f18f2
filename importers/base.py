"""The contract every importer module follows, and the report it hands back.

An importer module exposes one `FORMAT: ImportFormat`: a name, a `detect` that looks only at the
structure of the input, and a `parse` that turns it into canonical threads plus an honest report of
what could not be used. Importers are pure: bytes in, dataclasses out, no I/O of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from importers.payload import Payload
from nlp.thread import Thread

Location = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: where (`loc`, e.g. ("line", 3, "reply_to")) and what."""

    loc: Location
    msg: str


class InvalidInput(Exception):
    """The input cannot be imported as it is; nothing of it may be stored."""

    def __init__(self, detail: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(detail)
        self.detail = detail
        self.problems = tuple(problems)


class UnknownFormat(InvalidInput):
    """No importer recognised the input, or more than one did."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportReport:
    """What a careful researcher needs to trust an imported thread."""

    format: str
    rows_read: int
    comments_kept: int
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> rows
    announced_replies: int | None = None  # what the source said exists (totalReplyCount, …)
    received_replies: int | None = None  # replies actually present in the input
    missing_comments: int = 0  # placeholders for comments not fetched (Reddit "more" stubs)
    retargeted: dict[str, int] = field(default_factory=dict)  # reply_to_method -> replies
    limits: tuple[str, ...] = ()  # known limits of the source, in plain words
    # NUL characters (U+0000) replaced by U+FFFD in the thread's texts, ids, names and tags:
    # PostgreSQL cannot store them in text.
    replaced_nul_characters: int = 0
    # The file the thread came from ("export.zip:comments.json" for an archive member).
    source_file: str | None = None


@dataclass(frozen=True, slots=True)
class ImportedThread:
    thread: Thread
    report: ImportReport


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """Request-level hints: a column mapping for generic CSV/JSON Lines, or overrides."""

    column_map: dict[str, str] = field(default_factory=dict)
    platform: str | None = None
    external_id: str | None = None
    # The account owning every post of the upload, as sent: normalised per thread's platform.
    creator_handle: str | None = None


@dataclass(frozen=True, slots=True)
class ImportFormat:
    name: str
    description: str
    detect: Callable[[Payload], bool]
    parse: Callable[[Payload, ImportOptions], list[ImportedThread]]
    # True for platforms that flatten reply chains: their replies get @mention re-targeting
    flattened: bool = False
    # For formats whose records (JSON Lines lines, or items of a top-level array) can be imported
    # post by post: the post one record belongs to, or None when it names none (such records
    # travel with the file's first post, as rows a format cannot place are charged to its first
    # thread). A key may gather records of several threads (`parse` still tells them apart) but
    # must never split records that `parse` would put in one thread. Files too large to read
    # whole are read post by post only in formats that declare it (app/jobs/reading.py).
    post_key: Callable[[Any], str | None] | None = None
