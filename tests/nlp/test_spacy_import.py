"""spaCy imported without its command line, and garbage collection paused while pipelines are
built, change nothing else."""

from __future__ import annotations

import gc
import subprocess
import sys
from importlib import import_module
from importlib.metadata import entry_points
from threading import Barrier, Thread
from typing import Any

from nlp.spacy_import import gc_paused, import_spacy

_IMPORT = """
import sys
from nlp.pipeline import build_pipeline
nlp = build_pipeline("en")
print(sorted(m for m in ("requests", "typer", "weasel", "spacy.cli") if m in sys.modules))
import spacy
print(hasattr(spacy, "cli"), spacy.info(silent=True)["spacy_version"] == spacy.__version__)
import spacy.cli
print(callable(spacy.cli.download))
"""


def test_spacy_comes_without_its_command_line_which_still_imports_when_asked() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT], capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[:3] == ["[]", "False True", "True"]


def test_collection_resumes_after_the_last_pause_with_what_lives_frozen() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        made: list[list[int]] = [[] for _ in range(100)]
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(made)


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_pauses_in_several_threads_end_with_the_last() -> None:
    inside, leave = Barrier(3), Barrier(3)
    states: list[bool] = []

    def pause() -> None:
        with gc_paused():
            inside.wait()
            leave.wait()

    threads = [Thread(target=pause) for _ in range(2)]
    for thread in threads:
        thread.start()
    inside.wait()
    states.append(gc.isenabled())
    leave.wait()
    for thread in threads:
        thread.join()
    assert states == [False]
    assert gc.isenabled()


def test_registries_find_the_same_entry_points_once_per_group() -> None:
    import_spacy()
    catalogue: Any = import_module("catalogue")  # no type stubs
    installed = entry_points()
    for group in ("spacy_factories", "spacy_languages", "thinc_layers", "no_such_group"):
        found = catalogue.AVAILABLE_ENTRY_POINTS.select(group=group)
        assert list(found) == list(installed.select(group=group))
        assert catalogue.AVAILABLE_ENTRY_POINTS.select(group=group) is found
    named = catalogue.AVAILABLE_ENTRY_POINTS.select(name="spacy")  # not by group: asked anew
    assert list(named) == list(installed.select(name="spacy"))
