"""Which platforms flatten replies is declared once (nlp.thread.Platform); formats agree."""

from __future__ import annotations

from importers.registry import all_formats
from nlp.thread import Platform


def test_a_flattened_format_belongs_to_a_platform_that_flattens_replies() -> None:
    for declared in all_formats():
        if declared.flattened:
            platform = Platform(declared.name.split("_")[0])
            assert platform.flattens_replies, declared.name


def test_flattening_platforms() -> None:
    assert {p.value for p in Platform if p.flattens_replies} == {
        "tiktok",
        "youtube",
        "instagram",
        "facebook",
    }
