"""Access: the master key, API keys with scopes, and the rate limits charged to them."""

from __future__ import annotations

from fastapi import FastAPI

from app.settings import Settings


def install_security(app: FastAPI, settings: Settings) -> None:
    """Routes for /v1/keys and the OpenAPI security scheme (placeholder until issue 12 lands)."""
