"""A live `parley serve` with a few stored threads, and headless Chromium driven by Selenium.

Skipped when Chromium, its driver or Selenium is missing (a user's laptop), unless
PARLEY_REQUIRE_BROWSER=1 (CI, `.ci/run`), where that is a failure. Screenshots go to
PARLEY_SCREENSHOTS_DIR, by default tests/browser/screenshots/ (ignored by git).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from bench.serve import LiveServer, serve_on_sqlite
from tests.api.bodies import debate, dialogue_thread, flat_thread

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

WIDTH = 1400  # CSS pixels, the screenshots' width
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
DEFAULT_SCREENSHOTS = Path(__file__).parent / "screenshots"


def _missing() -> str | None:
    if importlib.util.find_spec("selenium") is None:
        return "selenium is not installed (pip install -e '.[test]')"
    if not any(shutil.which(name) for name in BROWSERS):
        return "no Chromium (apt-get install chromium chromium-driver)"
    if shutil.which("chromedriver") is None:
        return "no chromedriver (apt-get install chromium-driver)"
    return None


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    folder = Path(os.environ.get("PARLEY_SCREENSHOTS_DIR", DEFAULT_SCREENSHOTS))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser() -> Iterator[WebDriver]:
    missing = _missing()
    if missing is not None:
        if os.environ.get("PARLEY_REQUIRE_BROWSER") == "1":
            pytest.fail(f"a browser is required (PARLEY_REQUIRE_BROWSER=1): {missing}")
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = next(p for n in BROWSERS if (p := shutil.which(n)))
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
        "--disable-gpu",
        "--hide-scrollbars",  # the screenshots show the page, WIDTH px of it
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",  # no update checks or field trials of its own
        "--disable-component-update",
        f"--window-size={WIDTH},1000",
    ):
        options.add_argument(argument)
    # Console messages, and the network events that name every URL the page requests.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Development mode on loopback (no key needed), three stored threads."""
    with serve_on_sqlite(tmp_path_factory.mktemp("browser")) as server:
        for body in (debate(), dialogue_thread("v1"), flat_thread("t1", 6)):
            answer = httpx.post(f"{server.base}/v1/threads", json=body, timeout=60)
            answer.raise_for_status()
        yield server
