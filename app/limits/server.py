"""uvicorn options that protect the server (placeholder until issue 12 lands)."""

from __future__ import annotations

from typing import Any

from app.settings import Settings


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for uvicorn.run beyond the app, host, port and workers."""
    return {}
