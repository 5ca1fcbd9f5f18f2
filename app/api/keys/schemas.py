"""Request and response models of /v1/keys. A key's secret appears in one response only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from app.api.keys.service import key_state
from app.security.keys import key_prefix
from app.security.scopes import SCOPE_DESCRIPTIONS, Scope
from db.models import ApiKeyRow

MAX_EXPIRY_DAYS = 36500
SCOPES_DESCRIPTION = "What the key may do: " + "; ".join(
    f"`{scope}`: {text}" for scope, text in SCOPE_DESCRIPTIONS.items()
)


class KeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(
        min_length=1,
        max_length=200,
        pattern=r"^[^\x00-\x1f\x7f]+$",
        description="Who or what uses the key (no control characters).",
    )
    scopes: list[Scope] = Field(min_length=1, description=SCOPES_DESCRIPTION)
    expires_at: AwareDatetime | None = Field(
        default=None,
        description=f"When the key stops working: a time with its zone, within the next "
        f"{MAX_EXPIRY_DAYS} days.",
    )
    expires_in_days: int | None = Field(
        default=None,
        ge=1,
        le=MAX_EXPIRY_DAYS,
        description="Alternatively, days from now until it stops working.",
    )

    @model_validator(mode="after")
    def one_expiry_in_the_future(self) -> KeyIn:
        if self.expires_at is None:
            return self
        if self.expires_in_days is not None:
            raise ValueError("give expires_at or expires_in_days, not both")
        now = datetime.now(UTC)
        if not now < self.expires_at <= now + timedelta(days=MAX_EXPIRY_DAYS):
            raise ValueError(f"expires_at must be in the next {MAX_EXPIRY_DAYS} days")
        self.expires_at = self.expires_at.astimezone(UTC)
        return self


class KeyOut(BaseModel):
    id: str = Field(description="The key's public id; every copy of the key starts `pk_<id>_`.")
    prefix: str = Field(description="`pk_<id>_`: how the key begins, to recognise it.")
    name: str
    scopes: list[Scope]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    state: Literal["active", "expired", "revoked"]

    @classmethod
    def of(cls, key: ApiKeyRow, now: datetime) -> KeyOut:
        return cls(**_fields(key, now))


class CreatedKeyOut(KeyOut):
    key: str = Field(
        description="The key to send as `Authorization: Bearer <key>`. Shown this once: only "
        "its hash is stored, so a lost key is revoked and replaced, never recovered."
    )

    @classmethod
    def made(cls, key: ApiKeyRow, token: str, now: datetime) -> CreatedKeyOut:
        return cls(**_fields(key, now), key=token)


class KeyListOut(BaseModel):
    items: list[KeyOut] = Field(description="Every key, revoked and expired ones included.")


def _fields(key: ApiKeyRow, now: datetime) -> dict[str, Any]:
    return {
        "id": key.id,
        "prefix": key_prefix(key.id),
        "name": key.name,
        "scopes": key.scopes,
        "created_at": key.created_at,
        "expires_at": key.expires_at,
        "revoked_at": key.revoked_at,
        "state": key_state(key, now),
    }
