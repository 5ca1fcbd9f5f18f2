"""Lemma tables kept on disk, read one word form at a time.

Held as Python dicts, the default languages' tables from spacy-lookups-data take about 730 MB
(Turkish alone 1.3 M entries, 260 MB) and 3.5 s to parse, and a worker pays both again in every
process. Here each table is written once into an SQLite file in a cache folder, from the
installed package's own data (nothing is downloaded), and then opened in a few milliseconds: a
lookup reads a few pages of that file. The signals component reads each word form at most
twice per pipeline (it caches its readings), so a lookup's few microseconds do not add up.

The file is named after the table's source file, its size and modification time, so a new
version of spacy-lookups-data gets new files instead of stale lemmas. It is written to a
temporary name and renamed into place, so processes building the same index at once never
read half of one. Lookups give exactly the entries `nlp.lemmas.lemma_table` gives.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping
from os import getpid
from pathlib import Path
from threading import Lock
from typing import Final, TypeVar, overload

from nlp.lemmas import lemma_table, lemma_table_source

_T = TypeVar("_T")
# Part of every file name: changed when what is stored changes (e.g. how lemmas are unwrapped).
INDEX_FORMAT: Final = 1
_SCHEMA: Final = (
    "CREATE TABLE lemmas (form TEXT PRIMARY KEY, lemma TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE facts (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
)
_LOOKUP: Final = "SELECT lemma FROM lemmas WHERE form = ?"
_FORMS: Final = "SELECT form FROM lemmas ORDER BY form"
_ENTRIES: Final = "SELECT value FROM facts WHERE name = 'entries'"


class LemmaIndex(Mapping[str, str]):
    """A lemma table in an SQLite file written by `build_lemma_index`, opened read-only.

    Safe to share between threads (lookups take turns on one connection). A process forked
    after it was opened opens its own connection: SQLite's may not cross a fork.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = Lock()
        self._owner = getpid()
        self._connection = self._connect()
        (entries,) = self._connection.execute(_ENTRIES).fetchone()
        self._size = int(entries)

    def _connect(self) -> sqlite3.Connection:
        # immutable: the file never changes once in place, so SQLite takes no locks on it.
        uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    def _rows(self, sql: str, parameters: tuple[str, ...] = ()) -> list[tuple[str]]:
        """The rows of `sql`, read under the lock on a connection this process opened."""
        with self._lock:
            if self._owner != getpid():
                self._reconnect()
            return self._connection.execute(sql, parameters).fetchall()

    def _reconnect(self) -> None:
        self._connection, self._owner = self._connect(), getpid()

    @overload
    def get(self, form: str, /) -> str | None: ...
    @overload
    def get(self, form: str, default: str, /) -> str: ...
    @overload
    def get(self, form: str, default: _T, /) -> str | _T: ...
    def get(self, form: str, default: str | _T | None = None) -> str | _T | None:
        # The one call on the hot path, so `_rows` written out: one query, no KeyError raised.
        with self._lock:
            if self._owner != getpid():
                self._reconnect()
            row: tuple[str] | None = self._connection.execute(_LOOKUP, (form,)).fetchone()
        return row[0] if row is not None else default

    def __getitem__(self, form: str) -> str:
        lemma = self.get(form)
        if lemma is None:
            raise KeyError(form)
        return lemma

    def __contains__(self, form: object) -> bool:
        return isinstance(form, str) and self.get(form) is not None

    def __iter__(self) -> Iterator[str]:
        return (form for (form,) in self._rows(_FORMS))

    def __len__(self) -> int:
        return self._size


def lemma_lookup(language: str, cache: Path | None) -> Mapping[str, str]:
    """The language's lemmas: from its index in `cache` (built there on first use), or, with
    no cache or one that cannot be written, the whole table in memory."""
    source = lemma_table_source(language)
    if cache is None or source is None:
        return lemma_table(language)
    try:
        return LemmaIndex(lemma_index_path(language, source, cache))
    except (OSError, sqlite3.Error, UnicodeError):
        return lemma_table(language)


def lemma_index_path(language: str, source: Path, cache: Path) -> Path:
    """The index in `cache` of the language's table read from `source`, built if not yet."""
    stat = source.stat()
    identity = f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{INDEX_FORMAT}"
    path = cache / f"{language}-{hashlib.sha256(identity.encode()).hexdigest()[:16]}.sqlite3"
    if not path.is_file():
        build_lemma_index(lemma_table(language), path)
    return path


def build_lemma_index(table: Mapping[str, str], path: Path) -> None:
    """Write `table` as an index at `path`, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            for statement in _SCHEMA:
                connection.execute(statement)
            # Sorted forms fill the B-tree page after page.
            rows = ((form, table[form]) for form in sorted(table))
            connection.executemany("INSERT INTO lemmas VALUES (?, ?)", rows)
            connection.execute("INSERT INTO facts VALUES ('entries', ?)", (len(table),))
            connection.commit()
        finally:
            connection.close()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
