"""The OpenAPI side of access: each protected operation states its scope, limit and refusals.

Derived from the one `requires(...)` each route declares. FastAPI already lists the operation's
`security` (the ApiKey bearer scheme with the scope); `ProtectedRoute`, the route class of every
router with protected operations, adds `x-parley-scope`, a line in the description, and the
401/403 (and, for rate-limited operations, 429) problem responses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute

from app.errors import problem_responses
from app.security.access import Access
from app.security.rate import Charge
from app.security.scopes import MASTER_ONLY

LIMIT_SETTINGS = {
    Charge.WRITE: "PARLEY_WRITE_RATE_LIMIT",
    Charge.EXPENSIVE_READ: "PARLEY_EXPENSIVE_READ_RATE_LIMIT",
}


class ProtectedRoute(APIRoute):
    """An APIRoute whose access requirement, if it declares one, is also documented."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        super().__init__(path, endpoint, **options)
        access = route_access(self)
        if access is None:
            return
        scope = MASTER_ONLY if access.scope is None else access.scope.value
        self.openapi_extra = {**(self.openapi_extra or {}), "x-parley-scope": scope}
        statuses = (401, 403, 429) if access.charge else (401, 403)
        self.responses = {**self.responses, **problem_responses(*statuses)}
        self.description = "\n\n".join(filter(None, (self.description, _requirement(access))))


def route_access(route: APIRoute) -> Access | None:
    """The access requirement a route declares, if any."""
    found = (d.dependency for d in route.dependencies if isinstance(d.dependency, Access))
    return next(found, None)


def _requirement(access: Access) -> str:
    if access.scope is None:
        return "**Master key only.**"
    line = f"**Scope:** `{access.scope}`: {access.scope.description}."
    if access.charge is not None:
        line += (
            f" Counts against the key's {access.charge.value} rate limit "
            f"({LIMIT_SETTINGS[access.charge]}; 429 with Retry-After beyond it)."
        )
    return line
