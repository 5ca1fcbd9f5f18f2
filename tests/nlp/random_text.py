"""Random strings for tests that check a fast path against spaCy's own answer on many inputs."""

from __future__ import annotations

import random
from collections.abc import Sequence


def random_strings(pieces: Sequence[str], count: int, seed: int, longest: int) -> list[str]:
    """`count` strings of 1 to `longest` pieces each, drawn with `seed`: the same every run."""
    chooser = random.Random(seed)
    return ["".join(chooser.choices(pieces, k=chooser.randint(1, longest))) for _ in range(count)]
