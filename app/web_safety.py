"""Browser safety: CORS allow-list, security headers, cross-site writes refused (placeholder)."""

from __future__ import annotations

from fastapi import FastAPI

from app.settings import Settings


def install_web_safety(app: FastAPI, settings: Settings) -> None:
    """CORS, security headers and the Origin check on writes."""
