"""Request bodies capped and timed while they stream (placeholder until issue 12 lands)."""

from __future__ import annotations

from fastapi import FastAPI

from app.settings import Settings


def install_body_limits(app: FastAPI, settings: Settings) -> None:
    """Cap and time every request body as it arrives."""
