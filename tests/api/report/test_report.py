"""/v1/report: the comparison as one self-contained HTML page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api.compare.size_control import DEFAULT_MIN_COMMENTS
from app.cli.main import main
from app.settings import get_settings
from tests.api.compare.flipping import FLIP_METRIC, store_flipping_groups


def test_report_is_one_self_contained_page(stored: TestClient) -> None:
    response = stored.get("/v1/report", params={"resamples": 200})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<svg" in page
    assert "youtube" in page
    assert "tiktok" in page
    assert 'src="http' not in page
    assert '<link href="http' not in page
    assert '<a href="/">the thread list</a>' in page  # served beside the thread pages


def size_control_part(page: str) -> str:
    """The page from its size-control statement to the at-a-glance section."""
    start, glance = page.index('<section id="size-control">'), page.index('id="at-a-glance"')
    assert start < glance, "the size control is stated above the rankings"
    return page[start:glance]


def test_report_states_the_default_control_and_ranks_under_it(client: TestClient) -> None:
    store_flipping_groups(client)
    page = client.get("/v1/report", params={"resamples": 200, "metrics": FLIP_METRIC}).text
    part = size_control_part(page)
    assert f"Only threads with at least {DEFAULT_MIN_COMMENTS} comments" in part
    assert "default size control" in part
    # The ranking in force, then the same metric ranked with every thread: the flip is shown.
    rows = re.findall(r"<tr[^>]*><td>Threads with ([^<]*)</td><td>([^<]*)</td></tr>", part)
    ranked = {label: [group.split()[0] for group in groups.split(" › ")] for label, groups in rows}
    assert ranked[f"at least {DEFAULT_MIN_COMMENTS} comments (in force)"] == ["youtube", "tiktok"]
    assert ranked["at least 1 comment"] == ["tiktok", "youtube"]
    assert '<tr class="in-force">' in part
    # The at-a-glance ranking and the tables use the threads in force: 3 youtube threads.
    glance = page[page.index('id="at-a-glance"') :]
    assert glance.index("youtube") < glance.index("tiktok")
    assert re.findall(r"n = (\d+)</span>", glance) == ["3", "3"]


def test_report_control_can_be_changed(client: TestClient) -> None:
    store_flipping_groups(client)
    params: dict[str, str | int] = {"resamples": 200, "metrics": FLIP_METRIC}
    every = client.get("/v1/report", params={**params, "min_comments": 1}).text
    assert "No size control" in size_control_part(every)
    glance = every[every.index('id="at-a-glance"') :]
    assert glance.index("tiktok") < glance.index("youtube")
    window = client.get("/v1/report", params={**params, "window": 10}).text
    assert "First-10 window" in size_control_part(window)


def test_parley_report_applies_the_same_default(
    client: TestClient, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store_flipping_groups(client)
    monkeypatch.setenv("PARLEY_DATABASE_URL", database_url)
    get_settings.cache_clear()
    out = tmp_path / "report.html"
    try:
        code = main(["report", "--out", str(out), "--metrics", FLIP_METRIC, "--resamples", "200"])
    finally:
        get_settings.cache_clear()
    assert code == 0
    written = out.read_text(encoding="utf-8")
    assert "the thread list" not in written  # a file read offline has no server to link
    part = size_control_part(written)
    assert f"Only threads with at least {DEFAULT_MIN_COMMENTS} comments" in part
