"""Service settings, read from PARLEY_* environment variables (or a .env file)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from nlp.lexicon import DEFAULT_LANGUAGES

MIN_KEY_LENGTH = 16  # characters of PARLEY_PSEUDONYM_KEY


class Settings(BaseSettings):
    # Errors never repeat the input: it holds the master and pseudonym keys.
    model_config = SettingsConfigDict(
        env_prefix="PARLEY_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )

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
        default=False,
        description="Build every language's pipeline in the background after start-up (about "
        "12 s and 950 MB for the 11 default languages) rather than each one when a comment in "
        "its language first arrives (up to 4 s for that upload).",
    )

    # Access (app/security/). No master key = development mode: open, loopback only.
    master_key: SecretStr | None = Field(
        default=None,
        description="Deployment secret that manages API keys; without it the service is open "
        "(development mode) and `parley serve` listens on loopback only unless --allow-open.",
    )
    allow_open: bool = Field(
        default=False, description="Development mode may listen on a non-loopback address."
    )
    # Personal data (importers/pseudonyms.py, app/api/threads/ingest.py).
    pseudonymise_authors: bool | None = Field(
        default=None,
        description="Replace author ids and names by keyed hashes at import; "
        "default: on when a master key is set, off in development mode.",
    )
    pseudonym_key: SecretStr | None = Field(
        default=None, description="HMAC secret of the pseudonyms; required when they are on."
    )
    store_comment_text: bool = Field(
        default=True, description="False: keep metrics only, never the comments' text."
    )
    # Browsers (app/web_safety.py).
    cors_origins: tuple[str, ...] = Field(
        default=(), description="Origins allowed to call the API from a browser (none by default)."
    )
    # Connections and bodies (app/limits/).
    header_timeout_seconds: float = Field(
        default=10.0, gt=0, description="Time a client has to send a request's headers."
    )
    body_grace_seconds: float = Field(
        default=10.0, gt=0, description="Time a body may take before the minimum rate applies."
    )
    body_min_bytes_per_second: int = Field(
        default=16 * 1024, ge=1, description="Slowest average upload rate accepted after the grace."
    )
    # Expensive work (app/limits/).
    request_budget_seconds: float = Field(
        default=30.0, gt=0, description="Database time one request may use before a 503."
    )
    write_rate_limit: str = Field(
        default="60/minute", description="Writes per API key (development mode: no limit)."
    )
    expensive_read_rate_limit: str = Field(
        default="120/minute",
        description="Comparisons, reports and per-thread dialogue reads per API key "
        "(development mode: no limit).",
    )
    aggregate_cache_entries: int = Field(
        default=128,
        ge=0,
        description="Computed overviews and comparisons kept per process, each valid until the "
        "stored threads change (0: compute every request).",
    )
    # Import jobs (app/jobs/).
    broker_url: str | None = Field(
        default=None,
        description="amqp://… (RabbitMQ) or redis://… : import jobs go to a queue that `parley "
        "worker` processes take from; none: they run in the server process, one at a time.",
    )
    job_queue_name: str = Field(
        default="parley-imports",
        pattern=r"^[A-Za-z0-9_.-]{1,100}$",
        description="The broker queue (Redis: also its key namespace) that jobs go through; "
        "deployments sharing a broker keep apart by it.",
    )
    max_import_bytes: int = Field(
        default=8 * 1024**3, gt=0, description="Size limit of one import job's upload (as sent)."
    )
    job_max_inflated_bytes: int = Field(
        default=64 * 1024**3,
        gt=0,
        description="Bytes one import job's files may inflate to (decompressed, unarchived).",
    )
    job_whole_file_bytes: int = Field(
        default=64 * 1024**2,
        gt=0,
        description="Files of a job up to this size are read whole; larger ones are streamed "
        "and grouped by post (formats that allow it), so a worker's memory stays bounded.",
    )
    job_split_file_bytes: int = Field(
        default=4 * 1024**2,
        gt=0,
        description="Files of a job larger than this are read post by post when their format "
        "allows, even if they could be read whole: short transactions, spread over workers.",
    )
    job_lease_seconds: float = Field(
        default=30.0,
        gt=0,
        description="A job whose worker has not renewed its lease for this long is taken over.",
    )
    job_max_attempts: int = Field(
        default=3, ge=1, description="Workers lost on one job before it is marked failed."
    )
    spool_dir: str | None = Field(
        default=None, description="Where workers keep a job's files while reading them."
    )
    log_format: str = Field(
        default="json", pattern="^(json|text)$", description="json: one object per line."
    )

    @property
    def development_mode(self) -> bool:
        return self.master_key is None

    @property
    def pseudonymising(self) -> bool:
        if self.pseudonymise_authors is None:
            return not self.development_mode
        return self.pseudonymise_authors

    @model_validator(mode="after")
    def _pseudonyms_have_a_key(self) -> Settings:
        # Refused at start-up rather than storing original authors by surprise.
        key = self.pseudonym_key
        if self.pseudonymising and (key is None or len(key.get_secret_value()) < MIN_KEY_LENGTH):
            raise ValueError(
                f"pseudonymised authors need PARLEY_PSEUDONYM_KEY, a secret of at least "
                f"{MIN_KEY_LENGTH} characters kept for the deployment's lifetime (the same key "
                "gives the same pseudonyms); they are on by default with a master key: set "
                "PARLEY_PSEUDONYMISE_AUTHORS=false to store authors as they came"
            )
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
