"""Per-language word lists behind the text signals, kept in one place so they can be reviewed.

Every word is lower-case. A language missing from a table simply has no entry there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

MULTILINGUAL: Final = "xx"


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Languages analysed by default: those with a spacy-lookups-data lemma table, plus Arabic, whose
# comments are common enough to route even though its lemmas fall back to lower-cased forms.
DEFAULT_LANGUAGES: Final = ("en", "es", "pt", "fr", "de", "it", "id", "nl", "tr", "ur", "ar")

QUESTION_MARKS: Final = frozenset("?？¿؟")

# A comment whose first word (or first two words, space- or un-joined: "por qué", "est-ce")
# is one of these asks something even without a question mark.
INTERROGATIVE_OPENERS: Final[Mapping[str, frozenset[str]]] = {
    "en": _words(
        "what whats why how who whom whose where when which anyone anybody "
        "is are am was were do does did can could would will should shall may might "
        "have has had"
    ),
    "es": _words(
        "qué cómo quién quiénes dónde cuándo cuál cuáles cuánto cuánta cuántos cuántas acaso"
    )
    | {"por qué", "para qué"},
    "pt": _words("quê porquê como quem onde quando qual quais quanto quanta cadê")
    | {"por que", "por quê", "o que", "o quê"},
    "fr": _words(
        "pourquoi comment qui où quand quel quelle quels quelles combien est-ce qu'est qu'est-ce"
    ),
    "de": _words(
        "warum wieso weshalb wie wer wen wem wo woher wohin wann was welche "
        "welcher welches ist sind hast hat habt kannst könnt"
    ),
    "it": _words("perché come chi dove quando quale quali quanto quanta cosa") | {"che cosa"},
    "id": _words("apa apakah kenapa mengapa bagaimana gimana siapa dimana kapan berapa mana")
    | {"di mana"},
    "nl": _words("waarom hoe wie waar wanneer wat welke welk hoeveel"),
    "tr": _words("neden niye niçin nasıl kim ne nerede nereye hangi kaç"),
    "ur": _words("کیا کیوں کیسے کون کہاں کب کتنا کتنی"),
    "ar": _words("ماذا لماذا كيف أين متى هل كم"),
}

# Openings that look interrogative but exclaim.
EXCLAMATIVE_OPENINGS: Final = frozenset({"what a", "what an", "how nice", "how cute"})

# Openers that are also ordinary verbs ("do it", "can confirm"): with a trained tagger they only
# count when tagged as an auxiliary. The blank pipelines cannot tell, so they always count there.
AUXILIARY_OPENERS: Final = _words(
    "is are am was were do does did can could would will should shall may might have has had "
    "ist sind hast hat habt kannst könnt"
)

# Turkish marks yes/no questions with a separate particle anywhere in the sentence.
QUESTION_PARTICLES: Final[Mapping[str, frozenset[str]]] = {
    "tr": _words("mı mi mu mü mısın misin musun müsün mıyım miyim"),
}

# Reactions that carry no content of their own: a comment made only of these is low-content.
INTERJECTIONS: Final[Mapping[str, frozenset[str]]] = {
    "en": _words(
        "lol lmao lmfao rofl omg omfg wow oh ooh ah aw aww yay yes yeah yep nope no ok okay "
        "same first wtf damn bruh bro sis fr fax ikr idk tbh ngl yikes ugh hmm huh"
    ),
    "es": _words("jaja jeje jiji xd ay uy ole wow guau sí si no vale igual primero"),
    "pt": _words("kkk rs kk aff nossa eita uau sim não mesmo primeiro"),
    "fr": _words("mdr ptdr lol ah oh oui non ouais pareil premier wow"),
    "de": _words("haha ach oh ja nein doch genau erster krass wow"),
    "it": _words("ahah ahahah boh mah ok sì no primo wow"),
    "id": _words("wkwk wkwkwk haha hehe anjir anjay wow iya ya gak nggak ga pertama"),
    "nl": _words("haha ja nee oké eerste wow"),
    "tr": _words("haha evet hayır aynen vay ilk"),
    "ur": _words("واہ ہاہا جی"),
    "ar": _words("ههه هههه واو نعم لا"),
}

# Laughter and elongations are spelled freely ("hahahaha", "jajaj", "kkkkk", "wkwkwk", "loool",
# "xDDD", "omgggg"), so they are matched by shape rather than listed.
INTERJECTION_SHAPES: Final = re.compile(
    r"(?:a?(?:h+a+)+h?|(?:j+a+)+j?|(?:h+e+){2,}h?|(?:h+i+){2,}h?|k{2,}|(?:wk)+w?|(?:rs)+|x+d+|"
    r"lo+l+|lmao+|o+m+g+|w+o+w+|a+w+|h+m+|(?:ه)+)"
)


# Social-media reactions cross languages ("lol", "same", "jaja" appear everywhere), and a short
# comment is often detected as the wrong language, so every list applies to every comment.
_ALL_INTERJECTIONS: Final = frozenset[str]().union(*INTERJECTIONS.values())


def openers(language: str) -> frozenset[str]:
    # None for the multilingual fallback: across languages openers collide with ordinary words
    # ("come", "was", "wie"); a question mark is still recognised there.
    return INTERROGATIVE_OPENERS.get(language, frozenset())


def particles(language: str) -> frozenset[str]:
    return QUESTION_PARTICLES.get(language, frozenset())


def is_interjection(word: str) -> bool:
    """Whether a lower-cased word is a content-free reaction, in any supported language."""
    return word in _ALL_INTERJECTIONS or INTERJECTION_SHAPES.fullmatch(word) is not None
