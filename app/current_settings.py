"""The running application's settings as a dependency, apart from app/settings.py: the CLI
reads settings too, and must start without importing FastAPI (tests/cli/test_analyze_startup)."""

from __future__ import annotations

from fastapi import Request

from app.settings import Settings


async def current_settings(request: Request) -> Settings:
    """The running application's settings (those `create_app` was given). Async, so FastAPI
    runs it on the event loop: a plain dependency costs a hop to the thread pool, and a busy read
    such as a thread by id declares several."""
    settings: Settings = request.app.state.settings
    return settings
