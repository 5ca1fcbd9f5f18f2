"""The nesting bound: the byte-level count against the exact one, and what Payload refuses."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from importers.json_depth import MAX_JSON_DEPTH, json_depth, valid_json_depth
from importers.payload import Payload, PayloadError

# Strings that hide brackets, quotes and backslashes, the way escapes come out of JSON writers.
TRICKY_TEXTS = ("]]}", "[{", '"', '\\"]', "\\", "\\\\", 'a\\"b[', "\n]", "zoë ⭐ [", "\u0000}")


def nested(rng: random.Random, depth: int) -> Any:
    """A value nesting `depth` levels (one container each), with strings and shallower
    siblings on the way down."""
    if depth == 0:
        return rng.choice([*TRICKY_TEXTS, 7, None, True])
    inner = nested(rng, depth - 1)
    if depth > 1 and rng.random() < 0.5:  # its sibling object is one level deep
        return [rng.choice(TRICKY_TEXTS), inner, {"k]": rng.choice(TRICKY_TEXTS)}]
    return {rng.choice(TRICKY_TEXTS): rng.choice(TRICKY_TEXTS), "v": inner}


def wide_document(rng: random.Random, depth: int) -> str:
    """A JSON array of many shallow rows and one `depth` deep: more than MAX_JSON_DEPTH
    brackets, so neither count takes its shortcut."""
    rows: list[Any] = [nested(rng, 2) for _ in range(300)]
    rows.insert(rng.randrange(len(rows)), nested(rng, depth))
    return json.dumps(rows, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 2]))


@pytest.mark.parametrize("seed", range(12))
def test_the_byte_count_equals_the_exact_one_on_valid_json(seed: int) -> None:
    rng = random.Random(seed)
    for depth in (3, 40, MAX_JSON_DEPTH - 2, MAX_JSON_DEPTH + 5):
        text = wide_document(rng, depth)
        assert text.count("[") + text.count("{") > MAX_JSON_DEPTH
        assert valid_json_depth(text.encode()) == json_depth(text) == depth + 1
        lines = "\n".join(json.dumps(nested(rng, 2)) for _ in range(300))
        assert valid_json_depth(lines.encode()) == json_depth(lines) == 2


def test_the_byte_count_alone_decides_nothing_on_text_that_is_not_json() -> None:
    # A backslash outside any string: the exact count sees a string where the fast one does not.
    hidden = b'x\\"' + b"[" * 600 + b"]" * 600 + b'"'
    assert valid_json_depth(hidden) == 600
    assert json_depth(hidden.decode()) == 0
    Payload(hidden).check_depth()  # as the exact count says: nothing too deep
    # A backslash before a line break ends no string for the fast count, but does for the exact.
    open_brackets = b'"\\\n' + b"[" * 600 + b"]" * 600 + b'"'
    assert valid_json_depth(open_brackets) == 0
    assert json_depth(open_brackets.decode()) == 600
    with pytest.raises(PayloadError, match="more than 512 levels deep"):
        Payload(open_brackets).check_depth()


def test_payload_refuses_one_level_past_the_bound_and_reads_the_bound() -> None:
    rng = random.Random(7)
    deepest = wide_document(rng, MAX_JSON_DEPTH - 1)
    assert json_depth(deepest) == MAX_JSON_DEPTH
    assert Payload(deepest.encode()).json() == json.loads(deepest)
    too_deep = wide_document(rng, MAX_JSON_DEPTH)
    assert json_depth(too_deep) == MAX_JSON_DEPTH + 1
    payload = Payload(too_deep.encode())
    with pytest.raises(PayloadError, match="more than 512 levels deep"):
        payload.json()
    assert payload.depth_error() is not None


def test_brackets_in_strings_with_escaped_quotes_are_no_nesting() -> None:
    text = json.dumps([{"text": '\\"[' * 700 + '"{' * 700}, ["]"] * 3])
    payload = Payload(text.encode())
    assert payload.depth_error() is None
    assert payload.json() == json.loads(text)


def test_json_lines_are_bounded_line_by_line_and_refused_at_their_bad_line() -> None:
    rng = random.Random(11)
    rows = [json.dumps(nested(rng, 2)) for _ in range(300)]
    deep = [*rows, json.dumps(nested(rng, MAX_JSON_DEPTH + 1))]
    with pytest.raises(PayloadError, match="more than 512 levels deep"):
        Payload("\n".join(deep).encode()).json_lines()
    bounded = [*rows, json.dumps(nested(rng, MAX_JSON_DEPTH))]
    assert Payload("\n".join(bounded).encode()).json_lines()[-1][0] == len(bounded)
    broken = [rows[0], rows[1][:-1], *rows[2:]]
    with pytest.raises(PayloadError, match="invalid JSON at line 2"):
        Payload("\n".join(broken).encode()).json_lines()


def test_the_byte_count_of_text_without_escapes_takes_no_escape_pass() -> None:
    # No backslash anywhere: strings hide brackets and quotes only as themselves.
    text = json.dumps([{"t": "[[{"}] * 300 + [[[["]]"]]]], ensure_ascii=False)
    assert "\\" not in text
    assert valid_json_depth(text.encode()) == json_depth(text) == 4
    escaped = text.replace('"[[{"', '"\\"[[{"', 1)  # one escaped quote, further on unchanged
    assert valid_json_depth(escaped.encode()) == json_depth(escaped) == 4
