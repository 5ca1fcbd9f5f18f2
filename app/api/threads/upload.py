"""Reading an upload: media type, files and archives, the inflated size, and JSON syntax.

A request body is one file; a multipart form holds one or more, each in a part named `file`.
The raw body is capped and timed while it streams (app/limits/body.py), so what arrives here is
within the size limit. Every file is decompressed (gzip, zstd) and an archive (.zip, .tar,
.tar.gz, .tar.zst) opened into its members (`importers/archives.py`), the limit applied again to
every inflated byte as it is produced; that work and the JSON checks run in a worker thread, not
on the event loop. Several files come back as one Payload whose parts are imported one by one.

The media types accepted are the ones the OpenAPI spec declares, which app/openapi.py builds
from UPLOAD_TYPES: never text/plain (nor any type a browser may send cross-site without asking
first except multipart/form-data, which is how files are sent).
"""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from app.current_settings import current_settings
from app.limits.exceptions import BodyTooLarge
from app.settings import Settings
from importers.archives import MAX_FILES, Budget, bundle, open_file
from importers.payload import Payload, SizeLimitExceeded

MULTIPART = "multipart/form-data"
JSON_TYPES = frozenset({"application/json"})
JSON_LINES_TYPES = frozenset(
    {
        "application/x-ndjson",
        "application/jsonl",
        "application/x-jsonlines",
        "application/json-lines",
    }
)
# The other accepted media types, by what their bytes are, and what each carries (the spec's
# descriptions); JSON itself is described by the canonical schema, multipart by its parts.
TEXT_TYPES: dict[str, str] = {
    **dict.fromkeys(sorted(JSON_LINES_TYPES), "JSON Lines: one JSON object per line"),
    "text/csv": "a CSV export (e.g. 4CAT, YouTube Data Tools, Facepager, mapped columns)",
    "text/tab-separated-values": "a tab-separated export (YouTube Data Tools)",
    "application/xml": "youtube_discussion_tree XML",
    "text/xml": "youtube_discussion_tree XML",
}
BINARY_TYPES: dict[str, str] = {
    "application/gzip": "a gzip-compressed export, or a .tar.gz of exports",
    "application/zstd": "a zstd-compressed export, or a .tar.zst of exports",
    "application/octet-stream": "any export, compressed (gzip, zstd) or archived",
    "application/zip": "a .zip of exports",
    "application/x-zip-compressed": "a .zip of exports",
    "application/x-tar": "a .tar of exports",
}
ACCEPTED_TYPES = frozenset({*JSON_TYPES, *TEXT_TYPES, *BINARY_TYPES, MULTIPART})
FILE_FIELD = "file"

# One uploaded file: its bytes, file name, declared media type and Content-Encoding.
Uploaded = tuple[bytes, str | None, str, str | None]


class UnsupportedMediaType(Exception):
    def __init__(self, media_type: str) -> None:
        accepted = ", ".join(sorted(ACCEPTED_TYPES))
        super().__init__(f"unsupported Content-Type {media_type!r}; send one of: {accepted}")


class EmptyBody(ValueError):
    def __init__(self, name: str | None = None) -> None:
        super().__init__("the request body is empty" if name is None else f"{name} is empty")


class MissingFilePart(ValueError):
    def __init__(self, misplaced: list[str] | None = None) -> None:
        message = f"a multipart upload sends its files in form fields named `{FILE_FIELD}`"
        if misplaced:
            message += f"; found files in {', '.join(repr(name) for name in misplaced)}"
        super().__init__(message)


def media_type_of(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def read_body(request: Request) -> bytes:
    buffer = io.BytesIO()  # hands over its bytes without a second copy
    async for chunk in request.stream():
        buffer.write(chunk)
    return buffer.getvalue()


async def read_file_parts(request: Request) -> list[Uploaded]:
    """Every `file` part of a multipart form, in order."""
    files: list[Uploaded] = []
    async with request.form(max_files=MAX_FILES, max_fields=8) as form:
        misplaced = sorted(
            {key for key, value in form.multi_items() if isinstance(value, UploadFile)}
            - {FILE_FIELD}
        )
        parts = [part for part in form.getlist(FILE_FIELD) if isinstance(part, UploadFile)]
        if misplaced or not parts:
            raise MissingFilePart(misplaced)
        for part in parts:
            media_type = (part.content_type or "application/octet-stream").split(";")[0]
            # a file part is recognised as gzip/zstd/an archive by its magic bytes
            files.append((await part.read(), part.filename, media_type.strip().lower(), None))
    return files


def check_file(payload: Payload) -> None:
    """Refuse an empty file, JSON nested too deep, and malformed JSON declared as JSON (with
    its line and column; a body declared JSON that is JSON Lines, or the reverse, is fine)."""
    if not payload.data.strip():
        raise EmptyBody(payload.name)
    too_deep = payload.depth_error()
    if too_deep is not None:
        raise too_deep
    if payload.media_type in JSON_TYPES | JSON_LINES_TYPES:
        malformed = payload.json_error()
        if malformed is not None:
            raise malformed


def open_upload(uploaded: list[Uploaded], limit: int, multipart: bool) -> Payload:
    """The files of an upload decompressed, opened and checked (CPU work: run in a thread)."""
    budget = Budget(limit)
    files: list[Payload] = []
    try:
        for data, name, declared, encoding in uploaded:
            if not data.strip():
                raise EmptyBody(name if multipart else None)
            files += open_file(data, name, budget, declared, encoding)
    except SizeLimitExceeded as exc:
        raise BodyTooLarge(limit, inflated=True) from exc
    for payload in files:
        check_file(payload)
    return bundle(files)


async def read_upload(
    request: Request, settings: Annotated[Settings, Depends(current_settings)]
) -> Payload:
    media_type = media_type_of(request)
    if media_type not in ACCEPTED_TYPES:
        raise UnsupportedMediaType(media_type or "(none)")
    multipart = media_type == MULTIPART
    if multipart:
        uploaded = await read_file_parts(request)
    else:
        raw = await read_body(request)
        uploaded = [(raw, None, media_type, request.headers.get("content-encoding"))]
    return await run_in_threadpool(open_upload, uploaded, settings.max_body_bytes, multipart)
