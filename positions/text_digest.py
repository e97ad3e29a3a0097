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
