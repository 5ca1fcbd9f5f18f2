"""Regular expressions spaCy builds, rewritten to match exactly the same strings faster.

`compile_factored`: a long alternation with the pieces its alternatives share written once.
spaCy's French tokenizer matches words against 266 alternatives that hold 482 copies of a class
of all lower-case letters (about 5,000 characters, case-insensitive): Python takes about 2.5 s
to compile that, on every start. Writing `^ab[x]+$|^cd[x]+$` as `(?:^ab|^cd)[x]+$` matches the
same strings (concatenation distributes over alternation); here 6 copies are left, and it
compiles in about 0.1 s. Only whether a string matches is kept (which alternative matched may
differ), so this is for patterns used as yes/no tests, as spaCy uses `token_match`.

`compile_prefixes`: spaCy's prefix pattern with its anchors written once per run (same match).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import groupby, pairwise
from operator import itemgetter
from pathlib import Path
from typing import Final

from nlp.pattern_cache import cached, compile_cached, source_digest

FACTORED: Final = "factored"  # the kind of nlp.pattern_cache's values `factored` gives
# A character class longer than this is a piece of its own (e.g. spaCy's ALPHA_LOWER).
BIG_CLASS: Final = 100
_GLOBAL_FLAGS: Final = re.compile(r"\(\?[aiLmsux]+\)")
_QUANTIFIER: Final = re.compile(r"(?:[*+?]|\{\d*,?\d*\})\??")
# An escape, a character class ("]" first in it is a literal), a parenthesis or "|", or a run of
# anything else.
_ATOM: Final = re.compile(r"\\.|\[\^?\]?[^\]\\]*(?:\\.[^\]\\]*)*\]|[()|]|[^\\\[()|]+", re.S)

Pieces = tuple[str, ...]


class NotFactorable(ValueError):
    """The pattern holds something the scanner does not follow (it is then compiled as is)."""


def compile_factored(pattern: str, folder: Path | None = None) -> re.Pattern[str]:
    """`pattern` compiled with its alternatives' shared pieces written once; as `re.compile`
    when the pattern is not one this module can split safely. The rewritten pattern (under a
    hash of this module's source) and its compiled form are kept in `folder`
    (nlp.pattern_cache; None: not kept): French's takes 0.06 s to rewrite."""
    version = source_digest(__file__)
    try:
        rewritten = cached(
            folder if version else None,
            FACTORED,
            f"{version}\0{pattern}",
            lambda: factored(pattern),
        )
        return compile_cached(rewritten, folder)
    except NotFactorable:
        return re.compile(pattern)


def compile_prefixes(pieces: Sequence[str], folder: Path | None = None) -> re.Pattern[str]:
    """spaCy's `compile_prefix_regex` ("^a|^b|…"), with runs of anchored alternatives written
    "^(?:a|b|…)": the same match (the same alternatives tried in the same order), but at every
    position but the first a run fails after one test instead of one per alternative. Only the
    first top-level branch of a piece is anchored, as in spaCy's (a piece "x|y" gives "^x|y").
    A tokenizer looks for a prefix in every new word, and loading a language's exceptions in
    each of them; spaCy's joined pattern is used when a piece cannot be read. The compiled
    pattern is kept in `folder` (nlp.pattern_cache; None: not kept)."""
    kept = [piece for piece in pieces if piece.strip()]
    try:
        branches = [
            (index == 0, branch)
            for piece in kept
            for index, branch in enumerate(_top_level_split(piece))
        ]
    except NotFactorable:
        return compile_cached("|".join("^" + piece for piece in kept), folder)
    runs = [
        "^(?:" + "|".join(branch for _, branch in run) + ")"
        if anchored
        else "|".join(branch for _, branch in run)
        for anchored, run in groupby(branches, key=itemgetter(0))
    ]
    return compile_cached("|".join(runs), folder)


def factored(pattern: str) -> str:
    """`pattern` (optional leading global flags, then alternatives) rewritten so that it matches
    the same strings with each shared piece written once."""
    flags = _GLOBAL_FLAGS.match(pattern)
    head = flags.group() if flags else ""
    alternatives = [_unwrapped(branch) for branch in _top_level_split(pattern[len(head) :])]
    return head + _factor([_pieces(alternative) for alternative in alternatives])


def _scan(pattern: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, depth) of each atom of `pattern`: an escape, a character class, a
    parenthesis, a "|" or a run of other characters; depth counts the groups open before the
    atom (a group's ")" is at the depth of its "(")."""
    depth, i = 0, 0
    while i < len(pattern):
        atom = _ATOM.match(pattern, i)
        if atom is None:
            raise NotFactorable(f"cannot read the pattern at {i}")
        char = pattern[i]
        if char == ")":
            depth -= 1
            if depth < 0:
                raise NotFactorable("unbalanced parenthesis")
        yield i, atom.end(), depth
        if char == "(":
            depth += 1
        i = atom.end()
    if depth:
        raise NotFactorable("unbalanced parenthesis")


def _top_level_split(pattern: str) -> list[str]:
    """`pattern` split at each "|" outside groups and classes."""
    cuts = [start for start, _, depth in _scan(pattern) if depth == 0 and pattern[start] == "|"]
    bounds = [-1, *cuts, len(pattern)]
    return [pattern[a + 1 : b] for a, b in pairwise(bounds)]


def _unwrapped(branch: str) -> str:
    """A branch written "(?:x)" as x, when x holds no top-level "|" of its own."""
    if branch.startswith("(?:") and branch.endswith(")"):
        inner = branch[3:-1]
        try:
            balanced = len(_top_level_split(inner)) == 1
        except NotFactorable:
            balanced = False
        if balanced:
            return inner
    return branch


def _pieces(alternative: str) -> Pieces:
    """`alternative` cut before and after each top-level big class (with its quantifier)."""
    if len(_top_level_split(alternative)) > 1:
        return (f"(?:{alternative})",)
    pieces, start = [], 0
    for atom_start, atom_end, depth in _scan(alternative):
        big = alternative[atom_start] == "[" and atom_end - atom_start > BIG_CLASS
        if depth == 0 and big:
            quantifier = _QUANTIFIER.match(alternative, atom_end)
            end = quantifier.end() if quantifier else atom_end
            pieces += [alternative[start:atom_start], alternative[atom_start:end]]
            start = end
    pieces.append(alternative[start:])
    return tuple(piece for piece in pieces if piece)


def _factor(alternatives: Sequence[Pieces]) -> str:
    """One pattern matching what any of `alternatives` matches: the pieces all of them start or
    end with written once, the rest grouped by their last piece and factored again."""
    unique = list(dict.fromkeys(alternatives))
    if len(unique) == 1:
        return "".join(unique[0])
    shortest = min(map(len, unique))
    start = 0
    while start < shortest and len({a[start] for a in unique}) == 1:
        start += 1
    end = 0
    while end < shortest - start and len({a[len(a) - 1 - end] for a in unique}) == 1:
        end += 1
    if start or end:
        middles = [a[start : len(a) - end] for a in unique]
        first, last = unique[0][:start], unique[0][len(unique[0]) - end :]
        return "".join(first) + _factor(middles) + "".join(last)
    by_last: dict[str, list[Pieces]] = {}
    for alternative in unique:
        by_last.setdefault(alternative[-1] if alternative else "", []).append(alternative)
    return "(?:" + "|".join(_factor(group) for group in by_last.values()) + ")"
