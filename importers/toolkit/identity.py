"""Who a thread is: its platform and its post's external id, as the request, the input or the
file name says."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from importers.base import ImportedThread, ImportOptions, InvalidInput, Problem
from nlp.thread import Platform

UNKNOWN_ID = "unknown"


def platform_override(options: ImportOptions) -> Platform | None:
    """The platform the request names, or None; InvalidInput when it names no known platform."""
    if options.platform is None:
        return None
    try:
        return Platform(options.platform)
    except ValueError:
        known = ", ".join(p.value for p in Platform)
        raise InvalidInput(
            f"unknown platform {options.platform!r}",
            [Problem(("query", "platform"), f"must be one of: {known}")],
        ) from None


class IdSource(StrEnum):
    """Where a thread's external id came from, most trusted first."""

    REQUEST = "request"  # ImportOptions.external_id
    INPUT = "input"  # the export names its post
    FILE_NAME = "file name"
    NOWHERE = "nowhere"


@dataclass(frozen=True, slots=True)
class ExternalId:
    value: str
    source: IdSource

    def limit(self, thing: str = "post") -> str | None:
        """The report line saying the id was guessed (`thing`: "post", "video"…), else None."""
        if self.source is IdSource.FILE_NAME:
            return (
                f"the input does not name its {thing}: external_id is the file name {self.value!r}"
            )
        if self.source is IdSource.NOWHERE:
            return (
                f"the input does not name its {thing} and came without a file name: external_id "
                f"is {UNKNOWN_ID!r} (pass external_id to set it)"
            )
        return None


def external_id_for(
    options: ImportOptions, named_by_input: str | None, filename: str | None
) -> ExternalId:
    """The post's id: the request's override, else the input's, else the file name, else unknown."""
    if options.external_id is not None:
        return ExternalId(options.external_id, IdSource.REQUEST)
    if named_by_input:
        return ExternalId(named_by_input, IdSource.INPUT)
    return fallback_external_id(filename)


def fallback_external_id(filename: str | None) -> ExternalId:
    """The id of a post neither the request nor the input names: the file name, else unknown."""
    stem = file_stem(filename)
    if stem:
        return ExternalId(stem, IdSource.FILE_NAME)
    return ExternalId(UNKNOWN_ID, IdSource.NOWHERE)


def file_stem(filename: str | None) -> str | None:
    """ "uploads/dQw4w9WgXcQ.json.gz" -> "dQw4w9WgXcQ": the base name up to its first dot.

    Everything after the first dot is taken for extensions (".csv.gz"); post ids have no dots.
    """
    if not filename:
        return None
    return re.split(r"[\\/]", filename)[-1].split(".", 1)[0] or None


def apply_external_id(
    threads: list[ImportedThread], options: ImportOptions, posts: str = "threads"
) -> list[ImportedThread]:
    """Honour the request's external_id, which can only name an upload holding one thread.

    `posts` names what the threads are in the refusal ("videos"…).
    """
    if options.external_id is None:
        return threads
    if len(threads) != 1:
        held = ", ".join(imported.thread.external_id for imported in threads[:5])
        raise InvalidInput(
            f"external_id {options.external_id!r} was given, but the upload holds "
            f"{len(threads)} {posts} ({held}{', …' if len(threads) > 5 else ''})",
            [Problem(("query", "external_id"), "only allowed when the upload holds one thread")],
        )
    imported = threads[0]
    thread = replace(imported.thread, external_id=options.external_id)
    return [replace(imported, thread=thread)]
