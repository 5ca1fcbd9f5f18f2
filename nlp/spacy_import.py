"""Importing spaCy and building its pipelines with less of the start-up cost a short run pays.

`import_spacy`: spaCy's package imports its command line (`spacy.cli`: download, training and
project commands, which import requests, typer and weasel) only to offer `spacy.info`. Here
that one import is answered by a stand-in whose `info` imports the real one when called, and
the stand-in is removed once spaCy is in, so a later `import spacy.cli` imports the real
package. This saves about 0.12 s of CPU per process (measured: 0.44 s to 0.32 s).

`gc_paused`: importing spaCy and building a pipeline make hundreds of thousands of objects that
live as long as the process (modules, compiled expressions, vocabularies). Every automatic
collection meanwhile would walk them all again, and so would each full collection later, for
nothing: so collection is off meanwhile, and when it resumes what is alive is moved out of its
reach (`gc.freeze`, as app.process_memory does after start-up; objects frozen are still freed
when no longer referenced, only a reference cycle among them is never collected). Measured on
`parley analyze` of a 100-comment file in 12 languages, spaCy's command line not imported:
1.35 s CPU paused, 1.17 s paused and frozen (1.74 s before either).

`import_spacy` also makes spaCy's registries look entry points up once per group: catalogue
reads the installed packages' entry points once, when imported, but then scans all of them
(about 200) on every registry look-up, about 400 times (0.1 s) to build the twelve default
pipelines. `_EntryPointsByGroup` answers each group's look-up as that snapshot did the first
time: it never changes.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module
from threading import Lock
from types import ModuleType
from typing import Any, Final

CLI: Final = "spacy.cli"
CLI_INFO: Final = "spacy.cli.info"


class _Pauses:
    """How many callers want automatic collection off, and whether it was on before them."""

    def __init__(self) -> None:
        self.lock = Lock()
        self.count = 0
        self.was_enabled = False


_PAUSES = _Pauses()


@contextmanager
def gc_paused() -> Iterator[None]:
    """No automatic garbage collection inside; afterwards as it was, with every object then
    alive frozen, also when several threads are inside at once (when the last one leaves)."""
    with _PAUSES.lock:
        if _PAUSES.count == 0:
            _PAUSES.was_enabled = gc.isenabled()
            gc.disable()
        _PAUSES.count += 1
    try:
        yield
    finally:
        with _PAUSES.lock:
            _PAUSES.count -= 1
            if _PAUSES.count == 0 and _PAUSES.was_enabled:
                gc.freeze()
                gc.enable()


def import_spacy() -> ModuleType:
    """`spacy`, imported now if it is not yet, without its command line (see the docstring).
    Callers hold the lock under which spaCy's modules are first imported (nlp.pipeline)."""
    if "spacy" in sys.modules or CLI in sys.modules or CLI_INFO in sys.modules:
        spacy = import_module("spacy")
    else:
        spacy = _import_without_cli()
    catalogue: Any = import_module("catalogue")  # no type stubs
    snapshot = getattr(catalogue, "AVAILABLE_ENTRY_POINTS", None)
    if hasattr(snapshot, "select") and not isinstance(snapshot, _EntryPointsByGroup):
        catalogue.AVAILABLE_ENTRY_POINTS = _EntryPointsByGroup(snapshot)
    return spacy


def _import_without_cli() -> ModuleType:
    package = ModuleType(CLI)
    package.__path__ = []
    info = ModuleType(CLI_INFO)
    info.info = _info  # type: ignore[attr-defined]
    stand_ins = {CLI: package, CLI_INFO: info}
    sys.modules.update(stand_ins)
    try:
        spacy = import_module("spacy")
    finally:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is package:
        delattr(spacy, "cli")
    return spacy


class _EntryPointsByGroup:
    """catalogue's snapshot of the installed entry points (`AVAILABLE_ENTRY_POINTS`), each
    group selected from it once; anything else asked of it is asked of the snapshot."""

    def __init__(self, snapshot: Any) -> None:
        self._snapshot = snapshot
        self._groups: dict[str, Any] = {}

    def select(self, **parameters: Any) -> Any:
        if list(parameters) != ["group"]:
            return self._snapshot.select(**parameters)
        group = parameters["group"]
        found = self._groups.get(group)
        if found is None:
            found = self._groups[group] = self._snapshot.select(group=group)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._snapshot, name)


def _info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, imported when called."""
    real: Callable[..., Any] = import_module(CLI_INFO).info
    return real(*args, **kwargs)
