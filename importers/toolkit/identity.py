"""Who a thread is: its platform and its post's external id, as the request, the input or the
file name says."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from importers.base import ImportedThread, ImportOptions, InvalidInput, Problem
from importers.toolkit.creators import requested_handle_problem
from nlp.thread import Platform

_SHOWN_LENGTH = 40  # characters of a refused value quoted back


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


def creator_override(options: ImportOptions) -> str | None:
    """The account the request names as the creator of every post, as sent (each thread's
    platform normalises it), or None; InvalidInput when it cannot be stored as a handle."""
    value = options.creator_handle
    if value is None:
        return None
    problem = requested_handle_problem(value)
    if problem is None:
        return value
    shown = value if len(value) <= _SHOWN_LENGTH else value[:_SHOWN_LENGTH] + "…"
    raise InvalidInput(
        f"creator_handle {shown!r} {problem}", [Problem(("query", "creator_handle"), problem)]
    )


# The id of a post nothing names. Never stored: uploads holding such a thread are refused
# (`require_external_ids`), as a shared placeholder would merge unrelated posts.
NO_ID = ""


class IdSource(StrEnum):
    """Where a thread's external id came from, most trusted first."""

    REQUEST = "request"  # ImportOptions.external_id
    INPUT = "input"  # the export names its post
    FILE_NAME = "file name"
    NOWHERE = "nowhere"  # nothing names it: NO_ID


class MissingExternalId(InvalidInput):
    """Nothing names the post of some of the upload's comments: not the request, not the input,
    not a file name. Parley never invents a post id, so the upload is refused."""

    def __init__(self) -> None:
        super().__init__(
            "the upload does not say which post its comments belong to (the data names no post "
            "and it came without a file name): pass the post's id as ?external_id=",
            [Problem(("query", "external_id"), "required: the input does not name its post")],
        )


@dataclass(frozen=True, slots=True)
class ExternalId:
    value: str  # NO_ID when nothing names the post
    source: IdSource

    def limit(self, thing: str = "post") -> str | None:
        """The report line saying the id was guessed (`thing`: "post", "video"…), else None."""
        if self.source is IdSource.FILE_NAME:
            return (
                f"the input does not name its {thing}: external_id is the file name {self.value!r}"
            )
        if self.source is IdSource.NOWHERE:
            return (
                f"the input does not name its {thing} and came without a file name: it has no "
                "external_id (pass external_id to set it; uploads are refused without one)"
            )
        return None


def external_id_for(
    options: ImportOptions, named_by_input: str | None, filename: str | None
) -> ExternalId:
    """The post's id: the request's override, else the input's, else the file name, else NO_ID."""
    if options.external_id is not None:
        return ExternalId(options.external_id, IdSource.REQUEST)
    if named_by_input:
        return ExternalId(named_by_input, IdSource.INPUT)
    return fallback_external_id(filename)


def fallback_external_id(filename: str | None) -> ExternalId:
    """The id of a post neither the request nor the input names: the file name, else NO_ID."""
    stem = file_stem(filename)
    if stem:
        return ExternalId(stem, IdSource.FILE_NAME)
    return ExternalId(NO_ID, IdSource.NOWHERE)


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


def require_external_ids(threads: list[ImportedThread]) -> None:
    """MissingExternalId when a thread's post is not named (NO_ID): checked before storing, after
    the format has reported every fault of the input itself."""
    if any(imported.thread.external_id == NO_ID for imported in threads):
        raise MissingExternalId()
