"""A synthetic comment export in Parley's canonical format, for the import-job benchmarks.

    python -m bench.job_data OUT --comments 1000000 [--seed S] [--files N]

Writes a gzip-compressed JSON array of canonical threads, one thread per line (the canonical
format takes one thread object or an array of them; JSON Lines of threads are not one of its
shapes). Thread sizes are heavy-tailed (a Pareto law, capped): most threads have a handful of
comments, a few have thousands. Each thread's replies come from bench.generate (nested, with
back-and-forth chains and @mentions); its texts are rewritten in the thread's language (en, de,
fr, es, pt, it, id, tr; some comments in another one, some emoji only) from the short sentences
below, written for this benchmark. Threads are generated and written one at a time, so memory
stays bounded whatever the size. With `--files N` the comments are shared out over N files
(`OUT` with `.partK` before its extensions), one import job each.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.generate import generate_thread

MIN_THREAD = 4  # the Pareto law's scale: the typical small thread
TAIL_INDEX = 1.0  # smaller: heavier tail; 1.0 gives a median near 7, a mean near 30
MAX_THREAD = 5_000
OWN_LANGUAGE = 0.85  # comments in the thread's language; the rest another language or emoji
EMOJI_ONLY = 0.05
PLATFORMS = ("reddit", "youtube", "tiktok", "instagram")

SENTENCES: dict[str, tuple[str, ...]] = {
    "en": (
        "I watched this twice and still laugh at the ending",
        "Does anyone know where this was filmed",
        "Honestly the second part makes a lot more sense to me",
        "My brother said the same thing last week",
        "I do not agree, the numbers tell another story",
        "Thank you for explaining it so clearly",
        "Where can I find the full version",
        "This is exactly why I keep coming back here",
    ),
    "de": (
        "Ich habe das zweimal gesehen und lache immer noch",
        "Weiß jemand, wo das gedreht wurde",
        "Ehrlich gesagt finde ich den zweiten Teil viel besser",
        "Mein Bruder hat letzte Woche genau dasselbe gesagt",
        "Das stimmt so nicht, die Zahlen sagen etwas anderes",
        "Danke für die klare Erklärung",
        "Wo kann man die ganze Folge finden",
        "Deshalb schaue ich hier jeden Tag vorbei",
    ),
    "fr": (
        "Je l'ai regardé deux fois et je ris encore à la fin",
        "Quelqu'un sait où cela a été tourné",
        "Franchement la deuxième partie me parle beaucoup plus",
        "Mon frère a dit la même chose la semaine dernière",
        "Je ne suis pas d'accord, les chiffres disent autre chose",
        "Merci pour cette explication très claire",
        "Où est-ce qu'on peut trouver la version complète",
        "C'est pour ça que je reviens toujours sur cette chaîne",
    ),
    "es": (
        "Lo vi dos veces y todavía me río con el final",
        "Alguien sabe dónde se grabó esto",
        "La verdad es que la segunda parte tiene más sentido",
        "Mi hermano dijo lo mismo la semana pasada",
        "No estoy de acuerdo, los datos dicen otra cosa",
        "Gracias por explicarlo tan bien",
        "Dónde puedo ver la versión completa",
        "Por eso siempre vuelvo a este canal",
    ),
    "pt": (
        "Assisti duas vezes e ainda dou risada no final",
        "Alguém sabe onde isso foi gravado",
        "Sinceramente a segunda parte faz muito mais sentido",
        "Meu irmão falou a mesma coisa semana passada",
        "Não concordo, os números mostram outra coisa",
        "Obrigado por explicar de um jeito tão claro",
        "Onde eu encontro a versão completa",
        "É por isso que eu sempre volto neste canal",
    ),
    "it": (
        "L'ho guardato due volte e rido ancora alla fine",
        "Qualcuno sa dove è stato girato",
        "Sinceramente la seconda parte ha molto più senso",
        "Mio fratello ha detto la stessa cosa la settimana scorsa",
        "Non sono d'accordo, i numeri dicono altro",
        "Grazie per averlo spiegato così bene",
        "Dove posso trovare la versione completa",
        "Ecco perché torno sempre su questo canale",
    ),
    "id": (
        "Saya sudah nonton dua kali dan masih tertawa di akhir",
        "Ada yang tahu ini direkam di mana",
        "Jujur bagian kedua jauh lebih masuk akal",
        "Kakak saya bilang hal yang sama minggu lalu",
        "Saya tidak setuju, datanya bilang lain",
        "Terima kasih sudah menjelaskan dengan jelas",
        "Di mana saya bisa menemukan versi lengkapnya",
        "Makanya saya selalu kembali ke channel ini",
    ),
    "tr": (
        "İki kez izledim ve sonunda hâlâ gülüyorum",
        "Bunun nerede çekildiğini bilen var mı",
        "Açıkçası ikinci bölüm bana çok daha mantıklı geldi",
        "Kardeşim geçen hafta aynı şeyi söyledi",
        "Katılmıyorum, rakamlar başka bir şey söylüyor",
        "Bu kadar açık anlattığın için teşekkürler",
        "Tam versiyonunu nerede bulabilirim",
        "Bu yüzden bu kanala hep geri dönüyorum",
    ),
}
LANGUAGES = tuple(SENTENCES)
# Roughly how often each language leads a thread: English most, then the large Latin-script ones.
LANGUAGE_WEIGHTS = (0.34, 0.09, 0.09, 0.13, 0.11, 0.07, 0.10, 0.07)
EMOJI = ("😂😂😂", "🔥🔥", "❤️", "👏👏👏", "😮", "🙌❤️", "💯", "😭😭")


@dataclass(frozen=True, slots=True)
class ExportFile:
    path: Path
    threads: int
    comments: int


def thread_sizes(total: int, rng: random.Random) -> Iterator[int]:
    """Sizes summing to exactly `total`: Pareto-distributed, capped at MAX_THREAD."""
    left = total
    while left > 0:
        size = min(int(MIN_THREAD * rng.paretovariate(TAIL_INDEX)), MAX_THREAD, left)
        left -= size
        yield size


def multilingual_thread(size: int, seed: int, external_id: str) -> dict[str, Any]:
    """bench.generate's thread of `size` comments, its texts in the thread's languages."""
    rng = random.Random(seed)
    thread = generate_thread(size, seed)
    language = rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0]
    for comment in thread["comments"]:
        comment["text"] = _text(rng, language, comment["text"])
    thread["platform"] = PLATFORMS[seed % len(PLATFORMS)]
    thread["external_id"] = external_id
    thread["title"] = SENTENCES[language][seed % len(SENTENCES[language])]
    thread["tags"] = ["synthetic", f"lang-{language}"]
    return thread


def _text(rng: random.Random, language: str, generated: str) -> str:
    """A text in `language` (or, now and then, another or emoji only), keeping the @mention
    the generated text opens with: replies are re-targeted by them on some platforms."""
    mention, _, rest = generated.partition(" ") if generated.startswith("@") else ("", "", "")
    if generated.startswith("@") and not rest:
        return generated  # a comment that only tags someone stays one
    draw = rng.random()
    if draw < EMOJI_ONLY:
        body = rng.choice(EMOJI)
    else:
        chosen = language if draw < EMOJI_ONLY + OWN_LANGUAGE else rng.choice(LANGUAGES)
        body = ". ".join(rng.sample(SENTENCES[chosen], rng.randint(1, 3)))
    return f"{mention} {body}" if mention else body


def part_paths(out: Path, files: int) -> list[Path]:
    """`out` itself for one file; else `out` with `.partK` before its extensions."""
    if files == 1:
        return [out]
    stem, dot, extensions = out.name.partition(".")
    return [out.with_name(f"{stem}.part{k}{dot}{extensions}") for k in range(1, files + 1)]


def write_export(out: Path, comments: int, seed: int = 0, files: int = 1) -> list[ExportFile]:
    """The export in `files` files sharing `comments` out (the first ones one more when it does
    not divide), each a gzip-compressed JSON array with one thread per line."""
    rng = random.Random(seed)
    written = []
    for part, path in enumerate(part_paths(out, files)):
        quota = comments // files + (1 if part < comments % files else 0)
        threads = 0
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write("[")
            for size in thread_sizes(quota, rng):
                external_id = f"jobs-s{seed}-f{part + 1}-t{threads + 1}"
                thread = multilingual_thread(size, rng.getrandbits(32), external_id)
                handle.write(",\n" if threads else "\n")
                handle.write(json.dumps(thread, ensure_ascii=False, separators=(",", ":")))
                threads += 1
            handle.write("\n]\n")
        written.append(ExportFile(path, threads, quota))
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="where to write, e.g. export.json.gz")
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--files", type=int, default=1, help="share the comments out over N files")
    args = parser.parse_args(argv)
    if args.comments < args.files or args.files < 1:
        parser.error("--comments must be at least --files, and --files at least 1")
    for made in write_export(args.out, args.comments, args.seed, args.files):
        size = made.path.stat().st_size / 1e6
        print(f"{made.path}: {made.threads} threads, {made.comments} comments, {size:.1f} MB")


if __name__ == "__main__":
    main()
