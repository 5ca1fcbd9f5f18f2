"""`parley import --server`: send the files to a Parley server's /v1/imports, streamed from disk,
and follow the job it creates over HTTP."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from typing import Any
from urllib.parse import quote

import httpx

from app.api.imports import IMPORTS_PATH
from app.api.imports.schemas import ImportJobOut
from app.api.schemas import ProblemDetail
from app.cli.import_files import CountedFile, ExportFile

CHUNK_BYTES = 1 << 16
# Polls and cancels answer at once; an upload's answer waits for the server to store the files.
TIMEOUT = httpx.Timeout(30.0)
UPLOAD_TIMEOUT = httpx.Timeout(30.0, read=None)


class ServerUnreachable(Exception):
    def __init__(self, server: str, cause: httpx.TransportError, job: str | None = None) -> None:
        reason = str(cause) or cause.__class__.__name__
        goes_on = "" if job is None else f"; the job goes on there: follow it at {job}"
        super().__init__(f"cannot reach the Parley server at {server}: {reason}{goes_on}")


class ServerRefused(Exception):
    """The server answered with an error: its problem details, or what is known of the answer."""

    def __init__(self, action: str, response: httpx.Response) -> None:
        self.problem = _problem(response)
        super().__init__(f"{action}: {response.status_code} {self.problem.title}")


def submit(
    server: str,
    api_key: str | None,
    files: Sequence[ExportFile],
    params: list[tuple[str, str]],
    on_sent: Callable[[int], None],
) -> RemoteJob:
    """POST the files to the server as one job (the raw body for one file, multipart for
    several), never holding a file in memory; the job to follow."""
    headers = {} if api_key is None else {"Authorization": f"Bearer {api_key}"}
    client = httpx.Client(base_url=server, headers=headers, timeout=TIMEOUT)
    try:
        with ExitStack() as opened:
            readers = [opened.enter_context(CountedFile(f.path, on_sent)) for f in files]
            response = _post(client, server, files, readers, params)
        if response.status_code != 202:
            raise ServerRefused("the server refused the upload", response)
        job = ImportJobOut.model_validate(response.json())
        location = str(response.url.join(response.headers.get("location", "")))
        return RemoteJob(client, server, job, location)
    except BaseException:
        client.close()
        raise


def _post(
    client: httpx.Client,
    server: str,
    files: Sequence[ExportFile],
    readers: list[CountedFile],
    params: list[tuple[str, str]],
) -> httpx.Response:
    try:
        if len(files) == 1:
            [file], [reader] = files, readers
            # Content-Length given: the body streams from disk without chunked encoding.
            headers = {
                "Content-Type": file.media_type,
                "Content-Length": str(file.size),
                "Content-Disposition": content_disposition(file.name),
            }
            return client.post(
                IMPORTS_PATH,
                params=tuple(params),
                content=_chunks(reader),
                headers=headers,
                timeout=UPLOAD_TIMEOUT,
            )
        parts = [("file", (f.name, r, f.media_type)) for f, r in zip(files, readers, strict=True)]
        return client.post(IMPORTS_PATH, params=tuple(params), files=parts, timeout=UPLOAD_TIMEOUT)
    except httpx.TransportError as exc:
        raise ServerUnreachable(server, exc) from exc


def content_disposition(name: str) -> str:
    """The file's name for the server (RFC 6266; filename* carries any character)."""
    return f"attachment; filename*=UTF-8''{quote(name, safe='')}"


def _chunks(file: CountedFile) -> Iterator[bytes]:
    while chunk := file.read(CHUNK_BYTES):
        yield chunk


class RemoteJob:
    """A job on the server, followed over HTTP (its client closed when the block ends)."""

    def __init__(self, client: httpx.Client, server: str, job: ImportJobOut, location: str):
        self.client = client
        self.server = server
        self.submitted = job
        self.job_id = job.id
        self.location = location

    def __enter__(self) -> RemoteJob:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def stopped(self) -> str | None:
        return None  # the server's workers keep it going; its status says when it ends

    def poll(self) -> ImportJobOut:
        response = self._call("GET", f"{IMPORTS_PATH}/{self.job_id}")
        if response.status_code != 200:
            raise ServerRefused(f"following import job {self.job_id}", response)
        return ImportJobOut.model_validate(response.json())

    def wait(self, seconds: float) -> None:
        time.sleep(seconds)

    def cancel(self) -> None:
        response = self._call("DELETE", f"{IMPORTS_PATH}/{self.job_id}")
        if response.status_code not in (202, 409):  # 409: it has finished meanwhile
            raise ServerRefused(f"cancelling import job {self.job_id}", response)

    def _call(self, method: str, path: str, params: dict[str, Any] | None = None) -> httpx.Response:
        try:
            return self.client.request(method, path, params=params)
        except httpx.TransportError as exc:
            raise ServerUnreachable(self.server, exc, self.location) from exc


def _problem(response: httpx.Response) -> ProblemDetail:
    try:
        return ProblemDetail.model_validate(response.json())
    except ValueError:  # not problem details: a proxy's page, say
        title = response.reason_phrase or "error"
        detail = response.text.strip()[:300] or f"{response.status_code} {title}"
        return ProblemDetail(
            type="about:blank", title=title, status=response.status_code, detail=detail
        )
