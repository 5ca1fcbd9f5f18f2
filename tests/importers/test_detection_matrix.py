"""Every fixture is detected as exactly the format its folder names, and by no other."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.base import ImportOptions
from importers.payload import Payload
from importers.registry import all_formats, import_payload
from nlp.thread import Platform

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
FIXTURE_FILES = sorted(path for path in FIXTURES.glob("*/*") if path.is_file())
NEVER_DETECTED = {"mapped_columns"}  # chosen by name only, with a column mapping


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_is_detected_by_its_format_only(path: Path) -> None:
    payload = Payload(path.read_bytes(), filename=path.name)
    detected = [f.name for f in all_formats() if f.detect(payload)]
    assert detected == [path.parent.name]


def test_every_detectable_format_has_a_fixture_folder() -> None:
    folders = {path.name for path in FIXTURES.iterdir() if path.is_dir()}
    assert {f.name for f in all_formats()} - NEVER_DETECTED == folders


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_platform_option_overrides_every_format(path: Path) -> None:
    payload = Payload(path.read_bytes(), filename=path.name)
    imported = import_payload(payload, options=ImportOptions(platform="other"))
    assert {item.thread.platform for item in imported} == {Platform.OTHER}
