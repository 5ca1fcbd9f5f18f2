"""One JSON line per request, never with personal data (placeholder until issue 12 lands)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from app.settings import Settings


def install_request_log(app: FastAPI, settings: Settings) -> None:
    """Log each request: id, route, status, duration, sizes."""


def uvicorn_logging(settings: Settings) -> dict[str, Any]:
    """uvicorn.run keyword arguments for its own logs (access log, log config)."""
    return {}
