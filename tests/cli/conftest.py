"""Fixtures of the `parley` command tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.settings import get_settings


@pytest.fixture(autouse=True)
def two_languages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Settings as a user would set them, with two languages so pipelines load quickly."""
    monkeypatch.setenv("PARLEY_TEXT_LANGUAGES", '["en", "es"]')
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
