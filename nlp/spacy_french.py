"""spaCy's French language, imported without compiling its 1.4 MB token-match pattern as written.

`spacy.lang.fr.tokenizer_exceptions` ends with `TOKEN_MATCH = re.compile(<266 alternatives>).match`
and that compile alone takes about 2.5 s, the most of any language Parley builds. Here that
module is loaded from spaCy's own source with that one call swapped for
`nlp.regex_factoring.compile_factored`, which compiles the same alternatives with their shared
pieces written once (matching exactly the same words) in about 0.1 s. Everything else in the
module, and in the French language, is spaCy's, unchanged. When that line is not found as
expected (another spaCy version), the module is imported as spaCy wrote it: slower, never wrong.
"""

from __future__ import annotations

import ast
import importlib
import re
import sys
from collections.abc import Callable, Sequence
from functools import partial
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec, PathFinder, SourceFileLoader
from importlib.util import spec_from_file_location
from pathlib import Path
from types import CodeType, ModuleType
from typing import Final

from nlp.regex_factoring import compile_factored

FRENCH: Final = "spacy.lang.fr"
EXCEPTIONS_MODULE: Final = "spacy.lang.fr.tokenizer_exceptions"
_COMPILE: Final = "_parley_compile_factored"  # the name the rewritten call refers to
Compile = Callable[[str], re.Pattern[str]]


def import_french(pattern_cache: Path | None = None) -> ModuleType:
    """`spacy.lang.fr`, imported now if it is not yet, its token match compiled factored (and
    kept in the folder `pattern_cache`, see nlp.pattern_cache). Callers hold the lock under
    which spaCy's modules are first imported (nlp.pipeline)."""
    if FRENCH in sys.modules:
        return sys.modules[FRENCH]
    finder = _ExceptionsFinder(partial(compile_factored, folder=pattern_cache))
    sys.meta_path.insert(0, finder)
    try:
        return importlib.import_module(FRENCH)
    finally:
        sys.meta_path.remove(finder)


def rewrite_token_match(tree: ast.Module) -> bool:
    """Rewrite the module's `TOKEN_MATCH = re.compile(pattern).match` to call `_COMPILE`
    instead; False (and the tree unchanged) when there is no such single statement."""
    calls = [
        statement.value.value
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        and [_name(target) for target in statement.targets] == ["TOKEN_MATCH"]
        and isinstance(statement.value, ast.Attribute)
        and statement.value.attr == "match"
        and isinstance(statement.value.value, ast.Call)
    ]
    if len(calls) != 1:
        return False
    (call,) = calls
    compiles = (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == "compile"
        and _name(call.func.value) == "re"
    )
    if not compiles or len(call.args) != 1 or call.keywords:
        return False
    call.func = ast.copy_location(ast.Name(id=_COMPILE, ctx=ast.Load()), call.func)
    return True


def _name(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


class _FactoredTokenMatchLoader(SourceFileLoader):
    """Loads the exceptions module from its source, rewritten by `rewrite_token_match`."""

    def __init__(self, fullname: str, path: str, compile_match: Compile) -> None:
        super().__init__(fullname, path)
        self.compile_match = compile_match

    def get_code(self, fullname: str) -> CodeType:
        source = self.get_data(self.path)
        tree = ast.parse(source, filename=self.path)
        rewrite_token_match(tree)
        return compile(tree, self.path, "exec", dont_inherit=True)

    def exec_module(self, module: ModuleType) -> None:
        setattr(module, _COMPILE, self.compile_match)
        super().exec_module(module)


class _ExceptionsFinder(MetaPathFinder):
    """Finds spaCy's French exceptions module where Python would, loaded by the loader above."""

    def __init__(self, compile_match: Compile) -> None:
        self.compile_match = compile_match

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname != EXCEPTIONS_MODULE:
            return None
        found = PathFinder.find_spec(fullname, path)
        if found is None or found.origin is None or not isinstance(found.loader, SourceFileLoader):
            return None  # no source to rewrite: the usual import
        loader = _FactoredTokenMatchLoader(fullname, found.origin, self.compile_match)
        return spec_from_file_location(fullname, found.origin, loader=loader)
