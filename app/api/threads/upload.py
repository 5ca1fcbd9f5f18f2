"""Reading an upload: size limit, media type, files and archives, and JSON syntax checked up front.

A request body is one file; a multipart form holds one or more, each in a part named `file`.
Every file is decompressed (gzip, zstd) and an archive (.zip, .tar, .tar.gz, .tar.zst) opened
into its members (`importers/archives.py`), with the size limit applied to the raw upload and
again to every inflated byte. Several files come back as one Payload whose parts are imported
one by one.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import UploadFile

from app.settings import Settings, get_settings
from importers.archives import MAX_FILES, Budget, bundle, open_file
from importers.payload import Payload, SizeLimitExceeded

JSON_TYPES = frozenset({"application/json"})
JSON_LINES_TYPES = frozenset(
    {
        "application/x-ndjson",
        "application/jsonl",
        "application/x-jsonlines",
        "application/json-lines",
    }
)
OTHER_TYPES = frozenset({"text/csv", "text/plain", "application/xml", "text/xml"})
COMPRESSED_TYPES = frozenset(
    {
        "application/gzip",
        "application/zstd",
        "application/octet-stream",
        "application/zip",
        "application/x-zip-compressed",
        "application/x-tar",
    }
)
MULTIPART = "multipart/form-data"
ACCEPTED_TYPES = JSON_TYPES | JSON_LINES_TYPES | OTHER_TYPES | COMPRESSED_TYPES | {MULTIPART}
FILE_FIELD = "file"

# One uploaded file: its bytes, file name, declared media type and Content-Encoding.
Uploaded = tuple[bytes, str | None, str, str | None]


class BodyTooLarge(Exception):
    def __init__(self, limit: int, inflated: bool = False) -> None:
        what = "the upload, decompressed," if inflated else "the request body"
        super().__init__(f"{what} is larger than the limit of {limit} bytes")
        self.limit = limit


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


def _refuse_declared_length(request: Request, limit: int) -> None:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)


async def read_body(request: Request, limit: int) -> bytes:
    _refuse_declared_length(request, limit)
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_file_parts(request: Request, limit: int) -> list[Uploaded]:
    """Every `file` part of a multipart form, in order; `limit` bounds their total size."""
    _refuse_declared_length(request, limit)
    files: list[Uploaded] = []
    left = limit
    async with request.form(max_files=MAX_FILES, max_fields=8) as form:
        misplaced = sorted(
            {key for key, value in form.multi_items() if isinstance(value, UploadFile)}
            - {FILE_FIELD}
        )
        parts = [part for part in form.getlist(FILE_FIELD) if isinstance(part, UploadFile)]
        if misplaced or not parts:
            raise MissingFilePart(misplaced)
        for part in parts:
            data = await part.read(left + 1)
            left -= len(data)
            if left < 0:
                raise BodyTooLarge(limit)
            media_type = (part.content_type or "application/octet-stream").split(";")[0]
            # a file part is recognised as gzip/zstd/an archive by its magic bytes
            files.append((data, part.filename, media_type.strip().lower(), None))
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


async def read_upload(
    request: Request, settings: Annotated[Settings, Depends(get_settings)]
) -> Payload:
    media_type = media_type_of(request)
    if media_type not in ACCEPTED_TYPES:
        raise UnsupportedMediaType(media_type or "(none)")
    limit = settings.max_body_bytes
    if media_type == MULTIPART:
        uploaded = await read_file_parts(request, limit)
    else:
        raw = await read_body(request, limit)
        uploaded = [(raw, None, media_type, request.headers.get("content-encoding"))]
    budget = Budget(limit)
    files: list[Payload] = []
    try:
        for data, name, declared, encoding in uploaded:
            if not data.strip():
                raise EmptyBody(name if media_type == MULTIPART else None)
            files += open_file(data, name, budget, declared, encoding)
    except SizeLimitExceeded as exc:
        raise BodyTooLarge(limit, inflated=True) from exc
    for payload in files:
        check_file(payload)
    return bundle(files)
