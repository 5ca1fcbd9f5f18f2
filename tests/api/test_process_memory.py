"""Start-up objects are frozen out of the garbage collector's reach while the service runs
(app/process_memory.py: a full collection stalled every request ~70 ms), and given back when it
stops."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient

from app.main import create_app
from tests.conftest import api_settings


def test_start_up_freezes_long_lived_objects_and_shutdown_thaws_them(database_url: str) -> None:
    gc.unfreeze()
    with TestClient(create_app(api_settings(database_url))):
        # The modules, mappings and schemas alive at start-up number in the tens of thousands.
        assert gc.get_freeze_count() > 10_000
    assert gc.get_freeze_count() == 0
