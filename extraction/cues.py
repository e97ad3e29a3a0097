"""Step 3: the cues of a text and how each one reads.

Cues (``lexicon.CUES``) are found through one automaton; where cues overlap the longest wins, and
blockers win and then vanish. A negator just before a cue turns it around; a limit or a narrowing
cue reads differently before and after what it speaks of.
"""

from __future__ import annotations

import re

from . import lexicon as lx
from .pieces import Cue, Mention
from .text import Match, PhraseIndex, Token, stem

_PUNCTUATION = re.compile(r"[,;:.!?()]")
_EXCLUSION_STEMS = frozenset(stem(w) for w in lx.EXCLUSION_VERBS)
_REMOVAL_STEMS = frozenset(stem(w) for w in lx.REMOVAL_WORDS)


def cue_index() -> PhraseIndex[Cue]:
    """The automaton over every cue of the lexicon."""
    index: PhraseIndex[Cue] = PhraseIndex(skip=lx.CUE_SKIP_WORDS)
    for phrase, position, strength, direction in lx.CUES:
        index.add(phrase, Cue(phrase, position, strength, direction))
    index.build()
    return index


def find_cues(index: PhraseIndex[Cue], text: str, tokens: list[Token]) -> list[Match[Cue]]:
    """The cues of a text, overlaps resolved, in text order."""
    return resolve_cues(
        [
            m
            for m in index.find(tokens)
            if cue_stands(text, tokens, m) and not _across_punctuation(text, tokens, m)
        ]
    )


def _across_punctuation(text: str, tokens: list[Token], m: Match[Cue]) -> bool:
    """ "We have supported, from the outset, ...": a phrase does not run across a comma or a
    sentence end ("support from" is support received, not "supported, from")."""
    skip = lx.CUE_SKIP_WORDS  # "we do not, however, see": an aside set off by commas
    return any(
        _PUNCTUATION.search(text, tokens[i].end, tokens[i + 1].start)
        and tokens[i].norm not in skip
        and tokens[i + 1].norm not in skip
        for i in range(m.first, m.last)
    )


def resolve_cues(found: list[Match[Cue]]) -> list[Match[Cue]]:
    """Longest cue wins where cues overlap; blockers win and then vanish."""
    taken: set[int] = set()
    kept: list[Match[Cue]] = []
    for m in sorted(found, key=lambda x: (-(x.last - x.first), x.first)):
        span = range(m.first, m.last + 1)
        if any(i in taken for i in span):
            continue
        taken.update(span)
        kept.append(m)
    return sorted((m for m in kept if m.payload.position != lx.BLOCK), key=lambda x: x.first)


def is_negated(tokens: list[Token], cue_match: Match[Cue], clause_lo: int) -> bool:
    cue = cue_match.payload
    if cue.position == lx.LIMIT:
        return False
    if any(t.norm in lx.NEGATORS for t in tokens[cue_match.first : cue_match.last + 1]):
        return False
    clause_lo = max(clause_lo, cue.scope)
    lo = max(clause_lo, cue_match.first - lx.NEGATION_WINDOW)
    if any(
        t.norm in lx.NEGATORS and tokens[i + 1].norm not in lx.NOT_NEGATING
        for i, t in enumerate(tokens[lo : cue_match.first], start=lo)
    ):
        return True
    # "... rather than duplicating them": what is set aside is not wanted.
    if any(
        (tokens[i].norm, tokens[i + 1].norm) in lx.NEGATING_PAIRS
        for i in range(lo, cue_match.first - 1)
    ):
        return True
    # "We doubt that X is needed", "we question whether X is necessary".
    if any(
        tokens[i].norm in lx.DOUBT_WORDS and tokens[i + 1].norm in lx.DOUBT_LINKS
        for i in range(clause_lo, cue_match.first - 1)
    ):
        return True
    # "We do not believe that X is needed": the negation is raised to the belief verb.
    return any(
        tokens[i].norm in lx.NEGATORS
        and any(t.norm in lx.BELIEF_VERBS for t in tokens[i + 1 : i + 4])
        for i in range(clause_lo, cue_match.first)
    )


