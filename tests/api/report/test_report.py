"""/v1/report: the comparison as one self-contained HTML page."""

from __future__ import annotations

from fastapi.testclient import TestClient


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
