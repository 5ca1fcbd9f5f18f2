"""How long `parley analyze` takes on small files, start-up included: one 100-comment thread per
default language and one multilingual thread.

    python -m bench.analyze_small [--runs 5] [--only en,fr,mixed] [--keep DIR] [--parley PATH]

Each thread has bench.generate's reply structure and comments written here, on baking bread:
a language's thread has 90 comments of one or two of its sentences and 10 short reactions (too
short to detect, so they go to the multilingual pipeline, as in real threads); the "mixed"
thread has 60 English comments, 2 in each other default language and 20 reactions. Each file
is analysed once untimed (which also builds any on-disk cache a first run builds), then
`parley analyze FILE --json` is timed in a child process --runs times: wall seconds (min and
median), CPU seconds (median) and peak RSS (max), read from the child's own rusage. Goal:
under 1.5 s wall.

The languages the comments were detected in are printed too: each is a spaCy pipeline built
during the run. The machine's load average is printed first: on a busy machine every wall time
grows, CPU seconds less so.
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
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from bench.analyze import parley_executable
from bench.generate import generate_thread
from bench.startup import ANALYZE_GOAL_SECONDS, analyze_once
from nlp.lexicon import DEFAULT_LANGUAGES

COMMENTS: Final = 100
REACTIONS_PER_LANGUAGE: Final = 10
MIXED: Final = "mixed"
MIXED_ENGLISH: Final = 60
MIXED_PER_OTHER_LANGUAGE: Final = 2
SEED: Final = 13
REACTIONS: Final = ("lol", "so good", "wow 😍", "😂😂😂", "first!", "yes", "need this", "#baking")

# Eight sentences per default language, joined by " | " to keep the lists short.
_SENTENCES: Final = {
    "en": "This is honestly the best explanation of sourdough I have ever watched | I tried "
    "this yesterday and the bread came out perfect | Does anyone know which flour she is using "
    "here? | Why would you add the salt after the dough has risen? | My grandmother used to "
    "bake exactly like this every Sunday | The crust looks amazing, what kind of pan is that | "
    "Watching this at two in the morning while hungry was a mistake | I disagree, kneading by "
    "hand makes a real difference",
    "es": "Me encanta esta receta, la voy a preparar mañana | ¿Cuánto tiempo hay que dejar "
    "reposar la masa? | Muchas gracias por compartir, quedó deliciosa | Yo siempre uso harina "
    "integral y sale muy bien | El pan de mi abuela era exactamente así | No entiendo por qué "
    "hay que amasar tanto tiempo | La corteza se ve perfecta, qué envidia | Lo hice ayer con "
    "mis hijos y les encantó",
    "pt": "Essa receita ficou maravilhosa, obrigada por compartilhar | Qual farinha você usou "
    "nesse pão? | Minha avó fazia um pão igualzinho a esse | Deixei a massa descansar a noite "
    "toda e deu certo | Não sabia que o sal atrapalha o fermento | Vou fazer no fim de semana "
    "com as crianças | Esse vídeo me deu muita fome | O forno precisa estar bem quente antes "
    "de colocar o pão",
    "fr": "Merci pour la recette, c'est vraiment délicieux | Combien de temps faut-il laisser "
    "reposer la pâte ? | Ma grand-mère faisait exactement le même pain | Je l'ai essayé hier "
    "et la croûte était parfaite | Pourquoi est-ce qu'on ajoute le sel à la fin ? | Cette "
    "vidéo m'a donné faim à deux heures du matin | Quelle farine utilisez-vous pour ce "
    "pain-là ? | On peut aussi le faire avec de la farine complète, c'est peut-être meilleur",
    "de": "Das Rezept ist wirklich einfach und schmeckt super | Wie lange muss der Teig im "
    "Kühlschrank ruhen? | Meine Oma hat das Brot genauso gebacken | Ich habe es gestern "
    "ausprobiert und es war perfekt | Warum kommt das Salz erst später in den Teig? | Die "
    "Kruste sieht unglaublich knusprig aus | Welches Mehl benutzt du für dieses Brot? | Danke "
    "für das Video, sehr gut erklärt",
    "it": "Questa ricetta è fantastica, la provo stasera | Quanto tempo deve riposare "
    "l'impasto? | Mia nonna faceva il pane proprio così | L'ho provato ieri ed è venuto "
    "benissimo | Perché il sale va aggiunto alla fine? | La crosta sembra davvero croccante | "
    "Che farina hai usato per questo pane? | Grazie per il video, spiegato molto bene",
    "id": "Resepnya enak banget, makasih ya kak | Kak, ini pakai tepung apa? | mantap kak, "
    "anak-anak suka sekali | Saya sudah coba kemarin dan hasilnya bagus sekali | Berapa lama "
    "adonannya harus didiamkan? | Nenek saya dulu juga membuat roti seperti ini | Kenapa "
    "garamnya dimasukkan di akhir? | Terima kasih sudah berbagi, sangat membantu",
    "nl": "Wat een lekker recept, bedankt voor het delen | Hoe lang moet het deeg in de "
    "koelkast rusten? | Mijn oma bakte het brood precies zo | Ik heb het gisteren geprobeerd "
    "en het was perfect | Waarom doe je het zout er pas later bij? | De korst ziet er echt "
    "heerlijk uit | Welk meel gebruik je voor dit brood? | Dank je wel voor de duidelijke uitleg",
    "tr": "Çok güzel olmuş, ellerinize sağlık | Hamuru ne kadar dinlendirmek gerekiyor? | "
    "Annem de ekmeği tam olarak böyle yapardı | Dün denedim ve harika oldu | Tuzu neden en son "
    "ekliyorsunuz? | Kabuğu gerçekten çok çıtır görünüyor | Bu ekmek için hangi unu "
    "kullandınız? | Tarif için teşekkürler, çok güzel anlatmışsınız",
    "ur": "بہت اچھی ترکیب ہے، شکریہ | آٹا کتنی دیر تک رکھنا چاہیے؟ | میری دادی بھی بالکل "
    "ایسے ہی روٹی بناتی تھیں | میں نے کل بنائی اور بہت مزے کی بنی | نمک آخر میں کیوں ڈالتے "
    "ہیں؟ | یہ ویڈیو دیکھ کر بھوک لگ گئی | آپ نے کون سا آٹا استعمال کیا ہے؟ | بہت شکریہ، آپ "
    "نے بہت اچھے طریقے سے سمجھایا",
    "ar": "وصفة رائعة، شكرا جزيلا على المشاركة | كم من الوقت يجب أن ترتاح العجينة؟ | جدتي "
    "كانت تخبز الخبز بنفس الطريقة | جربتها أمس وكانت النتيجة ممتازة | لماذا نضيف الملح في "
    "النهاية؟ | القشرة تبدو مقرمشة جدا | ما نوع الدقيق الذي تستخدمه؟ | شكرا على الشرح الواضح",
}
SENTENCES: Final[Mapping[str, tuple[str, ...]]] = {
    language: tuple(joined.split(" | ")) for language, joined in _SENTENCES.items()
}
THREADS: Final = (*DEFAULT_LANGUAGES, MIXED)


def comment_text(language: str, rng: random.Random) -> str:
    """One or two of the language's sentences, drawn by `rng`."""
    return " ".join(rng.sample(SENTENCES[language], rng.choice((1, 2))))


