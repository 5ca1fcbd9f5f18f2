"""The Python client openapi-python-client generates from Parley's spec works: generated into a
temporary folder from a live `parley serve`'s /openapi.json (no internet), it uploads threads,
lists them and compares platforms, its models and enums as the spec types them (docs/client.md
shows the same calls)."""

from __future__ import annotations

import csv
import importlib
import io
import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from bench.serve import LiveServer, serve_on_sqlite
from tests.api.bodies import chain

pytest.importorskip("openapi_python_client", reason="openapi-python-client is not installed")
GENERATOR = Path(sys.executable).parent / "openapi-python-client"
PACKAGE = "parley_client"
# No formatting hook: the generated code is imported, not read.
CONFIG = "post_hooks: []\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve_on_sqlite(tmp_path_factory.mktemp("served")) as served:
        yield served


@pytest.fixture(scope="module")
def generated(server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The client package's name, importable from its temporary folder."""
    folder = tmp_path_factory.mktemp("client")
    spec = folder / "openapi.json"
    with urllib.request.urlopen(f"{server.base}/openapi.json", timeout=30) as answer:
        spec.write_bytes(answer.read())
    (folder / "config.yml").write_text(CONFIG)
    command = [str(GENERATOR), "generate", "--path", str(spec), "--config", "config.yml"]
    command += ["--meta", "none", "--output-path", PACKAGE]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    sys.path.insert(0, str(folder))
    try:
        yield PACKAGE
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def module(package: str, name: str) -> ModuleType:
    return importlib.import_module(f"{package}.{name}")


def comments_csv(length: int) -> bytes:
    """c0 ← c1 ← … by alternating authors u0/u1, as a CSV with columns of its own names."""
    text = io.StringIO()
    rows = csv.writer(text)
    rows.writerow(["cid", "parent", "who", "body", "when", "post"])
    for i in range(length):
        parent = f"c{i - 1}" if i else ""
        rows.writerow([f"c{i}", parent, f"u{i % 2}", "text", f"2024-05-01T10:{i:02d}:00Z", "t1"])
    return text.getvalue().encode()


def test_upload_list_and_compare_with_the_generated_client(
    server: LiveServer, generated: str
) -> None:
    client = module(generated, "client").Client(
        base_url=server.base, raise_on_unexpected_status=True
    )
    models = module(generated, "models")
    create_thread = module(generated, "api.threads.create_thread")
    list_threads = module(generated, "api.threads.list_threads")
    compare_groups = module(generated, "api.compare.compare_groups")
    types = module(generated, "types")

    # A canonical thread, built from the generated model: 6 comments, 5 of them replies.
    thread = models.CanonicalThread.from_dict(chain("y1", "youtube", 6))
    created = create_thread.sync(client=client, body=thread)
    assert isinstance(created, models.ThreadsCreated)
    (youtube,) = created.items
    assert youtube.outcome.value == "created"
    assert youtube.metrics.reply_share == pytest.approx(5 / 6)
    assert [t.id for t in created.threads] == [youtube.id]  # the deprecated alias, still there

    # A CSV export: the generated client sends files as application/octet-stream, and `format`
    # names the format (the spec's text/csv body is one the generator does not render).
    csv_file = types.File(payload=io.BytesIO(comments_csv(8)), file_name="comments.csv")
    created = create_thread.sync(
        client=client,
        body=csv_file,
        format_="mapped_columns",
        platform=models.Platform.TIKTOK,
        columns="id:cid,parent:parent,author:who,text:body,time:when,thread:post",
    )
    (tiktok,) = created.items
    assert (tiktok.platform, tiktok.external_id) == ("tiktok", "t1")
    assert tiktok.metrics.reply_share == pytest.approx(7 / 8)

    page = list_threads.sync(
        client=client, sort=models.SortKey.REPLY_SHARE, order=models.ListThreadsOrder.DESC
    )
    assert [t.id for t in page.items] == [tiktok.id, youtube.id]  # 7/8 before 5/6
    assert page.next_cursor is None

    comparison = compare_groups.sync(
        client=client, metric=models.MetricName.REPLY_SHARE, resamples=100, min_comments=5
    )
    assert isinstance(comparison, models.CompareOut)
    assert comparison.metric == "reply_share"
    groups = {group.group: group for group in comparison.groups}
    assert sorted(groups) == ["tiktok", "youtube"]
    assert groups["tiktok"].summary.median == pytest.approx(7 / 8)  # one thread a group
    assert (groups["tiktok"].threads, groups["youtube"].threads) == (1, 1)

    # Several files in one request: the multipart body, typed as its own model.
    files = [
        types.File(
            payload=io.BytesIO(json.dumps(chain(name, "reddit", 3)).encode()), file_name=name
        )
        for name in ("r1.json", "r2.json")
    ]
    created = create_thread.sync(client=client, body=models.CreateThreadFilesBody(file=files))
    assert [t.import_report.source_file for t in created.items] == ["r1.json", "r2.json"]


def test_the_spec_the_client_was_generated_from_has_typed_enums(server: LiveServer) -> None:
    with urllib.request.urlopen(f"{server.base}/openapi.json", timeout=30) as answer:
        schemas = json.load(answer)["components"]["schemas"]
    assert schemas["SortKey"]["enum"][0] == "id"
    assert "reply_share" in schemas["MetricName"]["enum"]
    assert "id" not in schemas["MetricName"]["enum"]
