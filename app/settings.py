"""Service settings, read from PARLEY_* environment variables (or a .env file)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from nlp.lexicon import DEFAULT_LANGUAGES


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARLEY_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./parley.db",
        description="SQLAlchemy URL; e.g. postgresql+psycopg://user@host/db for PostgreSQL.",
    )
    max_body_bytes: int = Field(default=50 * 1024 * 1024, gt=0, description="Upload size limit.")
    text_languages: tuple[str, ...] = Field(
        default=DEFAULT_LANGUAGES,
        description="Languages the text signals detect and route to their own pipeline; "
        "other comments go to a multilingual tokenizer.",
    )
    trained_pipelines: dict[str, str] = Field(
        default_factory=dict,
        description='Optional installed spaCy packages per language, e.g. {"en": '
        '"en_core_web_sm"}; blank pipelines with lookup lemmas are used otherwise.',
    )
    preload_text_pipelines: bool = Field(
        default=True,
        description="Load every language's pipeline at start-up "
        "(about 12 s and 950 MB for the 11 default languages).",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
