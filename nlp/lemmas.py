"""Lemma tables from spacy-lookups-data, read as plain `{form: lemma}` dicts.

spaCy's own `load_lookups` copies a table entry by entry into a hashed `Table`, which takes
over a second for the larger languages; the signals component reads each word form once and
caches it, so a dict keyed by the form as written serves it just as well, straight from the
package's file. A dict of strings only is not tracked by the garbage collector, which would
otherwise walk its million entries on every full collection. `nlp.lemma_index` keeps the same
entries on disk instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final, cast

from spacy.util import load_language_data, registry

LEMMA_TABLE: Final = "lemma_lookup"


def has_lemma_table(language: str) -> bool:
    return language in registry.lookups and LEMMA_TABLE in registry.lookups.get(language)


def lemma_table_source(language: str) -> Path | None:
    """The file the language's table is read from; None without a table."""
    if not has_lemma_table(language):
        return None
    registered = Path(registry.lookups.get(language)[LEMMA_TABLE])
    # As load_language_data reads it: the registered name, else that name gzipped.
    return registered if registered.exists() else registered.with_name(registered.name + ".gz")


def lemma_table(language: str) -> dict[str, str]:
    """The language's lookup lemmas; a language without a table gets an empty dict."""
    if not has_lemma_table(language):
        return {}
    table = load_language_data(registry.lookups.get(language)[LEMMA_TABLE])
    if not isinstance(table, dict):
        raise ValueError(f"the {language} lemma table is not a mapping of forms to lemmas")
    return single_lemmas(table)


def single_lemmas(table: dict[str, object]) -> dict[str, str]:
    """`table` with every lemma as one string. French lists each lemma as a one-element list,
    which is unwrapped; an entry listing several lemmas is ambiguous and left out, so the form
    keeps its own lower-cased spelling."""
    if all(isinstance(lemma, str) and lemma for lemma in table.values()):
        return cast(dict[str, str], table)  # most tables: one check, no copy
    lemmas: dict[str, str] = {}
    for form, lemma in table.items():
        if isinstance(lemma, list) and len(lemma) == 1:
            lemma = lemma[0]
        if isinstance(lemma, str) and lemma:
            lemmas[form] = lemma
    return lemmas
