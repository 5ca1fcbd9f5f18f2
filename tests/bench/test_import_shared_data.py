"""The shared-data run skips cleanly without data and imports real datasets when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.import_shared_data import DEFAULT_DATA, all_datasets, main
from importers.registry import all_formats


def test_absent_data_folder_is_skipped_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(tmp_path / "absent")]) == 0
    assert "nothing to do" in capsys.readouterr().out


def test_every_dataset_names_a_registered_format() -> None:
    names = {f.name for f in all_formats()}
    assert all_datasets()
    assert {d.native_format for d in all_datasets()} <= names


@pytest.mark.skipif(not DEFAULT_DATA.is_dir(), reason="no ../shared/data beside the checkout")
def test_a_real_dataset_imports(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--only", "youtube/ycd-everest"]) == 0
    assert "format=youtube_comment_downloader" in capsys.readouterr().out