def limit_or_flip(cue: Cue, negated: bool, *, before: bool, passive: bool) -> str:
    if cue.position == lx.LIMIT:
        return lx.OPPOSE if (passive or not before) else lx.QUALIFIED
    if cue.position == lx.NARROW:
        return lx.QUALIFIED if before else lx.SUPPORT
    if negated:
        return {lx.SUPPORT: lx.OPPOSE, lx.OPPOSE: lx.SUPPORT}.get(cue.position, cue.position)
    return cue.position


def excludes(tokens: list[Token], lo: int, hi: int) -> bool:
    """Whether tokens[lo:hi] say that something is left out: "does not criminalize", "no longer
    contains", "contains no"."""
    for i in range(lo, hi):
        t = tokens[i]
        if t.norm in lx.NEGATORS and any(
            u.stem in _EXCLUSION_STEMS for u in tokens[i + 1 : min(hi, i + 3)]
        ):
            return True
        if t.stem in _EXCLUSION_STEMS and i + 1 < hi and tokens[i + 1].norm == "no":
            return True
    return False


def removed_after(tokens: list[Token], m: Mention) -> bool:
    """Whether a mention is followed by a passive of removal ("X was deleted", "X has been
    dropped")."""
    tail = tokens[m.last + 1 : m.last + 4]
    return any(
        t.norm in lx.PASSIVE_AUXILIARIES and any(u.stem in _REMOVAL_STEMS for u in tail[k + 1 :])
        for k, t in enumerate(tail)
    )


def cue_stands(text: str, tokens: list[Token], m: Match[Cue]) -> bool:
    """Whether a cue that needs its exact form and a comma before it has them ("..., provided
    each of them ...", not "they provide their services")."""
    if _connective(text, tokens, m):
        return False
    if m.payload.phrase not in lx.AFTER_COMMA_CUES:
        return True
    first = tokens[m.first]
    before = text[: first.start].rstrip()
    return first.norm == "provided" and before.endswith(",")


def _connective(text: str, tokens: list[Token], m: Match[Cue]) -> bool:
    """ "Building on this, I will turn to the views of stakeholders": a cue that opens its
    sentence and takes a pronoun set off by a comma links to what came before; read forward it
    would bind to whatever the sentence names next."""
    after = m.last + 1
    if after + 1 >= len(tokens) or tokens[after].norm not in lx.CONNECTIVE_OBJECTS:
        return False
    if not text[tokens[after].end : tokens[after + 1].start].strip().startswith(","):
        return False
    before = text[: tokens[m.first].start].rstrip()
    return not before or before[-1] in ".!?:;\n" or before.endswith(("\u2022", "-"))


def anaphor_removed(tokens: list[Token], lo: int, hi: int) -> bool:
    """Whether tokens[lo:hi] say that what an anaphor points back to is removed or weakened
    ("a text in which its second paragraph is diluted")."""
    for i in range(lo, hi):
        if tokens[i].norm not in lx.POSSESSIVE_ANAPHORS and tokens[i].norm not in ("it", "they"):
            continue
        tail = tokens[i + 1 : min(hi, i + 6)]
        if any(
            t.norm in lx.PASSIVE_AUXILIARIES
            and any(u.stem in _REMOVAL_STEMS for u in tail[k + 1 :])
            for k, t in enumerate(tail)
        ):
            return True
    return False


def is_harm(t: Token) -> bool:
    return t.norm in lx.HARM_WORDS or t.stem in lx.HARM_WORDS


def strength_of(cue: Cue, negated: bool) -> float:
    """Denying a reason for something ("we do not consider it necessary") is a firm no."""
    return max(cue.strength, 0.7) if negated and cue.position == lx.SUPPORT else cue.strength
