"""Reading an upload: size limit, media type, compression, and JSON syntax checked up front."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import UploadFile

from app.settings import Settings, get_settings
from importers.payload import Payload, decompress

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
COMPRESSED_TYPES = frozenset({"application/gzip", "application/zstd", "application/octet-stream"})
MULTIPART = "multipart/form-data"
ACCEPTED_TYPES = JSON_TYPES | JSON_LINES_TYPES | OTHER_TYPES | COMPRESSED_TYPES | {MULTIPART}


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than the limit of {limit} bytes")
        self.limit = limit


class UnsupportedMediaType(Exception):
    def __init__(self, media_type: str) -> None:
        accepted = ", ".join(sorted(ACCEPTED_TYPES))
        super().__init__(f"unsupported Content-Type {media_type!r}; send one of: {accepted}")


class EmptyBody(ValueError):
    def __init__(self) -> None:
        super().__init__("the request body is empty")


class MissingFilePart(ValueError):
    def __init__(self) -> None:
        super().__init__("a multipart upload needs exactly one file, in the form field `file`")


def media_type_of(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_file_part(request: Request, limit: int) -> tuple[bytes, str | None, str]:
    """The `file` field of a multipart form: its bytes, file name and declared media type."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    async with request.form(max_files=1, max_fields=8) as form:
        part = form.get("file")
        if not isinstance(part, UploadFile):
            raise MissingFilePart()
        data = await part.read(limit + 1)
        if len(data) > limit:
            raise BodyTooLarge(limit)
        media_type = (part.content_type or "application/octet-stream").split(";")[0].strip()
        return data, part.filename, media_type.lower()


async def read_upload(
    request: Request, settings: Annotated[Settings, Depends(get_settings)]
) -> Payload:
    media_type = media_type_of(request)
    if media_type not in ACCEPTED_TYPES:
        raise UnsupportedMediaType(media_type or "(none)")
    filename = None
    if media_type == MULTIPART:
        raw, filename, media_type = await read_file_part(request, settings.max_body_bytes)
        encoding = None  # a file part is recognised as gzip/zstd by its magic bytes
    else:
        raw = await read_body(request, settings.max_body_bytes)
        encoding = request.headers.get("content-encoding")
    data = decompress(raw, encoding)
    if len(data) > settings.max_body_bytes:
        raise BodyTooLarge(settings.max_body_bytes)
    if not data.strip():
        raise EmptyBody()
    payload = Payload(data, filename=filename, media_type=media_type)
    # Malformed JSON is reported with its line and column rather than as "format not recognised".
    if media_type in JSON_TYPES:
        payload.json()
    elif media_type in JSON_LINES_TYPES:
        payload.json_lines()
    return payload
