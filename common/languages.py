"""Statement languages: detected offline from the text, shown by name.

Detection uses py3langid (a naive Bayes model over byte n-grams shipped inside the package: no
download, no randomness, so the same text always gets the same answer). It is restricted to the
languages statements are delivered in at the UN and in regional bodies, which keeps a short
English passage from reading as Polish or Latin.
"""

from __future__ import annotations

import threading
from functools import cache

from django.utils.translation import get_language_info

# The languages detection chooses among: the six UN languages, then those of the regional
# negotiations this tracker follows.
DETECTABLE = ("en", "fr", "es", "ar", "ru", "zh", "pt", "de", "it", "nl", "ja", "ko", "tr", "id")
# The languages the stance extractor reads (its lexicon, cues and heads are English): a
# statement in another language gets no proposals rather than guesses.
EXTRACTOR_LANGUAGES = frozenset({"en"})
# Below this many letters a guess is not worth storing (a title, "Thank you, Chair").
MIN_LETTERS = 40
# py3langid's normalised probability under which the text is called undetermined.
MIN_PROBABILITY = 0.9

# Django's table has no bare "zh" (only zh-hans and zh-hant).
_NAMES = {"zh": "Chinese"}
_lock = threading.Lock()


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(DETECTABLE))
    return identifier


def language_detect(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or ``None`` when the text is
    too short or too mixed to tell (the caller then keeps what it had)."""
    if sum(ch.isalpha() for ch in text[:20000]) < MIN_LETTERS:
        return None
    with _lock:
        code, probability = _identifier().classify(text[:20000])
    return code if probability >= MIN_PROBABILITY else None


def language_name(code: str) -> str:
    """ "Spanish" for "es"; the code itself for one nobody here knows."""
    if code in _NAMES:
        return _NAMES[code]
    try:
        return get_language_info(code)["name"]
    except KeyError:
        return code or "unknown"
