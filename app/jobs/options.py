"""An upload's import options (its query parameters) kept with its job, as JSON."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.api.threads.params import ImportRequest, OnExisting
from importers.base import ImportOptions

# The import report's limit note of a thread stored by a job with `text` off.
STRUCTURE_ONLY = (
    "stored without the text step (structure only): text metrics and the score's text "
    "components are unavailable until `parley rescore` measures the thread with text"
)


def options_of(request: ImportRequest, text: bool = True) -> dict[str, Any]:
    return {
        "format": request.format_name,
        "platform": request.options.platform,
        "external_id": request.options.external_id,
        "creator_handle": request.options.creator_handle,
        "columns": request.options.column_map,
        "tags": list(request.tags),
        "on_existing": request.on_existing.value,
        "text": text,
    }


def runs_text_step(options: Mapping[str, Any]) -> bool:
    return bool(options.get("text", True))  # absent from jobs queued before it


def noted_text_step(import_report: Mapping[str, Any], text: bool) -> dict[str, Any]:
    """The report with the structure-only note when `text` is off, without it when on (a
    thread merged again with text is measured with text)."""
    limits = [note for note in import_report.get("limits") or [] if note != STRUCTURE_ONLY]
    return {**import_report, "limits": limits if text else [*limits, STRUCTURE_ONLY]}


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
