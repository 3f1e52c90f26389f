"""Duplicates among mentions: the same text posted again, quoted, retweeted or lightly edited.

``text_hash`` catches exact copies once the noise is gone (links, @handles, the ``#`` of hashtags, a
"RT @someone:" prefix, a trailing "via @someone", punctuation, case and accents). ``simhash`` catches
near copies: a 64-bit fingerprint (Charikar) of the text's word 3-shingles and of its words (weighted
3, so that one changed word does not move too many bits in a short post), stored signed so that it
fits a ``BigIntegerField``. Two texts are near-duplicates when their fingerprints differ in at most
``NEAR_BITS`` bits.

Why 10 bits and not the 3 of the literature on web pages: posts are short. Measured on 600 French
tweets of 12 to 40 words (research_data/listening/xlmt_sentiment_fr), one word replaced moves a median
of 7 bits (85 % within 10, 94 % within 12), while two different tweets differ by about 30 bits; among
1.6 million pairs of distinct tweets, 0.01 % are within 10 bits, and those read as the same news
re-posted. With 3 bits only re-posts with a changed link or hashtag are caught. Texts under
``MIN_WORDS`` words are too short for near matching: their fingerprint is 0 and only the hash applies.
"""

from __future__ import annotations

import hashlib
import re

from ambassade.listening.query import text_words

__all__ = ["MIN_WORDS", "NEAR_BITS", "dedup_normalise", "near_duplicate", "simhash", "text_hash"]

MIN_WORDS = 6
NEAR_BITS = 10
BITS = 64
MASK = (1 << BITS) - 1
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@[\w.]+(?:@[\w.-]+)?")  # @name, @name@instance.social, @name.bsky.social
_RETWEET = re.compile(r"^\s*(?:RT|MT)\b\s*(?=@)", re.IGNORECASE)
_VIA = re.compile(r"\bvia\s*$", re.IGNORECASE)


def dedup_normalise(text: str) -> str:
    """The words that make a text, without links, handles, retweet prefix, punctuation, case or accents."""
    text = _RETWEET.sub("", text or "")
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    words = text_words(text)
    return _VIA.sub("", " ".join(words)).strip()


def text_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: equal for copies that differ only by noise.

    A text made only of noise (a link, handles, emoji) normalises to nothing: its own words, spaces
    collapsed, are hashed instead, or every such post would be a copy of every other.
    """
    normalised = dedup_normalise(text)
    if not normalised:
        normalised = "\x00" + " ".join((text or "").casefold().split())
    return hashlib.sha256(normalised.encode()).hexdigest()


WORD_WEIGHT = 3


def _features(words: list[str]) -> list[tuple[str, int]]:
    shingles = [(" ".join(words[index : index + 3]), 1) for index in range(len(words) - 2)]
    return [(word, WORD_WEIGHT) for word in words] + shingles


def _feature_hash(feature: str) -> int:
    return int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")


def simhash(text: str) -> int:
    """A signed 64-bit fingerprint; 0 for texts under MIN_WORDS words."""
    words = dedup_normalise(text).split()
    if len(words) < MIN_WORDS:
        return 0
    weights = [0] * BITS
    for feature, weight in _features(words):
        value = _feature_hash(feature)
        for bit in range(BITS):
            weights[bit] += weight if value >> bit & 1 else -weight
    fingerprint = sum(1 << bit for bit in range(BITS) if weights[bit] > 0)
    return fingerprint - (1 << BITS) if fingerprint >= 1 << (BITS - 1) else fingerprint


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & MASK).bit_count()


def near_duplicate(a: int, b: int, *, bits: int = NEAR_BITS) -> bool:
    """Whether two fingerprints differ in at most ``bits`` bits (0 means "too short": never near)."""
    if a == 0 or b == 0:
        return False
    return hamming(a, b) <= bits
