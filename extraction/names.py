"""Normalising the names delegations are referred to by (pure Python, no Django)."""

import re
import unicodedata

_PUNCT = re.compile(r"[^\w\s-]")
_SPACE = re.compile(r"[\s-]+")


def normalise_name(name: str) -> str:
    """Fold a delegation name for lookups: case, accents, punctuation, spacing and the word "the".

    "The Representative of  Japan" and "representative of japan" fold to the same key;
    "Côte d'Ivoire" and "Cote dIvoire" too.
    """
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.replace("’", "").replace("'", "")
    folded = _PUNCT.sub(" ", folded)
    words = [word for word in _SPACE.split(folded) if word and word != "the"]
    return " ".join(words)
