"""Routing comments to language pipelines, batching, caching, and the optional trained model."""

from __future__ import annotations

import pytest
import spacy

from nlp.pipeline import (
    TextAnalyzer,
    build_pipeline,
    build_text_analyzer,
    comment_signals,
    signals_by_comment,
)
from nlp.results import CommentSignals
from nlp.signals import SIGNALS_COMPONENT, doc_signals
from nlp.thread import Comment

ENGLISH = "I really think this is the best video I have seen this year"
SPANISH = "Me encanta esta canción, la escucho todos los días"
TEXTS = [
    ENGLISH,
    "so true",
    SPANISH,
    "@ann 😂",
    "Why would anyone cook their pasta for that long?",
    "¿Dónde compraste esos zapatos tan bonitos?",
    "lol",
    ENGLISH,
]


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    return build_text_analyzer(["en", "es"], batch_size=2)


def test_an_english_and_a_spanish_comment_go_to_different_pipelines(
    analyzer: TextAnalyzer,
) -> None:
    english, spanish = comment_signals(analyzer, [ENGLISH, SPANISH])
    assert (english.language, spanish.language) == ("en", "es")
    # Each was lemmatised with its own language's table: "seen" -> "see", "canción" kept.
    assert "see" in english.content_lemmas
    assert {"encantar", "canción", "escuchar"} <= spanish.content_lemmas


def test_short_text_goes_to_the_multilingual_pipeline(analyzer: TextAnalyzer) -> None:
    (signals,) = comment_signals(analyzer, ["so true"])
    assert signals.language == "xx"
    assert signals.content_lemmas == {"true"}  # "so" is an English stop word


def test_batches_give_the_same_as_one_by_one_in_input_order(analyzer: TextAnalyzer) -> None:
    together = comment_signals(analyzer, TEXTS)
    alone = [comment_signals(analyzer, [text])[0] for text in TEXTS]
    assert together == alone
    assert [s.language for s in together] == ["en", "xx", "es", "xx", "en", "es", "xx", "en"]


def test_signals_are_keyed_by_comment_id(analyzer: TextAnalyzer) -> None:
    comments = [
        Comment(id="a", reply_to=None, author="ann", text=SPANISH),
        Comment(id="b", reply_to="a", author="bob", text="@ann 😂"),
    ]
    signals = signals_by_comment(analyzer, comments)
    assert list(signals) == ["a", "b"]
    assert signals["b"].is_tag_only
    assert signals["a"].language == "es"


def test_every_pipeline_ends_in_the_signals_component(analyzer: TextAnalyzer) -> None:
    assert analyzer.languages == ("en", "es")
    for language in ("en", "es", "xx"):
        assert analyzer.pipeline(language).pipe_names[-1] == SIGNALS_COMPONENT


def test_pipelines_are_built_once_on_first_use() -> None:
    analyzer = build_text_analyzer(["en", "es"])
    assert analyzer.pipeline("en") is analyzer.pipeline("en")
    comment_signals(analyzer, ["the cats were running home"])
    assert analyzer.pipeline("es") is not analyzer.pipeline("en")


def test_a_missing_trained_package_falls_back_to_the_blank_pipeline() -> None:
    nlp = build_pipeline("en", trained="parley_no_such_package")
    assert nlp.pipe_names == [SIGNALS_COMPONENT]
    assert doc_signals(nlp("the cats were running")).content_lemmas == {"cat", "run"}


@pytest.mark.skipif(
    not spacy.util.is_package("en_core_web_sm"), reason="en_core_web_sm is not installed"
)
def test_trained_pipeline_tags_auxiliaries() -> None:
    nlp = build_pipeline("en", trained="en_core_web_sm")
    assert "tagger" in nlp.pipe_names
    # Blank pipelines take any opening "do" as a question; the tagger tells the verb apart.
    assert doc_signals(nlp("Do you like cats")).is_question
    assert not doc_signals(nlp("Do it now")).is_question


