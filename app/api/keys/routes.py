"""The /v1/keys routes: make, list and revoke API keys. The master key only."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response

from app.api.keys.schemas import CreatedKeyOut, KeyIn, KeyListOut, KeyOut
from app.api.keys.service import create_key, expiry, revoke
from app.deps import SessionDep
from app.errors import problem_responses
from app.security.access import requires_master
from app.security.documentation import ProtectedRoute
from db.keys import list_keys

router = APIRouter(prefix="/v1/keys", tags=["keys"], route_class=ProtectedRoute)

KeyId = Annotated[str, Path(pattern="^[0-9a-f]{16}$", description="The key's public id.")]


@router.post(
    "",
    status_code=201,
    operation_id="create_key",
    summary="Make an API key with the given scopes; its secret is shown in this response only",
    dependencies=[requires_master()],
    responses=problem_responses(400, 408, 413, 422, 503),
)
def create_key_route(session: SessionDep, request: KeyIn) -> CreatedKeyOut:
    now = datetime.now(UTC)
    expires_at = expiry(now, request.expires_at, request.expires_in_days)
    key, token = create_key(session, request.name, request.scopes, expires_at, now)
    return CreatedKeyOut.made(key, token, now)


@router.get(
    "",
    operation_id="list_keys",
    summary="Every API key with its scopes and state (never its secret)",
    dependencies=[requires_master()],
    responses=problem_responses(503),
)
def list_keys_route(session: SessionDep) -> KeyListOut:
    now = datetime.now(UTC)
    return KeyListOut(items=[KeyOut.of(key, now) for key in list_keys(session)])


@router.delete(
    "/{key_id}",
    status_code=204,
    operation_id="revoke_key",
    summary="Revoke an API key: from now on it is refused (401)",
    dependencies=[requires_master()],
    responses=problem_responses(404, 422, 503),
)
def revoke_key_route(session: SessionDep, key_id: KeyId) -> Response:
    revoke(session, key_id, datetime.now(UTC))
    return Response(status_code=204)
