"""Defaults and bounds of the comparisons' size control and bootstrap, declared once.

A module of constants alone: the `parley` command's parser states them in its options and help
without importing FastAPI or SQLAlchemy (app/api/compare/params.py and size_control.py use and
re-export them).
"""

from __future__ import annotations

from typing import Final

# The size control's default minimum comment count (app/api/compare/size_control.py says why).
DEFAULT_MIN_COMMENTS: Final = 5
# The bootstrap's time grows with resamples x threads: a report over 5,000 threads takes 1.8 s
# of CPU at 2,000 resamples, 3.2 s at 5,000 and 8.1 s at 20,000 (python -m bench.resamples).
# The Monte Carlo error of a 95% interval's end is about 1.5% of the interval's width at
# 2,000, 1% at 5,000 and 0.5% at 20,000: past the cap, time grows much faster than precision.
DEFAULT_RESAMPLES: Final = 2000
MAX_RESAMPLES: Final = 5000
MIN_RESAMPLES: Final = 100
