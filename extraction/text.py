"""Tokens, stems and phrase matching with Aho-Corasick automata.

Text and phrases go through the same tokenizer and light stemmer, so a phrase matches its
inflections (criminalize / criminalization / criminalising). Tokens carry their offsets in the
original text, so a match always maps back to an exact span.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

T = TypeVar("T")

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_APOSTROPHES = "'’"


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    norm: str  # casefolded, accents stripped
    stem: str


def fold(s: str) -> str:
    """Casefold and strip accents."""
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if not unicodedata.combining(c))


# (suffix, replacement, minimum length of what remains)
_PLURAL = (("ies", "y", 2), ("sses", "ss", 2))
_DERIVATIONAL = (
    ("isations", "iz", 3),
    ("izations", "iz", 3),
    ("isation", "iz", 3),
    ("ization", "iz", 3),
    ("ising", "iz", 3),
    ("izing", "iz", 3),
    ("ised", "iz", 3),
    ("ized", "iz", 3),
    ("ise", "iz", 4),
    ("ize", "iz", 3),
    ("ations", "at", 3),
    ("ation", "at", 3),
    ("ating", "at", 3),
    ("ated", "at", 3),
    ("ative", "at", 3),
    ("ate", "at", 3),
    ("itions", "it", 3),
    ("ition", "it", 3),
    ("ite", "it", 3),
    ("ions", "", 4),
    ("ion", "", 4),
    ("ive", "", 4),
    ("ments", "", 4),
    ("ment", "", 4),
    ("ing", "", 3),
    ("ed", "", 3),
)
_stem_cache: dict[str, str] = {}


def stem(word: str) -> str:
    """A light, deterministic suffix stripper (not a linguistic stemmer).

    It only has to map the inflections of one word to one key, the same way for the text and for
    the phrases; collisions between unrelated words are rare at phrase level.
    """
    cached = _stem_cache.get(word)
    if cached is not None:
        return cached
    w = word
    if len(w) > 3 and not w.isdigit():
        for suf, rep, keep in _PLURAL:
            if w.endswith(suf) and len(w) - len(suf) >= keep:
                w = w[: -len(suf)] + rep
                break
        else:
            if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 4:
                w = w[:-1]
        for suf, rep, keep in _DERIVATIONAL:
            if w.endswith(suf) and len(w) - len(suf) >= keep:
                w = w[: -len(suf)] + rep
                break
        if w.endswith("e") and len(w) > 4:
            w = w[:-1]
        if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
            w = w[:-1]
    if len(_stem_cache) < 200_000:
        _stem_cache[word] = w
    return w


# A word's (norm, stem), kept: folding (Unicode decomposition) was a third of tokenising.
_word_cache: dict[str, tuple[str, str]] = {}


def tokenize(text: str) -> list[Token]:
    """Words with offsets; hyphenated words are split ("multi-stakeholder" -> multi, stakeholder).

    "n't" becomes the token "not" so that negation is seen.
    """
    tokens: list[Token] = []
    cache = _word_cache
    for m in _WORD.finditer(text):
        start = m.start()
        for part in m.group().split("-"):
            end = start + len(part)
            keys = cache.get(part)
            if keys is None:
                norm = fold(part)
                keys = (norm, stem(norm))
                if len(cache) < 200_000:
                    cache[part] = keys
            if keys[0] == "t" and start > 0 and text[start - 1] in _APOSTROPHES:
                keys = ("not", stem("not"))
            tokens.append(Token(start, end, *keys))
            start = end + 1
    return tokens


def phrase_key(phrase: str, skip: frozenset[str] = frozenset()) -> str:
    """The stem string an automaton stores for a phrase (tokens joined by single spaces)."""
    stems = [t.stem for t in tokenize(phrase) if t.norm not in skip]
    return " ".join(stems)


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    first: int  # index of the first token (in the full token list)
    last: int  # index of the last token, inclusive
    payload: T


class PhraseIndex(Generic[T]):
    """An Aho-Corasick automaton over stemmed phrases, matched on whole tokens only.

    ``skip`` words are left out of both the phrases and the text, so they may appear anywhere
    inside a phrase in the text without breaking the match.
    """

    def __init__(self, skip: Iterable[str] = ()) -> None:
        self.skip = frozenset(skip)
        self._payloads: dict[str, list[T]] = {}
        self._automaton: ahocorasick.Automaton | None = None

    def add(self, phrase: str, payload: T) -> None:
        key = phrase_key(phrase, self.skip)
        if key:
            self._payloads.setdefault(key, []).append(payload)
        self._automaton = None

    def __len__(self) -> int:
        return len(self._payloads)

    def build(self) -> None:
        automaton = ahocorasick.Automaton()
        for key, payloads in self._payloads.items():
            automaton.add_word(f" {key} ", (key.count(" ") + 1, tuple(payloads)))
        if len(automaton):
            automaton.make_automaton()
        self._automaton = automaton

    def find(self, tokens: Sequence[Token]) -> list[Match[T]]:
        """All matches, overlapping ones included, ordered by first token."""
        if self._automaton is None:
            self.build()
        automaton = self._automaton
        if not len(automaton):
            return []
        kept, stream, token_at_end = _stream(tokens, self.skip)
        out: list[Match[T]] = []
        for end_index, (n_tokens, payloads) in automaton.iter(stream):
            last_k = token_at_end[end_index]
            first_k = last_k - n_tokens + 1
            for payload in payloads:
                out.append(Match(kept[first_k], kept[last_k], payload))
        out.sort(key=lambda m: (m.first, -m.last))
        return out


# The last token list's streams, per thread: the extractor matches one token list against several
# automata (provisions, cues, markers, the speaker's names), most with the same skip words.
_streams = threading.local()


def _stream(tokens: Sequence[Token], skip: frozenset[str]) -> tuple[list[int], str, dict[int, int]]:
    """The stems of ``tokens`` (less ``skip`` words) as one space-separated string, the index of
    each kept token, and the offset of the space after each kept token -> its place in kept.

    Kept for the last token list seen (by identity: token lists are never changed once made),
    one per skip set, so matching one text against several automata builds each once."""
    if getattr(_streams, "tokens", None) is not tokens or _streams.length != len(tokens):
        _streams.tokens, _streams.length, _streams.built = tokens, len(tokens), {}
    built = _streams.built.get(skip)
    if built is not None:
        return built
    kept = [i for i, t in enumerate(tokens) if t.norm not in skip]
    parts: list[str] = [" "]
    token_at_end: dict[int, int] = {}
    pos = 1
    for k, i in enumerate(kept):
        s = tokens[i].stem
        parts.append(s)
        parts.append(" ")
        pos += len(s)
        token_at_end[pos] = k
        pos += 1
    built = _streams.built[skip] = (kept, "".join(parts), token_at_end)
    return built
