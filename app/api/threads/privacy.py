"""What a deployment keeps of the people behind the comments it stores: authors as they came or
pseudonymised (`importers/pseudonyms.py`), and comment text or metrics only.

Both are decided by settings (`pseudonymising`, `pseudonym_key`, `store_comment_text`) and
applied by the ingest before anything is analysed or stored. Each stored thread records how it
was kept in its import report's `privacy` entry; threads stored before it existed kept their
authors and text. An upload is merged only into a thread kept the same way: pseudonyms of
another key, or original authors beside pseudonyms, would count one person as two, and a thread
stored without text cannot be measured again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.api.threads.merge import StoredPost
from app.settings import Settings
from importers.base import ImportedThread, InvalidInput, Problem
from importers.pseudonyms import Pseudonymiser, pseudonymised, with_stored_mentions

ORIGINAL = "original"
PSEUDONYMISED = "pseudonymised"
STORED = "stored"
NOT_STORED = "not stored"
# What a thread stored before the `privacy` entry existed kept.
UNRECORDED = {"authors": ORIGINAL, "text": STORED}
PSEUDONYMS_NOTE = (
    "authors are pseudonymised: ids are u_… and names n_… (keyed hashes made at upload); "
    "@mentions of the thread's authors point at them"
)
NO_TEXT_NOTE = (
    "comment text is not stored (this deployment keeps metrics only): the text metrics were "
    "measured at upload; the thread cannot be merged with a later upload or rescored"
)


class CannotMerge(InvalidInput):
    """on_existing=merge, and the stored thread was kept in a way the upload cannot join."""

    def __init__(self, stored: StoredPost, reason: str) -> None:
        thread = stored.thread
        named = f"{thread.platform.value}/{thread.external_id} (thread {stored.thread_id})"
        super().__init__(
            f"on_existing=merge: {named} {reason}; on_existing=replace stores the upload instead",
            [Problem(("query", "on_existing"), f"{named} {reason}")],
        )


@dataclass(frozen=True, slots=True)
class Privacy:
    """How uploads are kept: `pseudonyms` None keeps authors as they came."""

    pseudonyms: Pseudonymiser | None = None
    store_text: bool = True

    @classmethod
    def of(cls, settings: Settings) -> Privacy:
        key = settings.pseudonym_key
        pseudonyms = None
        if settings.pseudonymising and key is not None:  # Settings refuses one without the other
            pseudonyms = Pseudonymiser(key.get_secret_value().encode("utf-8"))
        return cls(pseudonyms, settings.store_comment_text)

    @property
    def marker(self) -> dict[str, str]:
        """The import report's `privacy` entry of a thread stored now."""
        marker = {"authors": ORIGINAL, "text": STORED if self.store_text else NOT_STORED}
        if self.pseudonyms is not None:
            marker |= {"authors": PSEUDONYMISED, "pseudonym_key": self.pseudonyms.key_id}
        return marker

    @property
    def notes(self) -> tuple[str, ...]:
        """Plain-words limits a thread stored now carries in its import report."""
        pseudonyms = (PSEUDONYMS_NOTE,) if self.pseudonyms is not None else ()
        return pseudonyms + (() if self.store_text else (NO_TEXT_NOTE,))

    def applied(self, uploads: Sequence[ImportedThread]) -> list[ImportedThread]:
        """The upload's threads as they may be analysed and stored."""
        if self.pseudonyms is None:
            return list(uploads)
        return [pseudonymised(item, self.pseudonyms) for item in uploads]

    def joining(self, stored: StoredPost, upload: ImportedThread) -> ImportedThread:
        """The (already `applied`) upload as it joins the stored thread of its post, its
        mentions of authors only the stored thread holds pseudonymised too; CannotMerge when
        the stored thread was kept otherwise."""
        kept = stored_privacy(stored.import_report)
        if not keeps_text(stored.import_report):
            raise CannotMerge(
                stored, "was stored without comment text, so cannot be measured again"
            )
        now = self.marker
        if {k: kept.get(k) for k in ("authors", "pseudonym_key")} != {
            k: now.get(k) for k in ("authors", "pseudonym_key")
        }:
            raise CannotMerge(stored, f"keeps {_authors(kept)}, this deployment {_authors(now)}")
        if self.pseudonyms is None:
            return upload
        thread = with_stored_mentions(upload.thread, stored.thread, self.pseudonyms)
        return ImportedThread(thread, upload.report)


def stored_privacy(import_report: Mapping[str, Any]) -> Mapping[str, Any]:
    """How a stored thread was kept, from its import report."""
    kept = import_report.get("privacy")
    return kept if isinstance(kept, Mapping) else UNRECORDED


def keeps_text(import_report: Mapping[str, Any]) -> bool:
    return bool(stored_privacy(import_report).get("text") != NOT_STORED)


def _authors(marker: Mapping[str, Any]) -> str:
    if marker.get("authors") != PSEUDONYMISED:
        return "authors as they came"
    return f"authors pseudonymised with key {marker.get('pseudonym_key')}"
