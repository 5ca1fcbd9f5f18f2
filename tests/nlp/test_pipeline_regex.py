"""Patterns the pipelines compile faster without matching anything differently: a long
alternation with its shared pieces written once, prefixes anchored once per run, and spaCy's
French module imported with its token match compiled that way."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from spacy.util import (
    compile_infix_regex,
    compile_prefix_regex,
    compile_suffix_regex,
    get_lang_class,
)

from nlp import regex_factoring
from nlp.blank_pipeline import blank_pipeline
from nlp.lexicon import DEFAULT_LANGUAGES, MULTILINGUAL
from nlp.pattern_cache import compile_cached
from nlp.regex_factoring import compile_factored, compile_prefixes, factored
from nlp.spacy_french import rewrite_token_match

# A class long enough to be a piece of its own (nlp.regex_factoring.BIG_CLASS).
BIG = "[" + "abcdefghijklmnopqrstuvwxyz" * 5 + "]"
# "ab" or "cd" then letters, or "ef" then letters or nothing:
#   (?:^ab BIG+$) | (?:^cd BIG+$) | (?:^ef BIG*$)
#          └─ same tail ─┘             own tail
ALTERNATION = f"(?i)(?:^ab{BIG}+$)|(?:^cd{BIG}+$)|(?:^ef{BIG}*$)"
WORDS = ["abc", "ab", "cdxyz", "CDx", "ef", "efg", "xab", "abc1", "ab-c", "cdx\n", ""]


def test_shared_pieces_are_written_once() -> None:
    # "$" ends every branch; BIG+ ends two of them, whose heads become one group.
    assert factored(ALTERNATION) == f"(?i)(?:(?:^ab|^cd){BIG}+|^ef{BIG}*)$"


def test_a_factored_pattern_matches_the_same_words() -> None:
    original, faster = re.compile(ALTERNATION), compile_factored(ALTERNATION)
    assert [bool(faster.match(w)) for w in WORDS] == [bool(original.match(w)) for w in WORDS]
    assert [w for w in WORDS if faster.match(w)] == ["abc", "cdxyz", "CDx", "ef", "efg", "cdx\n"]


def test_a_kept_factored_pattern_is_read_back_without_factoring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = compile_factored(ALTERNATION, tmp_path)
    compile_cached.cache_clear()

    def no_factoring(_: str) -> str:
        raise AssertionError("factored again instead of read from the folder")

    monkeypatch.setattr(regex_factoring, "factored", no_factoring)
    assert compile_factored(ALTERNATION, tmp_path) == kept == re.compile(factored(ALTERNATION))
    assert sorted(path.name.split("-")[0] for path in tmp_path.iterdir()) == ["factored", "re"]


def test_a_branch_with_alternatives_of_its_own_stays_whole() -> None:
    pattern = f"(?:x|y{BIG})|(?:z{BIG})"
    assert factored(pattern) == f"(?:(?:x|y{BIG})|z{BIG})"
    words = ["x", "yq", "zq", "y", "z"]
    assert [bool(re.match(factored(pattern), w)) for w in words] == [True, True, True, False, False]


@pytest.mark.parametrize("pattern", ["(?:ab", "a)b", "[ab"])
def test_a_pattern_python_refuses_is_refused_the_same_way(pattern: str) -> None:
    with pytest.raises(re.error):
        compile_factored(pattern)


def test_prefixes_are_anchored_once_per_run_of_anchored_pieces() -> None:
    # spaCy anchors the first branch of each piece only: "a|b" gives "^a|b".
    pieces = [r"\(", "a|b", "c"]
    assert compile_prefixes(pieces).pattern == r"^(?:\(|a)|b|^(?:c)"
    spacys = compile_prefix_regex(pieces)
    for text in ["(x", "ab", "xb", "ca", "x", "xc", "bbb"]:
        ours, theirs = compile_prefixes(pieces).search(text), spacys.search(text)
        assert (ours and ours.span()) == (theirs and theirs.span()), text


def test_blank_prefix_pieces_are_left_out_as_spacy_does() -> None:
    assert compile_prefixes(["a", " ", "b"]).pattern == "^(?:a|b)"


def test_the_token_match_line_is_rewritten_and_nothing_else() -> None:
    tree = ast.parse(
        "import re\nOTHER = re.compile('x')\nTOKEN_MATCH = re.compile('a' + 'b').match"
    )
    assert rewrite_token_match(tree)
    rewritten = ast.unparse(tree)
    assert "OTHER = re.compile('x')" in rewritten
    assert "TOKEN_MATCH = _parley_compile_factored('a' + 'b').match" in rewritten


@pytest.mark.parametrize(
    "source",
    [
        "TOKEN_MATCH = None",
        "TOKEN_MATCH = re.compile('a', re.I).match",  # flags: not the call expected
        "TOKEN_MATCH = regex.compile('a').match",
        "TOKEN_MATCH = re.compile('a').match\nTOKEN_MATCH = re.compile('b').match",
    ],
)
def test_any_other_shape_is_left_as_spacy_wrote_it(source: str) -> None:
    tree = ast.parse(source)
    assert not rewrite_token_match(tree)
    assert ast.unparse(tree) == ast.unparse(ast.parse(source))


FRENCH_CHECK = """
import json, re, sys
from nlp.pipeline import build_pipeline
nlp = build_pipeline("fr")
import spacy.lang.fr.tokenizer_exceptions as exceptions
# spaCy's own expression, rebuilt from the same alternatives and compiled as it does (2.5 s).
original = re.compile("(?iu)" + "|".join("(?:{})".format(m) for m in exceptions._regular_exp))
words = json.loads(sys.stdin.read())
tokenizer_match = nlp.tokenizer.token_match
print(json.dumps({
    "faster_pattern_length": len(exceptions.TOKEN_MATCH.__self__.pattern),
    "original_pattern_length": len(original.pattern),
    "tokenizer_uses_it": tokenizer_match == exceptions.TOKEN_MATCH,
    "original": [bool(original.match(w)) for w in words],
    "faster": [bool(exceptions.TOKEN_MATCH(w)) for w in words],
    "tokens": [t.text for t in nlp("Ma grand-mère et mon ex-femme vont à New-York, peut-être.")],
}))
"""
FRENCH_WORDS = [
    *("grand-mère", "anti-inflammatoire", "porte-monnaie", "saut-de-ski", "pet-en-l'air"),
    *("New-York", "entr'abat", "Burn-out", "ex-femme", "néo-zélandais", "états-unis"),
    *("mère-grand", "bonjour", "peut-être", "rendez-vous", "grand", "anti-", "-mère", ""),
]


def test_french_is_imported_with_a_token_match_that_matches_the_same_words() -> None:
    # A fresh interpreter: this one may have imported spaCy's French module already.
    done = subprocess.run(
        [sys.executable, "-c", FRENCH_CHECK],
        input=json.dumps(FRENCH_WORDS),
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(done.stdout)
    assert found["faster_pattern_length"] * 50 < found["original_pattern_length"]
    assert found["tokenizer_uses_it"]
    assert found["faster"] == found["original"]
    assert found["faster"] == [True] * 11 + [False] * 8
    assert found["tokens"] == [
        *("Ma", "grand-mère", "et", "mon", "ex-femme", "vont", "à", "New-York", ","),
        *("peut-être", "."),
    ]


@pytest.mark.parametrize("language", [*DEFAULT_LANGUAGES, MULTILINGUAL])
def test_blank_tokenizers_compile_spacys_suffixes_and_infixes(language: str) -> None:
    defaults = get_lang_class(language).Defaults
    tokenizer: Any = blank_pipeline(language).tokenizer  # spaCy's Tokenizer has no type stubs
    suffixes = compile_suffix_regex(defaults.suffixes or ())
    infixes = compile_infix_regex(defaults.infixes or ())
    assert tokenizer.suffix_search.__self__.compiled == suffixes
    assert tokenizer.infix_finditer.__self__.compiled == infixes
