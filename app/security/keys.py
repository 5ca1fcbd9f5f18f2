"""API keys as clients send them: `pk_<id>_<secret>`, shown once, stored as a hash.

The id is public (listings, `parley keys revoke ID`) and finds the stored key; the secret is 32
random bytes, so a plain SHA-256 of it cannot be reversed by guessing (a slow password hash
would buy nothing and cost every request), and the comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

PREFIX = "pk"
ID_BYTES = 8  # 16 hex characters: the public id
SECRET_BYTES = 32
KEY_PATTERN = re.compile(r"pk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})")


@dataclass(frozen=True, slots=True)
class PresentedKey:
    key_id: str
    secret: str


@dataclass(frozen=True, slots=True)
class NewKey:
    key_id: str
    secret_hash: str
    token: str  # what the client sends; never stored


def key_prefix(key_id: str) -> str:
    """The start of every key with this id: how an operator recognises it in a config file."""
    return f"{PREFIX}_{key_id}_"


def new_key() -> NewKey:
    key_id = secrets.token_hex(ID_BYTES)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    return NewKey(key_id, secret_hash(secret), key_prefix(key_id) + secret)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_key(token: str) -> PresentedKey | None:
    """The id and secret of a token shaped like a Parley key; None for anything else."""
    match = KEY_PATTERN.fullmatch(token)
    return None if match is None else PresentedKey(match[1], match[2])


def secret_matches(presented: PresentedKey, stored_hash: str) -> bool:
    return hmac.compare_digest(secret_hash(presented.secret), stored_hash)


def is_master_key(token: str, master_key: str) -> bool:
    return hmac.compare_digest(token.encode(), master_key.encode())
