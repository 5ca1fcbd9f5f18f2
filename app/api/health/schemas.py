"""Response model of the liveness and readiness checks."""

from __future__ import annotations

from pydantic import BaseModel


class HealthOut(BaseModel):
    status: str
