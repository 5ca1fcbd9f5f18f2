"""How long `parley analyze` takes on one small multilingual thread, start-up included.

    python -m bench.analyze_small [--runs 5] [--keep FILE] [--parley PATH]

Writes a 100-comment canonical thread (the reply structure of bench.generate; comments written
for this benchmark: mostly English, some Spanish, German, Portuguese, Italian, Turkish and Dutch,
a few French and Indonesian, and short reactions too short to detect), then times
`parley analyze FILE --json` in a child process --runs times: wall seconds (min and median),
CPU seconds (median) and peak RSS (max), read from the child's own rusage. Goal: under 1.5 s.

Every language the comments are detected in is a spaCy pipeline built during the run, so the
languages found are printed too. The machine's load average is printed first: on a busy machine
every wall time grows, CPU seconds less so.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.analyze import parley_executable
from bench.generate import generate_thread
from bench.startup import ANALYZE_GOAL_SECONDS, analyze_once

COMMENTS = 100
SEED = 13
# Comment texts, shuffled by a seeded generator; English ones and reactions recur, as in a thread.
ENGLISH = (
    "This is honestly the best explanation of sourdough I have ever watched",
    "I tried this yesterday and the bread came out perfect",
    "Does anyone know which flour she is using here?",
    "You can use any strong bread flour, it works the same",
    "The oven temperature seems far too high for a loaf like this",
    "My grandmother used to bake exactly like this every Sunday",
    "Why would you add the salt after the dough has risen?",
    "Because salt slows the yeast down if you add it too early",
    "Thanks for sharing, I never knew that about yeast",
    "The music in the background is so relaxing",
    "Can you post the full list of ingredients please",
    "It is in the description under the video",
    "I disagree, kneading by hand makes a real difference",
    "How long did you let it rest in the fridge?",
    "Overnight is best, at least twelve hours",
    "This channel deserves way more subscribers",
    "Watching this at two in the morning while hungry was a mistake",
    "The crust looks amazing, what kind of pan is that",
    "Cast iron, it holds the heat much better than steel does",
    "I made it with honey instead of sugar and it was great",
)
REACTIONS = ("lol", "so good", "wow 😍", "😂😂😂", "first!", "yes", "need this", "#baking #bread")
OTHER_LANGUAGES = (
    "Me encanta esta receta, la voy a preparar mañana",
    "¿Cuánto tiempo hay que dejar reposar la masa?",
    "Muchas gracias por compartir, quedó deliciosa",
    "Das Rezept ist wirklich einfach und schmeckt super",
    "Wie lange muss der Teig im Kühlschrank ruhen?",
    "Essa receita ficou maravilhosa, obrigada por compartilhar",
    "Qual farinha você usou nesse pão?",
    "Questa ricetta è fantastica, la provo stasera",
    "Çok güzel olmuş, ellerinize sağlık",
    "Wat een lekker recept, bedankt voor het delen",
)
FRENCH_AND_INDONESIAN = (
    "Merci pour la recette, c'est vraiment délicieux",
    "Combien de temps faut-il laisser reposer la pâte ?",
    "omg merci chef, parfait as always",
    "Resepnya enak banget, makasih ya kak",
    "Kak, ini pakai tepung apa?",
    "mantap kak, anak-anak suka sekali",
)


def small_thread() -> dict[str, Any]:
    """The benchmark's canonical thread: bench.generate's structure, these comments' texts."""
    thread = generate_thread(COMMENTS, seed=SEED)
    texts = [*ENGLISH * 3, *REACTIONS * 2, *OTHER_LANGUAGES, *FRENCH_AND_INDONESIAN]
    texts += ENGLISH[: COMMENTS - len(texts)]
    random.Random(SEED).shuffle(texts)
    for comment, text in zip(thread["comments"], texts, strict=True):
        mention = comment["text"].split()[0] if comment["text"].startswith("@") else ""
        comment["text"] = f"{mention} {text}".strip()
    thread["external_id"] = "bench-analyze-small"
    thread["title"] = "Small multilingual benchmark thread"
    return thread


def detected_languages(parley: Path, path: Path) -> dict[str, int]:
    """Comments per detected language, from one run's JSON output."""
    done = subprocess.run(
        [str(parley), "analyze", str(path), "--json"], capture_output=True, check=True
    )
    (result,) = json.loads(done.stdout)
    languages: dict[str, int] = result["text"]["languages"]
    return languages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="also write the thread to this file")
    parser.add_argument(
        "--parley", type=Path, default=parley_executable(), help="the parley command to time"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    thread = json.dumps(small_thread(), ensure_ascii=False)
    if args.keep is not None:
        args.keep.write_text(thread, encoding="utf-8")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load}")
    with tempfile.TemporaryDirectory(prefix="parley-analyze-small-") as folder:
        path = Path(folder) / "small.json"
        path.write_text(thread, encoding="utf-8")
        languages = detected_languages(args.parley, path)
        measured = [analyze_once(args.parley, path) for _ in range(args.runs)]
    walls = [wall for wall, _, _ in measured]
    print(f"`parley analyze` on {COMMENTS} comments, {args.runs} runs (goal < ", end="")
    print(f"{ANALYZE_GOAL_SECONDS} s wall)")
    print("  languages: " + ", ".join(f"{code} {n}" for code, n in languages.items()))
    print("  wall s: " + ", ".join(f"{wall:.2f}" for wall in walls))
    print(f"  wall min {min(walls):.2f} s, median {statistics.median(walls):.2f} s; ", end="")
    print(f"CPU median {statistics.median(cpu for _, cpu, _ in measured):.2f} s; ", end="")
    print(f"peak RSS {max(rss for _, _, rss in measured):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
