"""Storing and finding API keys. Functions take the caller's session and never commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import ApiKeyRow


def add_key(session: Session, key: ApiKeyRow) -> ApiKeyRow:
    session.add(key)
    session.flush()
    return key


def find_key(session: Session, key_id: str) -> ApiKeyRow | None:
    return session.get(ApiKeyRow, key_id)


def list_keys(session: Session) -> Sequence[ApiKeyRow]:
    return session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.created_at, ApiKeyRow.id)).all()


def revoke_key(session: Session, key: ApiKeyRow, at: datetime) -> None:
    """Revoke the key from `at` on; a key already revoked keeps its first revocation time."""
    if key.revoked_at is None:
        key.revoked_at = at
        session.flush()
