"""How much reading the words costs next to the structure-only analysis, on one synthetic thread.

    python -m bench.text [--comments 100000] [--seed S]

Times (a) nlp.analyze.analyze_thread and (b) comment signals plus text_metrics for the same
thread, and prints both and their ratio. The goal: structure plus text within 3x structure alone.
Building the analyzer (loading lemma tables, done once per service) is timed separately.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from bench.generate import generate_thread
from importers.payload import Payload
from importers.registry import import_payload
from nlp.analyze import analyze_thread
from nlp.pipeline import build_text_analyzer, signals_by_comment
from nlp.text_metrics import text_metrics
from nlp.tree import build_reply_tree

GOAL = 3.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.comments < 1:
        parser.error("--comments must be at least 1")

    raw = json.dumps(generate_thread(args.comments, args.seed)).encode()
    (imported,) = import_payload(Payload(raw, filename="bench.json"))
    thread = imported.thread

    started = time.perf_counter()
    analyzer = build_text_analyzer()
    setup = time.perf_counter() - started

    started = time.perf_counter()
    analyze_thread(thread)
    structure = time.perf_counter() - started

    # The tree is built again so (b) stands alone, as it would if wired in without sharing.
    started = time.perf_counter()
    tree = build_reply_tree(thread)
    signals = signals_by_comment(analyzer, tree.comments.values())
    metrics = text_metrics(tree, signals)
    text = time.perf_counter() - started

    ratio = (structure + text) / structure
    print(f"comments:                 {len(thread.comments):>10}")
    print(f"analyzer setup (once):    {setup:>10.2f} s")
    print(f"(a) structure only:       {structure:>10.2f} s")
    print(f"(b) signals+text_metrics: {text:>10.2f} s")
    print(f"text / structure:         {text / structure:>10.2f} x")
    print(f"(a+b) / a:                {ratio:>10.2f} x  (goal <= {GOAL:.0f}x)")
    print(f"languages: {metrics.languages}")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
