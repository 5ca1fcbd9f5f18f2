"""What building a tokenizer derives from spaCy's patterns, kept on disk between runs.

Every run builds its pipelines anew, and each pipeline's tokenizer compiles its prefix, suffix and
infix patterns (15,000 to 24,000 characters each, with classes of thousands of letters) and
nlp.affix_search reads its suffix and infix patterns: for the twelve default pipelines about
0.45 s and 0.2 s of CPU, the most of building them. Both depend on the pattern's text alone,
so `cached` keeps them in a cache folder (the user's, see app.text_pipeline), computed by the
first run that needs them and read back by the others.

`compile_cached`: a compiled pattern is, inside Python, the pattern's text and flags, its group
names and the list of integers its matcher runs, which `re._compiler` makes and `_sre.compile`
turns into the `re.Pattern`. Pickling a pattern keeps only its text (loading it compiles it
again), so those four are stored instead, and loading them is `_sre.compile` again (about 0.1
ms a pattern). They are stored only once the pattern made from them is equal to the one
`re.compile` makes (equal text, flags and code), and are keyed by the exact Python build
(`sys.version`), whose compiler made the code.

A file is named after a hash of its kind and key, holds a hash of its content and is written to
a temporary name then renamed into place: one unreadable, truncated or altered, or a folder that
cannot be written, means the value is computed as without a cache (slower, never different).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import import_module
from pathlib import Path
from typing import Any, Final

# Python's own parser, compiler and matcher of regular expressions (no type stubs: hence Any).
_parser: Any = import_module("re._parser")
_compiler: Any = import_module("re._compiler")
_sre: Any = import_module("_sre")

# Part of every file's name: changed when what is stored, or how, changes.
CACHE_FORMAT: Final = 1
_COMPILED: Final = "re"

Json = Any  # what json.loads gives back


def cached(folder: Path | None, kind: str, key: str, compute: Callable[[], Json]) -> Json:
    """`compute()`, read from `folder` when a run stored it there for the same kind and key,
    else computed and stored (as JSON: it must come back from JSON as it went in)."""
    if folder is None:
        return compute()
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{kind}\0{key}".encode()).hexdigest()
    path = folder / f"{kind}-{digest[:32]}.json"
    found = _read(path)
    if found is not None:
        return found[0]
    value = compute()
    _write(path, value)
    return value


def _read(path: Path) -> tuple[Json] | None:
    """The value stored at `path`, or None when there is none or it is not whole."""
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    body, _, digest = stored.rpartition(b"\n")
    if hashlib.sha256(body).hexdigest().encode() != digest:
        return None
    try:
        return (json.loads(body),)
    except ValueError:
        return None


def _write(path: Path, value: Json) -> None:
    body = json.dumps(value, separators=(",", ":")).encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError:
        return  # computed again next time
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(body + b"\n" + hashlib.sha256(body).hexdigest().encode())
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


@cache
def source_digest(path: str) -> str:
    """A hash of the file at `path`, "" when it cannot be read: part of the key of values a
    module's code computes (a module's `__file__`), so a change to that code is never answered
    by values an older version computed."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


@lru_cache(maxsize=64)
def compile_cached(pattern: str, folder: Path | None) -> re.Pattern[str]:
    """`re.compile(pattern)`, its compiled form read from `folder` when a run of this Python
    stored it there. Languages with the same pattern share one compiled pattern."""
    parts = cached(folder, _COMPILED, f"{sys.version}\0{pattern}", lambda: compiled_parts(pattern))
    if parts is not None:
        try:
            flags, code, groupindex, indexgroup = parts
            compiled: re.Pattern[str] = _sre.compile(
                pattern, flags, code, len(indexgroup) - 1, groupindex, tuple(indexgroup)
            )
            return compiled
        except (TypeError, ValueError, RuntimeError):  # not what this Python's matcher runs
            pass
    return re.compile(pattern)


def compiled_parts(pattern: str) -> Json:
    """[flags, code, group index, index group] of `pattern` as `re._compiler.compile` makes
    them, checked by making the pattern from them; None when it is not `re.compile`'s."""
    try:
        parsed = _parser.parse(pattern, 0)
        code = [int(word) for word in _compiler._code(parsed, 0)]
        state = parsed.state
        indexgroup: list[str | None] = [None] * state.groups
        for name, index in state.groupdict.items():
            indexgroup[index] = name
        groupindex = dict(state.groupdict)
        made = _sre.compile(
            pattern, state.flags, code, state.groups - 1, groupindex, tuple(indexgroup)
        )
    except (AttributeError, TypeError, ValueError, RuntimeError):  # another Python's internals
        return None
    expected = re.compile(pattern)  # equal patterns: same text, flags and code
    if made != expected or made.groupindex != expected.groupindex:
        return None
    return [state.flags, code, groupindex, indexgroup]