def thread_texts(name: str) -> list[str]:
    """The comment texts of thread `name` (a default language or "mixed"), shuffled."""
    rng = random.Random(f"{SEED}-{name}")
    if name == MIXED:
        others = [code for code in DEFAULT_LANGUAGES if code != "en"]
        texts = [comment_text("en", rng) for _ in range(MIXED_ENGLISH)]
        repeats = range(MIXED_PER_OTHER_LANGUAGE)
        texts += [comment_text(code, rng) for code in others for _ in repeats]
    else:
        texts = [comment_text(name, rng) for _ in range(COMMENTS - REACTIONS_PER_LANGUAGE)]
    texts += [rng.choice(REACTIONS) for _ in range(COMMENTS - len(texts))]
    rng.shuffle(texts)
    return texts


def small_thread(name: str = MIXED) -> dict[str, Any]:
    """Thread `name` as a canonical export: bench.generate's structure, these texts."""
    thread = generate_thread(COMMENTS, seed=SEED)
    for comment, text in zip(thread["comments"], thread_texts(name), strict=True):
        mention = comment["text"].split()[0] if comment["text"].startswith("@") else ""
        comment["text"] = f"{mention} {text}".strip()
    thread["external_id"] = f"bench-analyze-small-{name}"
    thread["title"] = f"Small benchmark thread: {name}"
    return thread


def detected_languages(parley: Path, path: Path) -> dict[str, int]:
    """Comments per detected language, from one (untimed) run's JSON output."""
    done = subprocess.run(
        [str(parley), "analyze", str(path), "--json"], capture_output=True, check=True
    )
    (result,) = json.loads(done.stdout)
    languages: dict[str, int] = result["metrics"]["languages"]
    return languages


def bench_thread(parley: Path, name: str, folder: Path, runs: int) -> str:
    """One row of the table: thread `name` written to `folder` and timed `runs` times."""
    path = folder / f"small-{name}.json"
    path.write_text(json.dumps(small_thread(name), ensure_ascii=False), encoding="utf-8")
    languages = detected_languages(parley, path)
    measured = [analyze_once(parley, path) for _ in range(runs)]
    walls = [wall for wall, _, _ in measured]
    cpu = statistics.median(cpu for _, cpu, _ in measured)
    rss = max(rss for _, _, rss in measured)
    found = " ".join(f"{code}:{n}" for code, n in sorted(languages.items(), key=lambda x: -x[1]))
    median = statistics.median(walls)
    return f"{name:<6} {min(walls):>6.2f} {median:>7.2f} {cpu:>6.2f} {rss:>9.0f}  {found}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--only", default=",".join(THREADS), help="comma-separated threads (languages, mixed)"
    )
    parser.add_argument("--keep", type=Path, help="write the threads to this folder and keep them")
    parser.add_argument(
        "--parley", type=Path, default=parley_executable(), help="the parley command to time"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    names = args.only.split(",")
    unknown = sorted(set(names) - set(THREADS))
    if unknown:
        parser.error(f"--only: no thread {', '.join(unknown)} (choose from {', '.join(THREADS)})")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load}")
    print(f"`parley analyze` on {COMMENTS} comments, {args.runs} runs each ", end="")
    print(f"(goal < {ANALYZE_GOAL_SECONDS} s wall); {args.parley}")
    print(f"{'thread':<6} {'min s':>6} {'median':>7} {'CPU s':>6} {'peak MB':>9}  detected")
    with tempfile.TemporaryDirectory(prefix="parley-analyze-small-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            print(bench_thread(args.parley, name, folder, args.runs), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
