"""Making, listing and revoking API keys: shared by /v1/keys and `parley keys`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy.orm import Session

from app.security.keys import new_key
from app.security.scopes import Scope
from db.keys import add_key, find_key, revoke_key
from db.models import ApiKeyRow

KeyState = Literal["active", "expired", "revoked"]


class KeyNotFound(LookupError):
    def __init__(self, key_id: str) -> None:
        super().__init__(f"no API key with id {key_id}")


def expiry(
    now: datetime, expires_at: datetime | None, expires_in_days: int | None
) -> datetime | None:
    """When a key made at `now` stops working: in `expires_in_days`, at `expires_at`, or never."""
    if expires_in_days is not None:
        return now + timedelta(days=expires_in_days)
    return expires_at


def create_key(
    session: Session, name: str, scopes: Iterable[Scope], expires_at: datetime | None, now: datetime
) -> tuple[ApiKeyRow, str]:
    """The stored key and its token, which the caller shows once: only its hash is kept."""
    made = new_key()
    row = ApiKeyRow(
        id=made.key_id,
        name=name,
        scopes=sorted(set(scopes)),
        secret_hash=made.secret_hash,
        created_at=now,
        expires_at=expires_at,
    )
    return add_key(session, row), made.token


def revoke(session: Session, key_id: str, now: datetime) -> None:
    key = find_key(session, key_id)
    if key is None:
        raise KeyNotFound(key_id)
    revoke_key(session, key, now)


def key_state(key: ApiKeyRow, now: datetime) -> KeyState:
    if key.revoked_at is not None:
        return "revoked"
    if key.expires_at is not None and key.expires_at <= now:
        return "expired"
    return "active"
