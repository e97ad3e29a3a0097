"""Which language a statement is in, detected offline (langdetect, seeded so it is repeatable).

The extractor reads English, Spanish and French (``SUPPORTED_LANGUAGES``): its rules have
cues and provision names in each (``lexicon/``, ``domains/``). For a text in another language it
proposes nothing rather than guesses. Its learned layer reads English only
(``LEARNED_LANGUAGES``): its encoder and heads were trained on English text. Short snippets say
too little to tell: below ``MIN_WORDS`` words the language is left unknown (``None``) and the text
is read.
"""

from __future__ import annotations

import functools
import threading

SUPPORTED_LANGUAGES = frozenset({"en", "es", "fr"})
#: The languages the learned layer reads (and learns from); in the others the rules alone speak.
LEARNED_LANGUAGES = frozenset({"en"})
MIN_WORDS = 8
_SAMPLE = 2000  # characters read: enough to tell, cheap on long statements
_lock = threading.Lock()


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the main language of ``text``, or ``None`` when it is too short or
    has no letters."""
    if len(text.split()) < MIN_WORDS:
        return None
    found = _detected(text[:_SAMPLE])
    if found is None:
        return None
    return found[0].lang if found else "unknown"  # what langdetect's own detect() answers


def language_name(code: str) -> str:
    """A language's English name for display ("fr" -> "French"); the code when unknown."""
    return _NAMES.get(code, code)


_NAMES = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "pt": "Portuguese",
    "ru": "Russian",
    "zh-cn": "Chinese",
    "zh-tw": "Chinese",
}


def _probabilities(text: str) -> list:
    return _detected(text[:_SAMPLE]) or []


@functools.lru_cache(maxsize=8)
def _detected(sample: str) -> tuple | None:
    """langdetect's languages of `sample`, most likely first (None: no features to tell by).

    Kept for the last few samples: the service detects a statement's language and the extractor
    then checks the same text, so each statement is read once, not twice. Seeded, so the answer
    is the same either way. Computed by ``langdetect_fast`` (langdetect's profiles, draws and
    arithmetic, a few times faster: langdetect was about a sixth of an extraction job's CPU).
    """
    from langdetect import DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    from . import langdetect_fast

    with _lock:
        DetectorFactory.seed = 0  # langdetect samples; a fixed seed makes it repeatable
        try:
            return tuple(langdetect_fast.get_probabilities(sample))
        except LangDetectException:
            return None


def keep_readable(text: str, paragraphs: list[tuple[int, int]]) -> tuple[str, str | None]:
    """The text with its paragraphs in languages the extractor does not read blanked out
    (offsets kept), and the text's main language.

    A text mainly in a supported language comes back as it is, after one detection; otherwise
    each paragraph of ``MIN_WORDS`` words or more is detected on its own and blanked when it is
    surely (p >= 0.9) in another language, so the English half of a bilingual statement is
    still read.
    """
    if len(text.split()) < MIN_WORDS:
        return text, None
    found = _probabilities(text)
    main = found[0].lang if found else None
    if not found or main in SUPPORTED_LANGUAGES:
        return text, main
    chars = list(text)
    for start, end in paragraphs:
        passage = text[start:end]
        if len(passage.split()) < MIN_WORDS:
            continue
        here = _probabilities(passage)
        if here and here[0].lang not in SUPPORTED_LANGUAGES and here[0].prob >= 0.9:
            for i in range(start, end):
                if not chars[i].isspace():
                    chars[i] = " "
    return "".join(chars), main
