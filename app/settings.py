"""Service settings, read from PARLEY_* environment variables (or a .env file)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARLEY_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./parley.db",
        description="SQLAlchemy URL; e.g. postgresql+psycopg://user@host/db for PostgreSQL.",
    )
    max_body_bytes: int = Field(default=50 * 1024 * 1024, gt=0, description="Upload size limit.")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
