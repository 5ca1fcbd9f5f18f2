"""The FastAPI application: its routers, and the engine, sessions and text analyzer it holds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from app.api.compare import routes as compare
from app.api.creators import routes as creators
from app.api.dialogue import routes as dialogue
from app.api.exports import routes as exports
from app.api.health import routes as health
from app.api.imports import routes as imports
from app.api.report import routes as report
from app.api.threads import network
from app.api.threads import routes as threads
from app.errors import install_problem_handlers, problem_responses
from app.jobs.contract import JobQueue
from app.jobs.queue import job_queue
from app.limits.body import install_body_limits
from app.openapi import DOCS_ASSETS_PATH, DOCS_PATH, REDOC_PATH, install_openapi
from app.process_memory import freeze_long_lived_objects, thaw_long_lived_objects
from app.request_log import install_request_log
from app.security import install_security
from app.settings import Settings, get_settings
from app.text_pipeline import preload_in_background, text_analyzer
from app.transaction import read_limiter
from app.web import routes as web
from app.web_safety import install_web_safety
from db.engine import make_engine, make_session_factory

DESCRIPTION = (
    "Parley measures whether the comments under a post form real conversations or a pile of "
    "one-off reactions, and stores the measurement so platforms can be compared."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    active = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(active.database_url)
        app.state.engine = engine  # for reads that need no session (app/transaction.py)
        app.state.session_factory = make_session_factory(engine)
        app.state.read_limiter = read_limiter()
        # Pipelines are built when a comment in their language first arrives, or meanwhile in
        # the background when preloading: /healthz and /readyz never wait for them.
        app.state.text_analyzer = text_analyzer(active)
        if active.preload_text_pipelines:
            preload_in_background(app.state.text_analyzer)
        queue: JobQueue = job_queue(active, app.state.session_factory, app.state.text_analyzer)
        app.state.job_queue = queue
        freeze_long_lived_objects()
        try:
            yield
        finally:
            queue.close()
            engine.dispose()
            thaw_long_lived_objects()

    # FastAPI's own /docs and /redoc, with Swagger UI and ReDoc served from Parley (offline).
    app = FastAPIOffline(
        docs_url=DOCS_PATH,
        redoc_url=REDOC_PATH,
        static_url=DOCS_ASSETS_PATH,
        title="Parley",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = active
    app.include_router(health.router)  # /readyz documents its own 503
    for resource in (threads, network, imports, dialogue, compare, creators, report, exports):
        # Every operation reads the database: unreachable, it answers 503 with Retry-After.
        app.include_router(resource.router, responses=problem_responses(503))
    # The HTML pages (left out of the spec) and the stylesheet and icon they load.
    app.include_router(web.router)
    app.mount("/static", StaticFiles(directory=web.STATIC_DIR), name="static")
    install_security(app, active)
    # Middleware added last runs first: the request log sees every answer, the 413 and 500
    # included; security headers and CORS wrap the errors too; bodies are capped innermost.
    install_body_limits(app, active)
    install_problem_handlers(app)
    install_web_safety(app, active)
    install_request_log(app, active)
    install_openapi(app)
    return app
