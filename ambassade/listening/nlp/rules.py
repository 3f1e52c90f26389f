"""The immediate tier: language, question, intent, sentiment and themes by rules and lexicons (no model)."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .lexicon import EMOTICONS, EXACT, INTENSIFIERS, NEGATORS, STEMS
from .text import fold, strip_noise
from .types import ThemeSpec

LANGUAGES = ("fr", "en", "es", "de", "it", "nl", "pt")
_identifier = None
_identifier_lock = threading.Lock()
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


def language_detect(text: str) -> str:
    """ISO 639-1 code among LANGUAGES, "" for a text without enough letters to tell."""
    text = strip_noise(text).replace("#", " ")
    if len(_LETTERS.findall(text)) < 3:
        return ""
    return str(_language_identifier().classify(text)[0])


def _language_identifier() -> Any:
    global _identifier
    with _identifier_lock:
        if _identifier is None:
            from py3langid.langid import _load_identifier

            _identifier = _load_identifier(langs=list(LANGUAGES))
        return _identifier


# --- Questions ---------------------------------------------------------------------------------------
_FR_PRONOUNS = r"(?:je|tu|il|elle|on|nous|vous|ils|elles|ce)"
# "peut-on", "avez-vous", "a-t-il", "est-ce": a verb and an inverted subject clitic.
_FR_INVERSION = re.compile(rf"\b[a-z]{{2,}}(?:-t)?-{_FR_PRONOUNS}\b(?!-)")
# Imperatives look like inversions ("inscrivez-vous", "rendez-vous"): those are not questions.
_FR_IMPERATIVE = re.compile(
    r"\b(?:inscri\w*|renseigne\w*|rendez|connecte\w*|abonne\w*|rejoigne\w*|rapproche\w*|dites|allez|"
    r"n'hesite\w*|prepare\w*|depeche\w*|tenez|entraine\w*|reveille\w*|mefie\w*|occupe\w*|souvien\w*|"
    r"imagine\w*|accroche\w*|installe\w*|assure\w*|adresse\w*|laisse\w*|presente\w*|detend\w*|sache\w*)"
    r"-(?:vous|nous)\b"
)
_FR_OPENERS = re.compile(
    r"^(?:et |mais |alors |donc |du coup |sinon |bref |ok |bon |salut |bonjour |hello )*"
    r"(?:comment|pourquoi|combien|quel|quelle|quels|quelles|lequel|laquelle|lesquels|lesquelles|"
    r"d'ou|qui |quand (?!(?:on|je|j'|tu|il|elle|nous|vous|ils|elles|le|la|les|l'|un|une|c'|ca)\b)|quoi|"
    r"qu'est-ce|est-ce qu|est-ce que|a quel|a quelle|a qui|de quel|de quelle|"
    r"en quel|en quelle|pour quel|pour quelle|avec qui|avec quel|depuis quand|jusqu'a quand|pour quoi|"
    r"par ou|par quel|sur quel|dans quel|dans quelle|que faire|que dois|que peu|que pens|que sais|"
    r"que fai|que vau|que devien|que se pass|que sign|que sont|que veu|qu'a |qu'ont |de quoi|a quoi|"
    r"a combien|"
    r"jusqu'ou|qu'y a|que mang)"
)
_FR_INSITU = re.compile(
    r"\b(?:c'est|c est|ca|on|tu|vous|il|elle|ils)\b[^.!;]{0,60}\b(?:quoi|comment|combien|ou ca|ou)\s*$"
)
# "dans quelle ville", "est près de quelle ville": an interrogative determiner after a preposition.
_FR_INSITU_DETERMINER = re.compile(
    r"\b(?:de|dans|par|sur|pour|avec|en|a|chez|vers|contre|sous|depuis|est|sont|etait|etaient)"
    r" (?:quel|quelle|quels|quelles|combien|qui|quoi)\b(?! que\b)"
)
_FR_REQUESTS = re.compile(
    r"\b(?:je voudrais savoir|j'aimerais savoir|je souhaiterais savoir|je souhaite savoir|je me demandais|"
    r"quelqu'un (?:sait|saurait|a |aurait|connait|peut|pourrait)|qqn (?:sait|a |connait)|"
    r"des (?:infos|informations|retours|avis) sur|vos (?:avis|retours|conseils)|une idee (?:de|du|sur|pour)|"
    r"savez-vous|sauriez-vous|pourriez-vous (?:me dire|m'indiquer|m'expliquer)|merci de m'eclairer|"
    r"n'est-ce pas|c'est quoi|c est quoi|ca se passe comment|c'est combien|c'est ou)"
)
_EN_OPENERS = re.compile(
    r"^(?:and |but |so |ok |hi |hello |hey )*(?:what|why|how|when|where|who|whom|whose|which|"
    r"(?:is|are|was|were|does|did|can|could|would|should|isn't|aren't|doesn't|didn't)\s+[a-z]|"
    r"(?:do|does|did|is|are|was|were|can|could|would|will|should|shall|may|might|has|have|had|am|"
    r"isn't|aren't|don't|doesn't|didn't|can't|won't|wouldn't|shouldn't|haven't|hasn't)\s+"
    r"(?:i|you|he|she|it|we|they|there|anyone|anybody|someone|somebody|any|this|that|these|those|the|my|"
    r"your|our|their|his|her|a|an|people|employees|interns|candidates)\b)"
)
_EN_REQUESTS = re.compile(
    r"\b(?:anyone know|anybody know|does anyone|has anyone|did anyone|any idea|any ideas|any tips|any advice|"
    r"i wonder|i'm wondering|i was wondering|wondering if|wondering whether|i'd like to know|"
    r"would like to know|can someone|could someone|can anyone|could anyone|please let me know|"
    r"what's|how's|who's|where's)\b"
)
_SENTENCES = re.compile(r"(?<=[.!?;:\n])\s*|\s+[-–—]\s+")
_CLAUSE_OPENERS = re.compile(
    r"^\s*(?:comment|pourquoi|combien|quel|quelle|quels|quelles|est-ce qu|qu'est-ce|how|what|why|which)\b"
)
_QUESTION_MARK = re.compile(r"\?(?![\w/=&])")


# "où" is told from "ou" (or) by its accent, so it is looked for before the accents are dropped.
_WHERE = re.compile(r"(?:^|[.!?;:\n])[\s\"«(]*où\b")


def is_question(text: str) -> bool:
    """A direct question or a request for information, in French or English, with or without "?"."""
    text = strip_noise(text)
    if _QUESTION_MARK.search(text) or _WHERE.search(text.casefold()):
        return True
    folded = fold(text)
    for sentence in _SENTENCES.split(folded):
        sentence = sentence.strip(" \t\"'«»“”()[]*-–—…")
        if sentence and _sentence_is_question(sentence):
            return True
    return bool(_FR_REQUESTS.search(folded) or _EN_REQUESTS.search(folded))


def _sentence_is_question(sentence: str) -> bool:
    if _FR_OPENERS.match(sentence) or _EN_OPENERS.match(sentence) or _FR_INSITU.search(sentence):
        return True
    if _FR_INSITU_DETERMINER.search(sentence) and "n'importe" not in sentence:
        return True
    if any(_CLAUSE_OPENERS.match(clause) for clause in sentence.split(",")[1:2]):
        return True
    head = sentence[:80]
    return bool(_FR_INVERSION.search(head)) and not _FR_IMPERATIVE.search(head)


# --- Intent ------------------------------------------------------------------------------------------
def _alternatives(*phrases: str) -> re.Pattern[str]:
    parts = [re.escape(fold(phrase)).replace(r"\*", r"\w*") for phrase in phrases]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


_WORRY = _alternatives(
    "inquiet*",
    "inquiete*",
    "inquietude*",
    "inquietant*",
    "peur",
    "j'ai peur",
    "crains",
    "craint",
    "crainte*",
    "angoisse*",
    "angoissant*",
    "stress",
    "stresse*",
    "stressant*",
    "flippe",
    "flippant",
    "pas rassure*",
    "ca m'inquiete",
    "anxieu*",
    "soucieu*",
    "redoute",
    "je redoute",
    "preoccupe*",
    "preoccupant*",
    "menace*",
    "incertitude*",
    "qu'est-ce qui va se passer",
    "on va tous",
    "rumeur*",
    "worried",
    "worry",
    "worries",
    "worrying",
    "afraid",
    "scared",
    "anxious",
    "anxiety",
    "nervous",
    "concerned",
    "concerning",
    "fear",
    "fears",
    "stressed",
    "stressful",
    "uncertain",
    "uncertainty",
    "rumours",
    "rumors",
)
_EXPECTATION = _alternatives(
    "j'aimerais",
    "j'aimerai",
    "j'espere",
    "on espere",
    "il faudrait",
    "il faut que",
    "faudrait",
    "ce serait bien",
    "ce serait top",
    "ca serait bien",
    "on attend",
    "j'attends",
    "nous attendons",
    "on voudrait",
    "je voudrais",
    "nous voudrions",
    "on aimerait",
    "nous aimerions",
    "devrait",
    "devraient",
    "souhaite*",
    "souhaiterai*",
    "ce qui manque",
    "il manque",
    "manque de",
    "vivement",
    "esperons",
    "ca ne serait pas du luxe",
    "j'attendrais",
    "a quand",
    "i wish",
    "i hope",
    "we hope",
    "hopefully",
    "should",
    "would be nice",
    "would be great",
    "would love",
    "i'd love",
    "we'd love",
    "we need",
    "need more",
    "looking forward",
    "it's time",
    "please",
    "i expect",
    "we expect",
    "i'd like",
    "would like",
    "ought to",
)
_PRAISE = _alternatives(
    "bravo",
    "merci",
    "mercii",
    "super",
    "genial*",
    "top",
    "felicitation*",
    "excellent*",
    "ravi",
    "ravie",
    "fier",
    "fiere",
    "fiers",
    "chapeau",
    "au top",
    "j'adore",
    "je recommande",
    "trop bien",
    "formidable",
    "quelle equipe",
    "belle experience",
    "bienveillan*",
    "magnifique",
    "incroyable",
    "great",
    "thanks",
    "thank you",
    "congrats",
    "congratulations",
    "kudos",
    "amazing",
    "love",
    "loved",
    "proud",
    "awesome",
    "fantastic",
    "best",
    "highly recommend",
    "well done",
    "shoutout",
    "grateful",
    "brilliant",
)


def intent_detect(text: str, *, question: bool | None = None) -> str:
    """question > worry > expectation > praise > other, by the phrases found."""
    if question if question is not None else is_question(text):
        return "question"
    folded = fold(strip_noise(text))
    positive_or_neutral = sentiment_score(text) >= 0
    counts = {
        "worry": len(_WORRY.findall(folded)),
        "expectation": len(_EXPECTATION.findall(folded)),
        "praise": len(_PRAISE.findall(folded)) if positive_or_neutral else 0,
    }
    best = max(counts, key=lambda intent: counts[intent])  # ties: the order above
    return best if counts[best] else "other"


# --- Sentiment ---------------------------------------------------------------------------------------
_TOKENS = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*'?|[^\w\s]", re.UNICODE)


def sentiment_score(text: str) -> float:
    """Sum of the lexicon polarities, flipped after a negation and scaled by intensifiers."""
    folded = fold(strip_noise(text))
    tokens = _TOKENS.findall(folded)
    total = 0.0
    for index, word in enumerate(tokens):
        value = _polarity(word, following=tokens[index + 1] if index + 1 < len(tokens) else "")
        if not value:
            continue
        window = tokens[max(0, index - 3) : index]
        if any(previous in NEGATORS or previous.endswith("n't") for previous in window):
            value *= -0.75
        for previous in window[-2:]:
            value *= INTENSIFIERS.get(previous, 1.0)
        total += value
    total += sum(score for emoticon, score in EMOTICONS.items() if emoticon in text)
    exclamations = min(text.count("!"), 3)
    return total * (1 + 0.1 * exclamations)


def _polarity(word: str, *, following: str) -> float:
    if word == "super" and (following in EXACT or _stem(following)):
        return 0.0  # an intensifier there ("super lent")
    if word in EXACT:
        return EXACT[word]
    return _stem(word)


def _stem(token: str) -> float:
    for end in range(len(token), 2, -1):
        value = STEMS.get(token[:end])
        if value is not None:
            return value
    return 0.0


def sentiment_detect(text: str) -> str:
    score = sentiment_score(text)
    if score >= 1.0:
        return "positive"
    if score <= -1.0:
        return "negative"
    return "neutral"


# --- Themes ------------------------------------------------------------------------------------------
@lru_cache(maxsize=64)
def _theme_patterns(taxonomy: tuple[ThemeSpec, ...]) -> tuple[tuple[str, re.Pattern[str] | None], ...]:
    patterns = []
    for theme in taxonomy:
        phrases = [keyword.strip() for keyword in theme.keywords if keyword.strip()]
        patterns.append((theme.slug, _alternatives(*phrases) if phrases else None))
    return tuple(patterns)


def themes_match(text: str, taxonomy: Sequence[ThemeSpec]) -> list[str]:
    """Slugs of the themes whose keywords occur in the text, most matches first."""
    folded = fold(strip_noise(text))
    hits = []
    for slug, pattern in _theme_patterns(tuple(taxonomy)):
        if pattern is not None and (count := len(pattern.findall(folded))):
            hits.append((count, slug))
    hits.sort(key=lambda hit: -hit[0])
    return [slug for _count, slug in hits]
