"""Parley's pages in headless Chromium: the thread list, a thread's page, the report and /docs
load with no console error, request nothing outside this host, and are photographed 1400 px
wide (tests/browser/screenshots/, or PARLEY_SCREENSHOTS_DIR) for review.

Why Selenium rather than playwright-python: Debian's `chromium-driver` is built from the same
source as its `chromium`, so driver and browser always match, and both come from one
`apt-get install` with nothing downloaded at run time. Playwright speaks to Chromium through a
protocol client pinned to the one browser build it ships (and would download); against
Debian's build it works only as far as the two happen to agree. Chrome's own logs give what
the test needs: the console (`browser` log, SEVERE = an error) and every request the page
sends (`performance` log, Network.requestWillBeSent).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from bench.serve import LiveServer
from tests.browser.conftest import WIDTH

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
# URLs that are not requests to anywhere: inline images and blobs made by the page itself.
IN_PAGE_SCHEMES = frozenset({"data", "blob", "about"})
TALLEST = 12_000  # px: a screenshot stops there


def requested_urls(driver: WebDriver) -> list[str]:
    """Every URL the page requested since the log was last read (the document included)."""
    urls = []
    for entry in browser_log(driver, "performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def leaving_the_host(urls: list[str]) -> list[str]:
    return [
        url
        for url in urls
        if urlsplit(url).scheme not in IN_PAGE_SCHEMES and urlsplit(url).hostname not in LOCAL_HOSTS
    ]


def console_errors(driver: WebDriver) -> list[str]:
    return [e["message"] for e in browser_log(driver, "browser") if e["level"] == "SEVERE"]


def browser_log(driver: WebDriver, kind: str) -> list[dict[str, Any]]:
    """The entries of one of Chrome's logs since it was last read (reading empties it)."""
    entries: list[dict[str, Any]] = driver.get_log(kind)  # type: ignore[no-untyped-call]
    return entries


def photograph(driver: WebDriver, path: Path) -> None:
    """The whole page, WIDTH px wide (up to TALLEST px tall), as a PNG."""
    height = min(
        int(driver.execute_script("return document.documentElement.scrollHeight")), TALLEST
    )
    metrics = {"width": WIDTH, "height": height, "deviceScaleFactor": 1, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        shot: dict[str, Any] = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {**metrics, "x": 0, "y": 0, "scale": 1},
            },
        )
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    path.write_bytes(base64.b64decode(shot["data"]))


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG's header (its IHDR chunk)."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def visit(driver: WebDriver, url: str) -> None:
    requested_urls(driver)  # forget what earlier pages requested
    console_errors(driver)
    driver.get(url)
    driver.execute_async_script(
        # Until the page and what it loads have settled (Swagger UI fetches the spec after load).
        "const done = arguments[0];"
        "const ready = () => document.readyState === 'complete' ? setTimeout(done, 1500) "
        ": setTimeout(ready, 50); ready();"
    )


PAGES = {
    "thread-list": "/",
    "thread-page": "/threads/1",
    "report": "/v1/report?min_comments=1",
    "docs": "/docs",
}


@pytest.mark.parametrize("name", PAGES)
def test_a_page_loads_cleanly_offline(
    browser: WebDriver, live: LiveServer, screenshots_dir: Path, name: str
) -> None:
    visit(browser, f"{live.base}{PAGES[name]}")
    urls = requested_urls(browser)
    errors = console_errors(browser)
    photograph(browser, screenshots_dir / f"{name}.png")
    assert urls, "the performance log recorded no request"
    assert urlsplit(urls[0]).path == urlsplit(PAGES[name]).path
    assert leaving_the_host(urls) == []
    assert errors == [], "\n".join(errors)
    # Nothing on the page is wider than the window, and the picture is as wide as asked.
    assert browser.execute_script("return document.documentElement.scrollWidth") <= WIDTH
    width, height = png_size(screenshots_dir / f"{name}.png")
    assert width == WIDTH
    assert height > 0


def test_the_thread_page_draws_its_network_and_folds_its_tree(
    browser: WebDriver, live: LiveServer
) -> None:
    """debate() (tests/api/bodies.py) is thread 1: six authors, and a tree whose first branch
    a-b-c-d is an exchange."""
    from selenium.webdriver.common.by import By

    visit(browser, f"{live.base}/threads/1")
    circles = browser.find_elements(By.CSS_SELECTOR, "svg.network circle.node")
    assert len(circles) == 6
    assert all(circle.is_displayed() for circle in circles)
    branch = browser.find_element(By.CSS_SELECTOR, ".tree details")
    reply = branch.find_element(By.CSS_SELECTOR, ".replies-of .comment")
    assert reply.is_displayed()
    branch.find_element(By.TAG_NAME, "summary").click()  # folds it: no script needed
    assert not reply.is_displayed()
    # The stylesheet applied (served by Parley): exchange comments have their background.
    highlighted = browser.find_element(By.CSS_SELECTOR, ".comment.in-exchange")
    assert highlighted.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
