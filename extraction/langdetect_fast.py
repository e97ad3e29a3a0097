"""langdetect's detector, the same answers to the last bit, in a fraction of its time.

langdetect (pure Python) was about a sixth of an extraction job's CPU a statement: per character
it normalises, shifts an n-gram buffer and looks n-grams up (half its time), then it updates 55
language probabilities one by one, about fifty times in each of its seven trials (a third).
This module keeps its profiles, its seeded random walk and its floating-point operations in the
same order, and changes only how they are computed:

- the n-grams of a word depend on the word alone (the buffer is reset at every space), so they
  are found once per distinct word and kept (a statement repeats most of its words);
- each trial multiplies a numpy row of the 55 probabilities (the same IEEE products and sums
  as langdetect's loops: the sum over the languages is still Python's ``sum`` over the list);
- the random generator is langdetect's (``random.Random`` seeded with ``DetectorFactory.seed``)
  and draws the same numbers: ``choice`` over a list of the same length.

``tests/test_extraction_language.py`` checks the probabilities against langdetect's own on
texts in many languages and scripts, float for float.
"""

from __future__ import annotations

import random
import re
import threading

import numpy as np
from langdetect import DetectorFactory, detector_factory
from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

_SPACES = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")  # langdetect's 'A' <= ch <= 'z'
_NON_LATIN = re.compile("[^\u0000-\u02ff]")  # ch >= U+0300 (its block test is always true)


class _Profiles:
    """langdetect's profiles as a matrix (one row per n-gram) and each word's n-gram rows."""

    def __init__(self):
        detector_factory.init_factory()
        factory = detector_factory._factory
        self.langlist = list(factory.langlist)
        words = list(factory.word_lang_prob_map)
        self.row = {w: i for i, w in enumerate(words)}
        self.matrix = np.array([factory.word_lang_prob_map[w] for w in words], dtype=np.float64)
        self.uniform = [1.0 / len(self.langlist)] * len(self.langlist)
        self.words: dict[tuple[str, bool], tuple[int, ...]] = {}
        self.lock = threading.Lock()

    def rows_of(self, word: str, spaced: bool) -> tuple[int, ...]:
        """The rows of the known n-grams langdetect reads from ``word`` (and the space after
        it when ``spaced``), in its order."""
        key = (word, spaced)
        found = self.words.get(key)
        if found is None:
            found = tuple(self.row[g] for g in _ngrams(word + " " if spaced else word, self.row))
            if len(self.words) < 200_000:  # bounded: words are many, but not endless
                self.words[key] = found
        return found


def _ngrams(chars: str, known) -> list[str]:
    """langdetect's ``Detector._extract_ngrams`` from a fresh buffer (as after a space)."""
    result = []
    ngram = NGram()
    for ch in chars:
        ngram.add_char(ch)
        if ngram.capitalword:
            continue
        for n in (1, 2, 3):
            if len(ngram.grams) < n:
                break
            w = ngram.grams[-n:]
            if w and w != " " and w in known:
                result.append(w)
    return result


class _Normalised(dict):
    """ord(ch) -> NGram.normalize(ch), filled as characters are met (for str.translate)."""

    def __missing__(self, code: int) -> str:
        value = self[code] = NGram.normalize(chr(code))
        return value


_profiles: _Profiles | None = None
_normalised = _Normalised()
_init_lock = threading.Lock()


def _loaded() -> _Profiles:
    global _profiles
    if _profiles is None:
        with _init_lock:
            if _profiles is None:
                _profiles = _Profiles()
    return _profiles


def get_probabilities(text: str) -> list:
    """What ``langdetect`` answers for ``text`` (``DetectorFactory.seed`` as set, else 0):
    its ``Language`` objects, most likely first; raises ``LangDetectException`` when the text
    has no n-gram to tell by."""
    profiles = _loaded()
    text = _appended(text, Detector.URL_RE, Detector.MAIL_RE)
    text = _cleaned(text)
    rows = _rows(text, profiles)
    if not rows:
        raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
    seed = DetectorFactory.seed
    langprob = _detect_block(rows, profiles, seed)
    # langdetect's own sorting and threshold, on the same floats.
    return Detector._sort_probability(_Sorter(profiles.langlist), langprob.tolist())


class _Sorter:
    PROB_THRESHOLD = Detector.PROB_THRESHOLD

    def __init__(self, langlist):
        self.langlist = langlist


def _appended(text: str, url, mail, max_length: int = 10000) -> str:
    """``Detector.append`` on a new detector: URLs and e-mail addresses out, Vietnamese
    normalised, at most ``max_length`` characters with runs of spaces made one."""
    text = url.sub(" ", text)
    text = mail.sub(" ", text)
    text = NGram.normalize_vi(text)
    return _SPACES.sub(" ", text[:max_length])


def _cleaned(text: str) -> str:
    """``Detector.cleaning_text``: Latin letters dropped from a text mostly in another script."""
    if len(_LATIN.findall(text)) * 2 < len(_NON_LATIN.findall(text)):
        return _LATIN.sub("", text)
    return text


def _rows(text: str, profiles: _Profiles) -> list[int]:
    """``Detector._extract_ngrams`` as rows: word by word, a word being what lies between two
    characters that normalise to a space (the n-gram buffer starts afresh after each)."""
    normal = text.translate(_normalised)
    rows: list[int] = []
    end = len(text)
    with profiles.lock:
        for m in re.finditer("[^ ]+", normal):
            s, e = m.span()
            rows.extend(profiles.rows_of(text[s:e], e < end))
    return rows


def _detect_block(rows: list[int], profiles: _Profiles, seed) -> np.ndarray:
    """``Detector._detect_block``'s trials: the same draws, products and sums."""
    matrix = profiles.matrix
    n_trial = 7
    langprob = np.zeros(len(profiles.langlist))
    rng = random.Random()
    rng.seed(seed)
    choice, gauss = rng.choice, rng.gauss
    limit, threshold = Detector.ITERATION_LIMIT, Detector.CONV_THRESHOLD
    for _ in range(n_trial):
        prob = np.array(profiles.uniform)
        alpha = Detector.ALPHA_DEFAULT + gauss(0.0, 1.0) * Detector.ALPHA_WIDTH
        weight = alpha / Detector.BASE_FREQ
        i = 0
        while True:
            prob *= weight + matrix[choice(rows)]
            if i % 5 == 0:
                prob /= sum(prob.tolist())  # langdetect's sum: Python's, in list order
                if prob.max() > threshold or i >= limit:
                    break
            i += 1
        langprob += prob / n_trial
    return langprob
