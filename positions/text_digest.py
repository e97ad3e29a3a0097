"""The fingerprint by which two statements count as the same text (pure Python, no Django).

A statement pasted from an e-mail, extracted from its PDF and typed again differs in line
breaks, spacing, hyphenation at line ends, quotes and dashes, letter case and Unicode forms (a
ligature, a non-breaking space), never in its words. So the text is reduced to its word
characters, in order (NFKC, case-folded), and hashed: the same words in the same order give
the same digest. A changed, added or removed word gives another digest (it may be a corrected
version, which the person logging it decides about).
"""

import hashlib
import re
import unicodedata

_WORD_CHARACTERS = re.compile(r"\w+")


def text_normalised(text: str) -> str:
    """The word characters of `text`, NFKC-normalised and case-folded, nothing between them."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(_WORD_CHARACTERS.findall(folded))


def text_digest(text: str) -> str:
    """SHA-256 (hex) of `text_normalised(text)`; empty for a text without a word character,
    which then matches nothing."""
    normalised = text_normalised(text)
    if not normalised:
        return ""
    return hashlib.sha256(normalised.encode()).hexdigest()


# Near copies: two versions of one speech (the text prepared and the text as delivered, a
# corrected upload) share most of their runs of three words, where two different statements of a
# delegation share only their formulas ("thank you, Chair", "my delegation"). Resemblance is the
# share of the two texts' three-word runs they have in common (Jaccard).
SHINGLE_WORDS = 3
NEAR_COPY_RESEMBLANCE = 0.6
NEAR_COPY_MIN_WORDS = 25  # below this, a few shared formulas would read as a copy


def text_words(text: str) -> list[str]:
    """The words of `text`, NFKC-normalised and case-folded, in order."""
    return _WORD_CHARACTERS.findall(unicodedata.normalize("NFKC", text).casefold())


def word_shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[tuple[str, ...]]:
    """The runs of `size` consecutive words of `text`; empty for a text shorter than
    `NEAR_COPY_MIN_WORDS` words, which then resembles nothing."""
    words = text_words(text)
    if len(words) < NEAR_COPY_MIN_WORDS:
        return frozenset()
    return frozenset(zip(*(words[i:] for i in range(size)), strict=False))


def resemblance(a: frozenset, b: frozenset) -> float:
    """The share of the runs of `a` and `b` that both have (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
