"""Query parameters of an upload: the format, overrides, a column mapping and tags."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query

from importers.base import ImportOptions, InvalidInput, Problem
from nlp.thread import Platform

MAX_TAG_LENGTH = 64


@dataclass(frozen=True, slots=True)
class ImportRequest:
    format_name: str | None
    options: ImportOptions
    tags: tuple[str, ...]


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
        Query(max_length=255, description="Post id, for inputs that hold one thread."),
    ] = None,
    columns: Annotated[
        str | None,
        Query(
            description="For format=mapped_columns: which column holds each role, as "
            "`id:…,parent:…,author:…,text:…,time:…,thread:…` (thread optional).",
            examples=["id:comment_id,parent:parent_id,author:user,text:body,time:created"],
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        Query(description="Labels for the imported threads (campaign, creator, dataset…)."),
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
    )
    return ImportRequest(format, options, tags)
