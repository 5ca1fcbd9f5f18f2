"""Format detection and dispatch across the canonical and ConvoKit importers."""

from __future__ import annotations

import gzip
import importlib
import json
import pkgutil

import pytest

from importers import formats
from importers.base import ImportFormat, InvalidInput, UnknownFormat
from importers.payload import Payload, decompress
from importers.registry import all_formats, detect, format_named, import_payload

CANONICAL = json.dumps(
    {
        "platform": "reddit",
        "external_id": "t1",
        "comments": [{"id": "c1", "reply_to": None, "author": "a", "text": "hi"}],
    }
).encode()
CONVOKIT = (
    b'{"id": "p", "conversation_id": "p", "speaker": "op", "reply_to": null, "text": "post"}\n'
    b'{"id": "c", "conversation_id": "p", "speaker": "a", "reply_to": "p", "text": "hi"}\n'
)


def test_both_formats_are_discovered() -> None:
    names = {f.name for f in all_formats()}
    assert {"canonical", "convokit"} <= names


def test_the_formats_package_holds_format_modules_only() -> None:
    # Shared helpers live in importers.toolkit; a module here without FORMAT would be skipped.
    modules = [info.name for info in pkgutil.iter_modules(formats.__path__)]
    declared = [
        getattr(importlib.import_module(f"{formats.__name__}.{name}"), "FORMAT", None)
        for name in modules
    ]
    assert all(isinstance(value, ImportFormat) for value in declared)
    assert len(all_formats()) == len(modules)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (CANONICAL, "canonical"),
        (b"[" + CANONICAL + b"]", "canonical"),
        (CONVOKIT, "convokit"),
    ],
)
def test_detection_picks_the_right_format(body: bytes, expected: str) -> None:
    assert detect(Payload(body)).name == expected


def test_import_payload_runs_the_detected_parser() -> None:
    [imported] = import_payload(Payload(decompress(gzip.compress(CONVOKIT))))
    assert imported.thread.source_format == "convokit"
    assert [c.id for c in imported.thread.comments] == ["c"]


def test_a_named_format_skips_detection() -> None:
    with pytest.raises(InvalidInput) as caught:
        import_payload(Payload(CONVOKIT), "canonical")
    assert not isinstance(caught.value, UnknownFormat)
    assert format_named("convokit").name == "convokit"


def test_unknown_input_lists_the_supported_formats_and_what_was_seen() -> None:
    with pytest.raises(UnknownFormat) as caught:
        detect(Payload(b'{"hello": 1, "world": 2}'))
    detail = caught.value.detail
    assert "canonical" in detail
    assert "convokit" in detail
    assert "a JSON object with keys ['hello', 'world']" in detail
    assert caught.value.problems[0].loc == ("body",)


def test_unknown_jsonl_says_which_keys_its_first_record_has() -> None:
    with pytest.raises(UnknownFormat) as caught:
        detect(Payload(b'{"id": 1, "body": "x"}\n{"id": 2, "body": "y"}\n'))
    assert "JSON Lines whose first record has keys ['body', 'id']" in caught.value.detail


def test_an_unknown_format_name_is_refused() -> None:
    with pytest.raises(UnknownFormat) as caught:
        format_named("myspace")
    assert "canonical" in caught.value.detail
    assert caught.value.problems[0].loc == ("query", "format")
