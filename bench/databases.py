"""Throwaway PostgreSQL schemas, for the benchmarks and the tests that need a database of their
own inside a shared one (the schema is named in the URL's search_path)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text


@contextmanager
def postgres_schema(admin_url: str, prefix: str = "parley") -> Iterator[str]:
    """A new schema in the PostgreSQL database at `admin_url`, as a URL whose connections use
    it; dropped with everything in it afterwards."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, connect_args={"connect_timeout": 5})
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in admin_url else "?"
        yield f"{admin_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
