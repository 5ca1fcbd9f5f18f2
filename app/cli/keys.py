"""`parley keys create|list|revoke`: API keys managed on the database directly, no server needed.

The same rules as /v1/keys (app/api/keys/): the request is validated by its model, and a key's
secret is printed once, on stdout alone, so `KEY=$(parley keys create …)` captures it. The
database's modules are imported by the handlers: `parley` starts without them.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import ValidationError

from app.security.scopes import Scope
from app.settings import get_settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Handler = Callable[[argparse.Namespace], int]


def add_keys_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = commands.add_parser("keys", help="create, list and revoke API keys")
    actions = keys.add_subparsers(required=True, metavar="ACTION")
    create = actions.add_parser("create", help="make a key; its secret is printed once")
    create.add_argument("--name", required=True, help="who or what uses the key")
    create.add_argument(
        "--scope",
        dest="scopes",
        action="append",
        required=True,
        choices=[scope.value for scope in Scope],
        help="a scope the key grants (repeat for several)",
    )
    create.add_argument("--expires-in-days", type=int, default=None, help="default: never")
    create.set_defaults(handler=_create)
    listing = actions.add_parser("list", help="every key with its scopes and state")
    listing.set_defaults(handler=_list)
    revoking = actions.add_parser("revoke", help="refuse a key from now on")
    revoking.add_argument("key_id", help="the key's id (the part after `pk_`)")
    revoking.set_defaults(handler=_revoke)


def _reporting_failures(handler: Handler) -> Handler:
    """The handler, with an unknown key or an unusable database told as a message (exit 1)."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        from sqlalchemy.exc import DBAPIError

        from app.api.keys.service import KeyNotFound

        try:
            return handler(args)
        except KeyNotFound as exc:
            print(f"parley: {exc}", file=sys.stderr)
        except DBAPIError as exc:
            cause = str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__
            print(
                f"parley: the database could not be used ({cause}); `parley db upgrade` "
                "creates its tables",
                file=sys.stderr,
            )
        return 1

    return run


@_reporting_failures
def _create(args: argparse.Namespace) -> int:
    from app.api.keys.schemas import KeyIn
    from app.api.keys.service import create_key, expiry

    try:
        request = KeyIn(name=args.name, scopes=args.scopes, expires_in_days=args.expires_in_days)
    except ValidationError as exc:
        for error in exc.errors():
            field = ".".join(map(str, error["loc"])) or "request"
            print(f"parley: {field}: {error['msg']}", file=sys.stderr)
        return 2
    now = datetime.now(UTC)
    expires_at = expiry(now, None, request.expires_in_days)
    with _transaction() as session:
        key, token = create_key(session, request.name, request.scopes, expires_at, now)
    until = expires_at.isoformat(timespec="seconds") if expires_at else "never"
    print(
        f"API key {key.id} ({key.name}): {', '.join(key.scopes)}; expires {until}. "
        "The key below is shown this once: store it now.",
        file=sys.stderr,
    )
    print(token)
    return 0


@_reporting_failures
def _list(_args: argparse.Namespace) -> int:
    from app.api.keys.schemas import KeyOut
    from db.keys import list_keys

    now = datetime.now(UTC)
    with _transaction() as session:
        keys = [KeyOut.of(key, now) for key in list_keys(session)]
    print(f"{'ID':<16}  {'STATE':<7}  {'EXPIRES':<25}  {'SCOPES':<40}  NAME")
    for key in keys:
        until = key.expires_at.isoformat(timespec="seconds") if key.expires_at else "never"
        print(f"{key.id:<16}  {key.state:<7}  {until:<25}  {','.join(key.scopes):<40}  {key.name}")
    return 0


@_reporting_failures
def _revoke(args: argparse.Namespace) -> int:
    from app.api.keys.service import revoke

    with _transaction() as session:
        revoke(session, args.key_id, datetime.now(UTC))
    print(f"revoked {args.key_id}")
    return 0


@contextmanager
def _transaction() -> Iterator[Session]:
    """One transaction on the settings' database, committed when the block ends."""
    from db.engine import make_engine, make_session_factory

    engine = make_engine(get_settings().database_url)
    try:
        with make_session_factory(engine)() as session, session.begin():
            yield session
    finally:
        engine.dispose()