# Fixed comments whose signals must not change when the text step is made faster. They go
# through detection too, so each row is what a thread's comment gets end to end. Language "xx":
# fewer than three words of letters. tokens: words, numbers, @handles, #tags and links, not marks
# or emoji. flags: q question, t tag-only, l low content. lemmas: content words only.
FIXED = [
    (
        "I really think this is the best video I have seen this year",
        "en",
        13,
        "",
        "think well video see year",
    ),
    ("the cats were running down the street", "en", 7, "", "cat run street"),
    ("What do you think about the new song?", "en", 8, "q", "think new song"),
    ("Why would anyone cook their pasta for that long?", "en", 9, "q", "cook pasta long"),
    ("Can you share the recipe please", "en", 6, "q", "share recipe"),
    ("Anyone else watching this in 2024", "en", 6, "q", "watch"),
    ("who else is here after the update??", "en", 7, "q", "update"),
    ("How nice is this place, I want to go", "en", 9, "", "nice place want"),
    (
        "What a beautiful goal from the young striker tonight!",
        "en",
        9,
        "",
        "beautiful goal young striker tonight",
    ),
    ("I love this song so much ❤️", "en", 6, "", "love song"),
    # best: "well" in the table
    ("This is the best day ever!!! 🔥🔥", "en", 6, "", "well day"),
    ("@maria_lopez you should try it with lime", "en", 7, "", "try lime"),
    ("@ann do you like cooking pasta", "en", 6, "q", "like cook pasta"),
    (
        "Check out my cooking channel www.example.com/videos for more recipes",
        "en",
        9,
        "",
        "check cook channel recipe",
    ),
    ("lol first time I hear this song", "en", 7, "", "time hear song"),
    # días: a stop word
    (
        "Me encanta esta canción, la escucho todos los días",
        "es",
        9,
        "",
        "encantar canción escuchar",
    ),
    ("¿Dónde compraste esos zapatos tan bonitos?", "es", 6, "q", "comprar zapato bonito"),
    # hoy: a stop word
    ("¡Qué bonito vestido tienes hoy!", "es", 5, "", "bonito vestir tener"),
    ("por qué hiciste eso con mi perro", "es", 7, "q", "hacer perro"),
    ("jajajaja que risa me da este video", "es", 7, "", "risa video"),
    # novo: a stop word
    ("o que você acha desse vídeo novo", "pt", 7, "q", "achar vídeo"),
    ("pourquoi tu fais ça tous les jours", "fr", 7, "q", "jour"),
    ("mdr trop drôle cette vidéo de chat", "fr", 7, "", "trop drôle vidéo chat"),
    ("warum machst du das immer so spät", "de", 7, "q", "machen spät"),
    # gemacht: a stop word
    ("Ich finde das Video wirklich sehr gut gemacht", "de", 8, "", "finden video"),
    ("kenapa kucing itu lucu sekali", "id", 5, "q", "kucing lucu"),
    ("wkwkwk lucu banget videonya kak", "id", 5, "", "lucu banget videonya kak"),
    # acaba: a stop word
    ("bu kedi senin mi acaba", "tr", 5, "q", "kedi"),
    ("bu video çok güzel olmuş", "tr", 5, "", "video güzel ol"),
    # اليوم: a stop word
    ("كيف حالك اليوم يا صديقي", "ar", 5, "q", "حالك صديقي"),
    ("القطط في البيت جميلة جدا", "ar", 5, "", "القطط البيت جميلة"),
    ("so true", "xx", 2, "", "true"),
    ("the gatos", "xx", 2, "", "gatos"),
    ("why not", "xx", 2, "l", ""),
    ("ok？", "xx", 1, "ql", ""),
    ("lol", "xx", 1, "l", ""),
    ("first!!!", "xx", 1, "l", ""),
    ("xD", "xx", 1, "l", ""),
    ("...", "xx", 0, "l", ""),
    ("", "xx", 0, "l", ""),
    ("kkkkkkk", "xx", 1, "l", ""),
    ("omgggg 😭😭😭", "xx", 1, "l", ""),
    ("#fyp #viral", "xx", 2, "l", ""),
    ("@ann", "xx", 1, "tl", ""),
    ("@ann @bob 😂😂", "xx", 2, "tl", ""),
    ("@ann !!", "xx", 1, "tl", ""),
    ("@ann look", "xx", 2, "", "look"),
    ("👍🏽 👨‍👩‍👧 🇪🇸 1️⃣ ❤️", "xx", 0, "tl", ""),
    ("great😂😂", "xx", 1, "", "great"),
    ("@bob_99 see https://x.com/a?b=1 #Cats", "xx", 4, "l", ""),
]
# Handles, hashtags, links and emoji, in the order written, for the rows that have any.
FIXED_ENTITIES = {
    "I love this song so much ❤️": ((), (), (), ("❤️",)),
    "This is the best day ever!!! 🔥🔥": ((), (), (), ("🔥", "🔥")),
    "@maria_lopez you should try it with lime": (("maria_lopez",), (), (), ()),
    "@ann do you like cooking pasta": (("ann",), (), (), ()),
    "Check out my cooking channel www.example.com/videos for more recipes": (
        (),
        (),
        ("www.example.com/videos",),
        (),
    ),
    "@ann": (("ann",), (), (), ()),
    "@ann !!": (("ann",), (), (), ()),
    "@ann look": (("ann",), (), (), ()),
    "omgggg 😭😭😭": ((), (), (), ("😭", "😭", "😭")),
    "#fyp #viral": ((), ("fyp", "viral"), (), ()),
    "@ann @bob 😂😂": (("ann", "bob"), (), (), ("😂", "😂")),
    "👍🏽 👨‍👩‍👧 🇪🇸 1️⃣ ❤️": ((), (), (), ("👍🏽", "👨\u200d👩\u200d👧", "🇪🇸", "1️⃣", "❤️")),
    "great😂😂": ((), (), (), ("😂", "😂")),
    "@bob_99 see https://x.com/a?b=1 #Cats": (("bob_99",), ("Cats",), ("https://x.com/a?b=1",), ()),
}


@pytest.fixture(scope="module")
def fixed_signals() -> dict[str, CommentSignals]:
    analyzer = build_text_analyzer(["en", "es", "pt", "fr", "de", "id", "tr", "ar"], batch_size=7)
    texts = [row[0] for row in FIXED]
    return dict(zip(texts, comment_signals(analyzer, texts), strict=True))


@pytest.mark.parametrize(("text", "language", "tokens", "flags", "lemmas"), FIXED)
def test_fixed_comments(
    fixed_signals: dict[str, CommentSignals],
    text: str,
    language: str,
    tokens: int,
    flags: str,
    lemmas: str,
) -> None:
    signals = fixed_signals[text]
    assert signals.language == language
    assert signals.tokens == tokens
    assert (signals.is_question, signals.is_tag_only) == ("q" in flags, "t" in flags)
    assert signals.is_low_content is ("l" in flags)
    assert signals.content_lemmas == frozenset(lemmas.split())
    entities = (signals.mentions, signals.hashtags, signals.urls, signals.emoji)
    assert entities == FIXED_ENTITIES.get(text, ((), (), (), ()))
