"""Query parameters of an upload: the format, overrides, a column mapping, tags, and what to do
with a post already stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query

from app.api.threads.on_existing import OnExisting as OnExisting
from importers.base import ImportOptions, InvalidInput, Problem
from importers.toolkit.identity import creator_override
from importers.toolkit.values import MAX_KEY_LENGTH
from nlp.thread import Platform

# Stored tags and post ids are index keys: the one limit is the importers' (PostgreSQL indexes).
MAX_TAG_LENGTH = MAX_KEY_LENGTH


ON_EXISTING_DESCRIPTION = (
    "What to do with a post already stored: `merge` (default) adds the new comments to it (a "
    "comment sent again takes this upload's values; tags accumulate) and measures the union; "
    "`replace` makes this upload the thread; `reject` refuses the upload with 409. The thread "
    "keeps its id either way."
)
CREATOR_HANDLE_DESCRIPTION = (
    "The account that owns every post of the upload (its @handle, YouTube channel id or "
    "Facebook page), for exports that do not name it or name it wrong; it overrides the input's, "
    "as `platform` does. Kept as each thread's platform keeps handles: without a leading @, in "
    "lower case on TikTok, Instagram, X and Reddit. The commenter whose id or name is that "
    "account becomes the thread's `creator`, unless the input gave this account's author id."
)
COLUMNS_DESCRIPTION = (
    "For format=mapped_columns: which column holds each role, as role:column pairs separated "
    "by commas. Required: `id:…`, `parent:…`, `author:…`, `text:…`, `time:…`; optional: "
    "`thread:…` (the post of each row; without it the file is one thread), `likes:…`, "
    "`author_name:…`, `creator:…` (the post owner's account, overridden by `creator_handle`)."
)


@dataclass(frozen=True, slots=True)
class ImportRequest:
    format_name: str | None
    options: ImportOptions
    tags: tuple[str, ...]
    on_existing: OnExisting = OnExisting.MERGE


def parse_column_map(text: str) -> dict[str, str]:
    """`id:comment_id,parent:parent_id,…` → {"id": "comment_id", "parent": "parent_id", …}."""
    mapping: dict[str, str] = {}
    for pair in text.split(","):
        key, separator, column = pair.partition(":")
        if not separator or not key.strip() or not column.strip():
            raise InvalidInput(
                f"columns: {pair.strip()!r} is not of the form role:column",
                [Problem(("query", "columns"), "expected role:column pairs separated by commas")],
            )
        mapping[key.strip()] = column.strip()
    return mapping


def import_request(
    format: Annotated[
        str | None,
        Query(description="Input format name; detected from the structure when absent."),
    ] = None,
    platform: Annotated[
        Platform | None, Query(description="Platform of the threads, overriding the input's.")
    ] = None,
    external_id: Annotated[
        str | None,
        Query(max_length=MAX_KEY_LENGTH, description="Post id, for inputs that hold one thread."),
    ] = None,
    columns: Annotated[
        str | None,
        Query(
            description=COLUMNS_DESCRIPTION,
            examples=["id:comment_id,parent:parent_id,author:user,text:body,time:created"],
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        Query(description="Labels for the imported threads (campaign, creator, dataset…)."),
    ] = None,
    on_existing: Annotated[
        OnExisting, Query(description=ON_EXISTING_DESCRIPTION)
    ] = OnExisting.MERGE,
    creator_handle: Annotated[
        str | None,
        Query(description=CREATOR_HANDLE_DESCRIPTION, examples=["@some.brand"]),
    ] = None,
) -> ImportRequest:
    tags = tuple(sorted({t.strip() for t in tag or [] if t.strip()}))
    too_long = [t for t in tags if len(t) > MAX_TAG_LENGTH]
    if too_long:
        raise InvalidInput(
            f"tags longer than {MAX_TAG_LENGTH} characters: {too_long}",
            [Problem(("query", "tag"), f"at most {MAX_TAG_LENGTH} characters")],
        )
    options = ImportOptions(
        column_map=parse_column_map(columns) if columns else {},
        platform=platform.value if platform else None,
        external_id=external_id,
        creator_handle=creator_handle,
    )
    creator_override(options)  # a bad value is refused with the request, not by each parse
    return ImportRequest(format, options, tags, on_existing)


# The listing's thread filters, shared with the table exports (app/api/exports/params.py).
PlatformFilter = Annotated[Platform | None, Query(description="Only threads on this platform.")]
TagFilter = Annotated[
    list[str] | None, Query(description="Only threads carrying this tag (repeat: every tag).")
]
