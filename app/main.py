"""The FastAPI application: engine and session factory live for the app's lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.analyzer import text_analyzer
from app.errors import install_problem_handlers
from app.openapi import install_openapi
from app.routes import compare, dialogue, health, threads
from app.settings import Settings, get_settings
from db.engine import make_engine, make_session_factory

DESCRIPTION = (
    "Parley measures whether the comments under a post form real conversations or a pile of "
    "one-off reactions, and stores the measurement so platforms can be compared."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        active = settings or get_settings()
        engine = make_engine(active.database_url)
        app.state.session_factory = make_session_factory(engine)
        app.state.text_analyzer = text_analyzer(active)
        if active.preload_text_pipelines:
            app.state.text_analyzer.preload()
        try:
            yield
        finally:
            engine.dispose()

    app = FastAPI(title="Parley", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    if settings is not None:
        app.dependency_overrides[get_settings] = lambda: settings
    app.include_router(health.router)
    app.include_router(threads.router)
    app.include_router(dialogue.router)
    app.include_router(compare.router)
    install_problem_handlers(app)
    install_openapi(app)
    return app
