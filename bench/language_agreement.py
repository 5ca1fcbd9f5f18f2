"""How often do telltale words settle a comment's language, and how often do they agree with
lingua's high-accuracy mode? Lingua's low-accuracy mode, which Parley uses for the rest, is
measured against the same reference on the same comments.

    python -m bench.language_agreement [--data DIR]

Reads every dataset in shared/data except the 445,000-comment TikTok crawl (its subset is in).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from bench.import_shared_data import DEFAULT_DATA, all_datasets
from importers.payload import Payload
from importers.registry import import_payload
from nlp.language import (
    MIN_RELATIVE_DISTANCE,
    build_language_detector,
    is_detectable,
    language_text,
    telltale_language,
    telltale_words,
)
from nlp.lexicon import DEFAULT_LANGUAGES, MULTILINGUAL

LEFT_OUT = "tiktok/nesc-apify-full"


def shared_texts(data: Path) -> list[str]:
    texts: dict[str, None] = {}
    for dataset in all_datasets():
        if dataset.name == LEFT_OUT or not (data / dataset.name).is_dir():
            continue
        for upload in dataset.uploads(data / dataset.name):
            for item in import_payload(Payload(upload.data, filename=upload.filename)):
                texts.update(dict.fromkeys(c.text for c in item.thread.comments))
    return list(texts)


def code(language: Language | None) -> str:
    return MULTILINGUAL if language is None else language.iso_code_639_1.name.lower()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    words = [language_text(text) for text in shared_texts(args.data)]
    detectable = [w for w in dict.fromkeys(words) if is_detectable(w)]
    if not detectable:
        print(f"no comments found under {args.data}")
        return 0
    codes = [IsoCode639_1.from_str(c) for c in DEFAULT_LANGUAGES]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
    accurate = builder.with_minimum_relative_distance(MIN_RELATIVE_DISTANCE).build()
    reference = list(map(code, accurate.detect_languages_in_parallel_of(detectable)))
    fast = build_language_detector(DEFAULT_LANGUAGES).detect_languages_in_parallel_of(detectable)
    telltales = telltale_words(DEFAULT_LANGUAGES)
    settled = [
        (found, code(low), ref)
        for w, low, ref in zip(detectable, fast, reference, strict=True)
        if (found := telltale_language(w, telltales)) is not None
    ]
    n = len(settled)
    print(f"detectable comments: {len(detectable)}")
    print(f"settled by telltales: {n} ({n / len(detectable):.1%})")
    print(f"  agree with lingua high accuracy: {sum(t == r for t, _, r in settled) / n:.1%}")
    print(f"  lingua low accuracy on them:     {sum(lo == r for _, lo, r in settled) / n:.1%}")
    print(f"  by language: {dict(Counter(t for t, _, _ in settled).most_common())}")
    disagreements = Counter((t, r) for t, _, r in settled if t != r).most_common(8)
    print(f"  disagreements (telltales, reference): {disagreements}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
