"""/docs and /redoc work without internet: every file their pages load is served by Parley,
with the content type a browser needs to run it (the answers carry `nosniff`)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings

# What each kind of file must be served as, and a name its content must define.
EXPECTED = {
    ".js": ("text/javascript", None),
    ".css": ("text/css", ".swagger-ui"),
    ".png": ("image/png", None),
}
UI_ENTRY_POINTS = {"/docs": "SwaggerUIBundle", "/redoc": "Redoc"}
ADDRESS = re.compile(r"""\b(?:src|href|url|spec-url)\s*[=:]\s*["']([^"']+)["']""")


def addresses(page: str) -> set[str]:
    """Every address the page names in an attribute or in its start-up script."""
    return set(ADDRESS.findall(page))


@pytest.mark.parametrize("path", sorted(UI_ENTRY_POINTS))
def test_the_docs_page_names_only_addresses_on_this_server(client: TestClient, path: str) -> None:
    page = client.get(path).text
    named = addresses(page)
    assert "/openapi.json" in named
    assert {url for url in named if urlsplit(url).netloc or urlsplit(url).scheme} == set()
    assert "http://" not in page
    assert "https://" not in page


@pytest.mark.parametrize("path", sorted(UI_ENTRY_POINTS))
def test_each_file_the_docs_page_loads_is_served_with_its_type(
    client: TestClient, path: str
) -> None:
    page = client.get(path).text
    files = {url for url in addresses(page) if url != "/openapi.json"}
    assert any(url.endswith(".js") for url in files)
    scripts = ""
    for url in sorted(files):
        response = client.get(url)
        assert response.status_code == 200, url
        media_type, defines = EXPECTED[url[url.rindex(".") :]]
        assert response.headers["content-type"].split(";")[0] == media_type, url
        assert response.headers["x-content-type-options"] == "nosniff"
        if defines is not None:
            assert defines in response.text, url
        if media_type == "text/javascript":
            scripts += response.text
    assert UI_ENTRY_POINTS[path] in scripts


def test_the_spec_the_pages_read_is_served(client: TestClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Parley"


def test_a_deployment_with_keys_serves_the_docs_files_to_anyone() -> None:
    keyed = Settings(
        database_url="sqlite://",
        master_key="m" * 32,
        pseudonymise_authors=False,
        preload_text_pipelines=False,
    )
    with TestClient(create_app(keyed)) as anyone:
        assert anyone.get("/v1/threads").status_code == 401
        for path in UI_ENTRY_POINTS:
            files = {url for url in addresses(anyone.get(path).text) if url != "/openapi.json"}
            assert files
            assert {url: anyone.get(url).status_code for url in files} == dict.fromkeys(files, 200)
