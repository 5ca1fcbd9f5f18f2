"""Several files in one upload, and archives (.zip, .tar, .tar.gz, .tar.zst) imported member by
member, each thread's report naming its file, skipped members said, inflated bytes limited."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
import zstandard
from fastapi.testclient import TestClient

from importers.archives import Budget, open_file
from importers.payload import SizeLimitExceeded
from tests.api.problems import assert_problem

FORMATS = Path(__file__).resolve().parents[2] / "fixtures" / "formats"
CANONICAL = (FORMATS / "canonical" / "two_threads.json").read_bytes()  # 2 threads
CONVOKIT = (FORMATS / "convokit" / "utterances.jsonl").read_bytes()  # 1 thread
APIFY = (FORMATS / "tiktok_apify" / "comments.json").read_bytes()
JUNK = {
    "__MACOSX/export/._comments.json": b"\x00\x05\x16\x07 resource fork",
    "export/.DS_Store": b"\x00\x00\x00\x01Bud1",
    "export/cover.png": b"\x89PNG\r\n\x1a\n",
}
SKIPPED = {
    "__MACOSX/export/._comments.json": "macOS metadata (__MACOSX)",
    "export/.DS_Store": "macOS folder metadata",
    "export/cover.png": "not a comment export (.png file)",
}
EXPORT = {"export/comments.json": CANONICAL, "export/utterances.jsonl": CONVOKIT, **JUNK}


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("export/"), b"")  # a directory entry
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def tar_of(members: dict[str, bytes], compression: str = "") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        archive.addfile(tarfile.TarInfo("export"), None)
        archive.getmember("export").type = tarfile.DIRTYPE
        link = tarfile.TarInfo("export/latest.json")
        link.type, link.linkname = tarfile.SYMTYPE, "comments.json"
        archive.addfile(link)
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    data = buffer.getvalue()
    if compression == "gz":
        return gzip.compress(data)
    if compression == "zst":
        return zstandard.ZstdCompressor().compress(data)
    return data


ARCHIVES = {
    "export.zip": lambda members: zip_of(members),
    "export.tar": lambda members: tar_of(members),
    "export.tar.gz": lambda members: tar_of(members, "gz"),
    "export.tar.zst": lambda members: tar_of(members, "zst"),
}


def upload(client: TestClient, *files: tuple[str, bytes], status: int = 201) -> Any:
    parts = [("file", (name, data, "application/octet-stream")) for name, data in files]
    response = client.post("/v1/threads", files=parts)
    if status != 201:
        return assert_problem(response, status)
    assert response.status_code == 201, response.text
    return response.json()["threads"]


def reports_by_post(threads: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {thread["external_id"]: thread["import_report"] for thread in threads}


@pytest.mark.parametrize("name", list(ARCHIVES))
def test_archive_members_are_imported_one_by_one(client: TestClient, name: str) -> None:
    threads = upload(client, (name, ARCHIVES[name](EXPORT)))
    reports = reports_by_post(threads)
    assert {post: r["source_file"] for post, r in reports.items()} == {
        "C0ffee123": f"{name}:export/comments.json",
        "100200300_400500600": f"{name}:export/comments.json",
        "t3_post1": f"{name}:export/utterances.jsonl",
    }
    assert reports["t3_post1"]["format"] == "convokit"
    for report in reports.values():
        for member, reason in SKIPPED.items():
            assert f"{name}: skipped {member} ({reason})" in report["limits"]
    if name != "export.zip":
        link = f"{name}: skipped export/latest.json (not a regular file (a link or a device))"
        assert link in reports["t3_post1"]["limits"]
    stored = client.get(f"/v1/threads/{threads[0]['id']}").json()
    assert stored["import_report"]["source_file"].startswith(f"{name}:export/")


def test_several_file_parts_are_imported_each_with_its_name(client: TestClient) -> None:
    threads = upload(
        client, ("comments.json", APIFY), ("two.json", CANONICAL), ("talk.jsonl", CONVOKIT)
    )
    files = {thread["import_report"]["source_file"] for thread in threads}
    assert files == {"comments.json", "two.json", "talk.jsonl"}
    formats = {t["import_report"]["source_file"]: t["source_format"] for t in threads}
    assert formats == {
        "comments.json": "tiktok_apify",
        "two.json": "canonical",
        "talk.jsonl": "convokit",
    }
    assert len(client.get("/v1/threads").json()["items"]) == len(threads)


def test_files_and_archives_mix(client: TestClient) -> None:
    threads = upload(
        client, ("talk.jsonl", CONVOKIT), ("more.zip", zip_of({"two.json": CANONICAL}))
    )
    files = sorted(thread["import_report"]["source_file"] for thread in threads)
    assert files == ["more.zip:two.json", "more.zip:two.json", "talk.jsonl"]


def test_an_archive_sent_as_the_body(client: TestClient) -> None:
    for media_type in ("application/zip", "application/octet-stream"):
        response = client.post(
            "/v1/threads",
            content=zip_of({"data/two.json": CANONICAL}),
            headers={"content-type": media_type},
        )
        assert response.status_code == 201, response.text
        files = {t["import_report"]["source_file"] for t in response.json()["threads"]}
        assert files == {"data/two.json"}  # no archive name: the member's path


def test_compressed_members_are_decompressed(client: TestClient) -> None:
    members = {
        "two.json.gz": gzip.compress(CANONICAL),
        "talk.jsonl.zst": zstandard.compress(CONVOKIT),
    }
    threads = upload(client, ("packed.tar", tar_of(members)))
    assert len(threads) == 3
    assert {t["import_report"]["source_file"] for t in threads} == {
        "packed.tar:two.json.gz",
        "packed.tar:talk.jsonl.zst",
    }


def test_an_archive_inside_the_archive_is_skipped_and_said(client: TestClient) -> None:
    inner = zip_of({"two.json": CANONICAL})
    [thread] = upload(client, ("outer.zip", zip_of({"talk.jsonl": CONVOKIT, "inner.zip": inner})))
    limits = thread["import_report"]["limits"]
    assert "outer.zip: skipped inner.zip (an archive inside the archive is not opened)" in limits


def test_an_archive_with_nothing_to_import_names_what_it_skipped(client: TestClient) -> None:
    body = upload(client, ("junk.zip", zip_of(JUNK)), status=400)
    assert body["detail"].startswith("junk.zip holds no file to import")
    for member, reason in SKIPPED.items():
        assert f"{member} ({reason})" in body["detail"]


def test_a_member_holding_no_records_is_skipped_and_said(client: TestClient) -> None:
    [thread] = upload(client, ("posts.zip", zip_of({"talk.jsonl": CONVOKIT, "empty.json": b"[]"})))
    limits = thread["import_report"]["limits"]
    assert (
        "posts.zip: skipped empty.json (holds no records: blank or an empty JSON array)" in limits
    )


def test_a_member_in_no_known_format_is_named_and_nothing_is_stored(client: TestClient) -> None:
    members = {"two.json": CANONICAL, "notes.csv": b"when,what\n2024,hello\n"}
    body = upload(client, ("export.zip", zip_of(members)), status=422)
    assert body["detail"].startswith("export.zip:notes.csv: the input's format was not recognised")
    assert client.get("/v1/threads").json()["items"] == []


def test_inflated_bytes_over_the_limit_are_refused(client: TestClient) -> None:
    # The test client's limit is 64 KiB; these bodies are a few KiB until inflated.
    padded = b"[" + b" " * 4_000_000 + CANONICAL[1:]
    for name, data in (
        ("bomb.zip", zip_of({"two.json": padded})),
        ("bomb.tar.gz", tar_of({"two.json": padded}, "gz")),
        ("bomb.json.gz", gzip.compress(padded)),
    ):
        assert len(data) < 64 * 1024
        body = upload(client, (name, data), status=413)
        assert "decompressed" in body["detail"], name
    # Several files share one limit.
    half = CANONICAL + b" " * (40 * 1024)
    upload(
        client, ("a.json.gz", gzip.compress(half)), ("b.json.gz", gzip.compress(half)), status=413
    )


def test_a_member_is_never_inflated_whole_before_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    inflated = 0
    real_read = zipfile.ZipExtFile.read

    def counting_read(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        nonlocal inflated
        chunk = real_read(self, n)
        inflated += len(chunk)
        return chunk

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    bomb = zip_of({"zeros.json": b"0" * 50_000_000})
    with pytest.raises(SizeLimitExceeded):
        open_file(bomb, "bomb.zip", Budget(10_000))
    assert inflated <= 2 * 1024 * 1024  # one or two chunks, not 50 MB


def test_empty_files_and_misnamed_fields_are_refused(client: TestClient) -> None:
    body = upload(client, ("two.json", CANONICAL), ("empty.json", b"  \n"), status=400)
    assert body["detail"] == "empty.json is empty"
    response = client.post(
        "/v1/threads", files=[("upload", ("two.json", CANONICAL, "application/json"))]
    )
    assert "'upload'" in assert_problem(response, 400)["detail"]
