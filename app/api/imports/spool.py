"""An import job's upload, streamed to temporary files as it arrives (never held in memory):
the request body as one file, or each `file` part of a multipart form."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from email.message import Message
from pathlib import PurePosixPath
from typing import IO

from fastapi import Request
from starlette.datastructures import UploadFile

from app.api.threads.upload import (
    ACCEPTED_TYPES,
    FILE_FIELD,
    MULTIPART,
    EmptyBody,
    MissingFilePart,
    UnsupportedMediaType,
    media_type_of,
)

MAX_JOB_FILES = 1000  # file parts of one multipart job upload (an archive holds any number)
IN_MEMORY_BYTES = 1 << 20  # a spooled file moves to disk past this


@dataclass(frozen=True, slots=True)
class SpooledFile:
    file: IO[bytes]
    name: str | None
    media_type: str
    content_encoding: str | None


async def spooled_upload(request: Request) -> AsyncIterator[list[SpooledFile]]:
    media_type = media_type_of(request)
    if media_type not in ACCEPTED_TYPES:
        raise UnsupportedMediaType(media_type or "(none)")
    if media_type == MULTIPART:
        async with request.form(max_files=MAX_JOB_FILES, max_fields=8) as form:
            yield _file_parts(form.multi_items())
        return
    with tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES) as spooled:
        async for chunk in request.stream():
            spooled.write(chunk)
        if spooled.tell() == 0:
            raise EmptyBody()
        spooled.seek(0)
        encoding = request.headers.get("content-encoding")
        yield [SpooledFile(spooled, body_file_name(request), media_type, encoding)]


def body_file_name(request: Request) -> str | None:
    """The file name a raw body's Content-Disposition gives (filename or RFC 5987 filename*),
    so that its threads' reports name their file and a post id may come from it."""
    header = request.headers.get("content-disposition")
    if header is None:
        return None
    message = Message()
    message["content-disposition"] = header
    name = message.get_filename()
    return PurePosixPath(name.replace("\\", "/")).name or None if name else None


def _file_parts(items: list[tuple[str, UploadFile | str]]) -> list[SpooledFile]:
    misplaced = sorted(
        {key for key, value in items if isinstance(value, UploadFile)} - {FILE_FIELD}
    )
    parts = [value for key, value in items if key == FILE_FIELD and isinstance(value, UploadFile)]
    if misplaced or not parts:
        raise MissingFilePart(misplaced)
    files: list[SpooledFile] = []
    for part in parts:
        if part.size == 0:
            raise EmptyBody(part.filename)
        media_type = (part.content_type or "application/octet-stream").split(";")[0]
        files.append(SpooledFile(part.file, part.filename, media_type.strip().lower(), None))
    return files
