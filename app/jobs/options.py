"""An upload's import options (its query parameters) kept with its job, as JSON."""

from __future__ import annotations

from typing import Any

from app.api.threads.params import ImportRequest, OnExisting
from importers.base import ImportOptions


def options_of(request: ImportRequest) -> dict[str, Any]:
    return {
        "format": request.format_name,
        "platform": request.options.platform,
        "external_id": request.options.external_id,
        "creator_handle": request.options.creator_handle,
        "columns": request.options.column_map,
        "tags": list(request.tags),
        "on_existing": request.on_existing.value,
    }


def request_of(options: dict[str, Any]) -> ImportRequest:
    return ImportRequest(
        options["format"],
        ImportOptions(
            column_map=dict(options["columns"]),
            platform=options["platform"],
            external_id=options["external_id"],
            creator_handle=options.get("creator_handle"),  # absent from jobs queued before it
        ),
        tuple(options["tags"]),
        OnExisting(options["on_existing"]),
    )
