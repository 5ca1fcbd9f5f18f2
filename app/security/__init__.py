"""Access: the master key, API keys with scopes, and the rate limits charged to them.

The pieces: `scopes` (what a key may do), `keys` (the key format and its hash), `access` (the
`requires(...)` dependency of every protected route), `rate` (per-key limits) and
`documentation` (their OpenAPI description).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports app.security.scopes without loading the web framework
    from fastapi import FastAPI

    from app.settings import Settings

logger = logging.getLogger(__name__)


def install_security(app: FastAPI, settings: Settings) -> None:
    """The access control in app.state (master key, rate limiter) and, when a master key can
    authorise them, the /v1/keys routes."""
    # Imported here: the routes import app.errors, whose table imports this package.
    from app.api.keys import routes as keys
    from app.security.access import AccessControl

    app.state.access = AccessControl(settings)
    if settings.development_mode:
        # Key management stays with `parley keys`, which works on the database directly.
        logger.warning(
            "no master key: open development mode; every operation answers without an API key, "
            "nothing is rate-limited and /v1/keys is absent. Set PARLEY_MASTER_KEY before "
            "serving a network."
        )
    else:
        app.include_router(keys.router)
