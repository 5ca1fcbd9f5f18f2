"""spaCy's tokenizer with its exceptions added when a text could use them, not all at the start.

Making spaCy's tokenizer adds every exception of the language, one by one: Indonesian's 15,963
(reduplicated words such as "anak-anak") take about 1 s, Dutch's 4,670 about 0.3 s, which a
100-comment file analysed once pays in full. `LazyExceptionsTokenizer` starts with none but
the whitespace ones and, before it splits a text, adds those that could apply to it.

Which could apply: spaCy applies an exception to a run of characters equal to it (the whole
chunk between spaces, or what is left of it as prefixes and suffixes come off), or, through its
phrase matcher, to tokens whose texts join to it with only whitespace between them. Either way
the exception, with its whitespace taken out, occurs in the text with its whitespace taken out,
so every exception of which that holds is added first: splits are exactly spaCy's. Exceptions
added later only reset the tokenizer's cache of split chunks.

After `EAGER_AFTER_CHARACTERS` characters the rest are added at once: the look-up costs about
0.1 µs per character, adding all of Indonesian's about 65 µs per exception, so a long run pays
no more than a short one saves, and then pays nothing per text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from re import Match
from threading import Lock
from typing import Any, Final

from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

EAGER_AFTER_CHARACTERS: Final = 100_000
HEAD: Final = 2  # an exception is filed under its first two characters (or its one)

Exceptions = Mapping[str, list[dict[int | str, Any]]]


def without_whitespace(text: str) -> str:
    return "".join(text.split())


class LazyExceptionsTokenizer(Tokenizer):  # type: ignore[misc]  # spaCy's has no type stubs
    """spaCy's `Tokenizer`, made with the same arguments, that adds its exceptions (`rules`)
    on demand; `rules` lists all of them, added or not. Shared between threads as spaCy's is
    (it writes its cache of splits as it splits): exceptions are added under a lock and leave
    the pending ones only once added, so a text that needs one being added waits for it, and
    one added for another text cannot change this text's split."""

    def __init__(
        self,
        vocab: Vocab,
        rules: Exceptions | None = None,
        prefix_search: Callable[[str], Match[str] | None] | None = None,
        suffix_search: Callable[[str], Match[str] | None] | None = None,
        infix_finditer: Callable[[str], Iterable[Match[str]]] | None = None,
        token_match: Callable[[str], Match[str] | None] | None = None,
        url_match: Callable[[str], Match[str] | None] | None = None,
        faster_heuristics: bool = True,
        max_cache_size: int = 10_000,
    ) -> None:
        super().__init__(
            vocab,
            None,
            prefix_search,
            suffix_search,
            infix_finditer,
            token_match,
            url_match,
            faster_heuristics,
            max_cache_size,
        )
        self._all_rules = dict(rules or {})
        self._lock = Lock()
        self._characters_seen = 0
        self._pending: dict[str, str] = {}  # exception -> its text without whitespace
        by_head: defaultdict[str, list[str]] = defaultdict(list)
        for exception in self._all_rules:
            compact = without_whitespace(exception)
            if compact:
                self._pending[exception] = compact
                by_head[compact[:HEAD]].append(exception)
        self._by_head = dict(by_head)
        self._add([e for e in self._all_rules if e not in self._pending])

    @property
    def rules(self) -> dict[str, list[dict[int | str, Any]]]:
        """Every exception, whether added yet or not (as spaCy's `rules` reads)."""
        return self._all_rules

    @rules.setter
    def rules(self, rules: Exceptions) -> None:
        Tokenizer.rules.__set__(self, rules)
        self._all_rules = dict(rules)
        with self._lock:
            self._pending.clear()

    def __call__(self, text: str) -> Doc:
        if self._pending:
            self.add_exceptions_for(text)
        doc: Doc = super().__call__(text)
        return doc

    def add_exceptions_for(self, text: str) -> None:
        """Add every exception that could apply to `text` (all of them after enough text)."""
        self._characters_seen += len(text)
        if self._characters_seen > EAGER_AFTER_CHARACTERS:
            self.add_all_exceptions()
            return
        compact = without_whitespace(text)
        heads = {compact[i : i + HEAD] for i in range(len(compact))}.union(compact)
        wanted = [
            exception
            for head in heads.intersection(self._by_head)
            for exception in self._by_head[head]
            if (pending := self._pending.get(exception)) is not None and pending in compact
        ]
        if wanted:
            self._add_pending(wanted)

    def pending_exceptions(self) -> int:
        """How many exceptions are not added yet."""
        return len(self._pending)

    def add_all_exceptions(self) -> None:
        """Add the exceptions not added yet, so that no text waits for any."""
        with self._lock:
            self._add_now(list(self._pending))

    def _add_pending(self, exceptions: list[str]) -> None:
        with self._lock:
            self._add_now([e for e in exceptions if e in self._pending])

    def _add_now(self, exceptions: list[str]) -> None:
        """Add pending `exceptions`, then mark them added. Callers hold the lock."""
        self._add(exceptions)
        for exception in exceptions:
            del self._pending[exception]

    def _add(self, exceptions: list[str]) -> None:
        # In spaCy's order (`_load_special_cases` sorts them), though each is independent.
        for exception in sorted(exceptions):
            self.add_special_case(exception, self._all_rules[exception])
