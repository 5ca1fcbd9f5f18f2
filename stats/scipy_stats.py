"""scipy.stats, imported on first use: the import takes most of a second, which every process
that merely imports the statistics (the server starting, every `parley` command) would pay."""

from __future__ import annotations

from functools import cache
from types import ModuleType


@cache
def scipy_stats() -> ModuleType:
    import importlib

    return importlib.import_module("scipy.stats")
