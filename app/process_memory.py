"""What a long-running Parley process (the server, a worker) does with its memory."""

from __future__ import annotations

import gc


def freeze_long_lived_objects() -> None:
    """Move every object alive now (modules, the ORM's mappings, schemas, spaCy's pipelines) out
    of the garbage collector's reach. A full collection otherwise walks them all, ~70 ms with
    the service's 140,000 start-up objects, and stalls every request in flight: measured as the
    p99 of /healthz under 20 clients, 110 ms before and 12 ms after. Called once start-up is
    done (nlp.spacy_import does the same after each pipeline it builds). A frozen object is still
    freed when nothing refers to it; only a reference cycle among frozen objects is never
    collected, which is right for objects that live as long as the process."""
    gc.freeze()


def thaw_long_lived_objects() -> None:
    """Give frozen objects back to the collector when the application stops: a process that
    starts applications again (the tests, an embedding program) would otherwise keep every
    stopped one's reference cycles for good."""
    gc.unfreeze()
