"""Who may call an operation: the `requires(...)` dependency every protected route declares.

A request sends `Authorization: Bearer <key>`: the master key (every scope, and the only key
that manages keys) or an API key (its scopes). Missing, malformed, unknown, revoked or expired
→ Unauthenticated (401); a valid key without the operation's scope → NotPermitted (403); over
the key's rate limit → RateLimited (429). Without a master key (development mode) every
operation is open and nothing is counted (and /v1/keys is not mounted: no key could manage it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request, params
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker

from app.security.keys import is_master_key, parse_key, secret_matches
from app.security.rate import Charge, RateLimiter
from app.security.scopes import Scope
from app.settings import Settings
from db.keys import find_key

SCHEME_NAME = "ApiKey"
REALM = 'Bearer realm="parley"'
NOT_VALID = "the API key is not valid"
KNOWN_SCOPES = frozenset(scope.value for scope in Scope)
bearer = HTTPBearer(
    scheme_name=SCHEME_NAME,
    bearerFormat="pk_<id>_<secret>",
    description="`Authorization: Bearer <key>`: the master key (PARLEY_MASTER_KEY) or an API "
    "key made with POST /v1/keys or `parley keys create`. Each operation names the scope it "
    "needs (`x-parley-scope`). Without a master key the service runs in development mode: "
    "every operation is open, and /v1/keys is absent.",
    auto_error=False,
)


class Unauthenticated(Exception):
    """No usable key: missing, not a Bearer token, unknown, revoked or expired."""

    def __init__(self, detail: str, *, presented: bool = True) -> None:
        super().__init__(detail)
        challenge = f'{REALM}, error="invalid_token"' if presented else REALM
        self.headers = {"WWW-Authenticate": challenge}


class NotPermitted(Exception):
    """A valid key that may not call this operation."""

    def __init__(self, detail: str, *, needed: Scope | None = None) -> None:
        super().__init__(detail)
        scope = f', scope="{needed}"' if needed else ""
        self.headers = {"WWW-Authenticate": f'{REALM}, error="insufficient_scope"{scope}'}


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a request acts as: `name` is the key's id ("master" for the master key)."""

    name: str
    scopes: frozenset[Scope]
    is_master: bool = False


MASTER = Principal("master", frozenset(Scope), is_master=True)


class AccessControl:
    """The master key and the rate limiter of one application (held in app.state.access)."""

    def __init__(self, settings: Settings) -> None:
        self.master_key: SecretStr | None = settings.master_key
        self.limiter = None if settings.development_mode else RateLimiter(settings)

    def presented_token(
        self, credentials: HTTPAuthorizationCredentials | None, header_sent: bool
    ) -> str:
        if credentials is None:
            if header_sent:
                raise Unauthenticated("the Authorization header must be `Bearer <key>`")
            raise Unauthenticated(
                "this operation needs an API key: send `Authorization: Bearer <key>`",
                presented=False,
            )
        return credentials.credentials

    def is_master(self, token: str) -> bool:
        return self.master_key is not None and is_master_key(
            token, self.master_key.get_secret_value()
        )

    def api_key_principal(self, token: str, sessions: sessionmaker[Session]) -> Principal:
        """The principal of an API key, read from the database (blocking)."""
        presented = parse_key(token)
        if presented is None:
            raise Unauthenticated(NOT_VALID)
        with sessions() as session:
            key = find_key(session, presented.key_id)
        if key is None or not secret_matches(presented, key.secret_hash):
            raise Unauthenticated(NOT_VALID)
        if key.revoked_at is not None:
            raise Unauthenticated("the API key was revoked")
        if key.expires_at is not None and key.expires_at <= datetime.now(UTC):
            raise Unauthenticated(f"the API key expired at {key.expires_at.isoformat()}")
        granted = frozenset(Scope(s) for s in key.scopes if s in KNOWN_SCOPES)
        return Principal(key.id, granted)


@dataclass(frozen=True, slots=True)
class Access:
    """An operation's requirement: a scope (None: the master key only) and what it is charged."""

    scope: Scope | None
    charge: Charge | None = None

    async def __call__(
        self,
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> None:
        # Async, and off the event loop only for the one blocking step (an API key's database
        # row): development mode and the master key cost no hop to the thread pool.
        control: AccessControl = request.app.state.access
        if control.master_key is None:
            return
        token = control.presented_token(credentials, "authorization" in request.headers)
        if control.is_master(token):
            principal = MASTER
        else:
            sessions = request.app.state.session_factory
            principal = await run_in_threadpool(control.api_key_principal, token, sessions)
        self.authorize(principal)
        if self.charge is not None and control.limiter is not None:
            control.limiter.charge(self.charge, principal.name)

    def authorize(self, principal: Principal) -> None:
        if self.scope is None:
            if not principal.is_master:
                raise NotPermitted("only the master key manages API keys")
        elif self.scope not in principal.scopes:
            held = ", ".join(sorted(principal.scopes)) or "no scope"
            raise NotPermitted(
                f"this operation needs the `{self.scope}` scope; this key holds {held}",
                needed=self.scope,
            )


def requires(scope: Scope, charge: Charge | None = None) -> params.Depends:
    """The route dependency of an operation that needs `scope` (and counts as `charge`)."""
    return params.Security(Access(scope, charge), scopes=[scope.value])


def requires_master() -> params.Depends:
    """The route dependency of an operation only the master key may call."""
    return params.Security(Access(None))
