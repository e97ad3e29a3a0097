"""Step 6: one candidate per provision from the readings the linking step gathered.

A neutral reading only when no side is taken; support and an objection joined by a contrast in
one sentence are qualified; a qualified reading wins when it is firm enough; otherwise the most
confident reading.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from . import lexicon as lx
from .pieces import Cue, Evidence
from .spec import Candidate
from .text import Match, Token, fold

_LEADING_CONNECTOR = re.compile(
    r"(?:(?:and|but|or|so|thus|however|therefore|also|further|moreover|in addition)\b[,\s]*)+",
    re.IGNORECASE,
)


def add_evidence(
    evidence: dict[str, list[Evidence]],
    text: str,
    slug: str,
    position: str,
    conf: float,
    start: int,
    end: int,
    cue_match: Match[Cue],
    tokens: list[Token],
    negated: bool,
    note: str = "",
) -> None:
    start, end = _trim(text, start, end)
    surface = text[tokens[cue_match.first].start : tokens[cue_match.last].end]
    surface = " ".join(surface.split())
    label = f'{position}: "{surface}"' + (" (negated)" if negated else "") + note
    evidence.setdefault(slug, []).append(Evidence(position, conf, start, end, label))


def choose(evidence: dict[str, list[Evidence]], text: str) -> list[Candidate]:
    out = []
    for slug, items in evidence.items():
        best: dict[str, Evidence] = {}
        for e in items:
            if e.position not in best or e.confidence > best[e.position].confidence:
                best[e.position] = e
        if len(best) > 1:
            # A delegation that takes a side anywhere is not neutral on it.
            best.pop(lx.NEUTRAL, None)
        mixed = _mixed(text, best.get(lx.SUPPORT), best.get(lx.OPPOSE))
        if mixed is not None and lx.QUALIFIED not in best:
            best[lx.QUALIFIED] = mixed
        qualified = best.get(lx.QUALIFIED)
        if qualified is not None and qualified.confidence >= lx.QUALIFIED_WINS_AT:
            chosen = qualified
        else:
            chosen = max(best.values(), key=lambda e: e.confidence)
        if chosen.confidence < lx.MIN_CONFIDENCE:
            continue
        out.append(
            Candidate(
                provision=slug,
                position=chosen.position,
                evidence=text[chosen.start : chosen.end],
                start=chosen.start,
                end=chosen.end,
                confidence=round(chosen.confidence, 3),
                cue=chosen.cue,
            )
        )
    out.sort(key=lambda c: (c.start, c.provision))
    return out


def one_per_passage(
    candidates: list[Candidate],
    kinds: Mapping[str, str],
    issues_of: Mapping[str, frozenset[str]],
    named: Mapping[str, Sequence[tuple[int, int]]],
) -> list[Candidate]:
    """One proposal per passage and provision family (an issue, its articles, their chapter),
    so that reviewers decide once.

    Where an article or chapter is read from a passage that overlaps the passage of an issue it
    belongs to (``issues_of``), one of them is proposed and the others are noted on it (its cue
    ends "(also ...)", its ``also`` lists them): the article when the passage names it
    explicitly ("article 39", "art. 39", "draft article 39": ``named`` holds where each article
    is so named, as character spans) and names no other article of that issue; otherwise the
    issue ("the transfer of criminal proceedings", a chapter, "articles 40 to 46"). An article
    or chapter that no issue read from its passage belongs to is proposed on its own."""
    issues = [c for c in candidates if kinds.get(c.provision) == "issue"]
    # Issue slug -> the articles and chapters read from its passage.
    members: dict[str, list[Candidate]] = {}
    for c in candidates:
        own = issues_of.get(c.provision)
        if own and kinds.get(c.provision) != "issue":
            for i in issues:
                if i.provision in own and i.start < c.end and c.start < i.end:
                    members.setdefault(i.provision, []).append(c)
    # Issue slug -> the article proposed for it, when exactly one of its articles is named.
    article_for: dict[str, Candidate] = {}
    for slug, family in members.items():
        chosen = [c for c in family if _named_in(c, named)]
        if len(chosen) == 1:
            article_for[slug] = chosen[0]
    kept = {a.provision for a in article_for.values()}
    notes: dict[str, list[str]] = {}
    for slug, family in members.items():
        keep = article_for.get(slug)
        keeper = keep.provision if keep is not None else slug
        noted = notes.setdefault(keeper, [])
        for other in [slug] + [c.provision for c in family]:
            if other != keeper and other not in noted:
                noted.append(other)
    return [
        replace(
            c, cue=f"{c.cue} (also {', '.join(notes[c.provision])})", also=tuple(notes[c.provision])
        )
        if notes.get(c.provision)
        else c
        for c in candidates
        if c.provision in kept or not any(c.provision in noted for noted in notes.values())
    ]


def in_kinds(
    candidates: list[Candidate], kinds: Collection[str], kind_of: Mapping[str, str]
) -> list[Candidate]:
    """The candidates for provisions of ``kinds`` ("issue": what hand-labelled data records).
    A proposal that stands for a provision of those kinds it notes (a named article noting its
    issue) is read as that provision; each provision once."""
    out: list[Candidate] = []
    seen: set[str] = set()
    for c in candidates:
        if kind_of.get(c.provision) in kinds:
            slugs = [c.provision]
        else:
            slugs = [s for s in c.also if kind_of.get(s) in kinds]
        for slug in slugs:
            if slug not in seen:
                seen.add(slug)
                out.append(c if slug == c.provision else replace(c, provision=slug, also=()))
    return out


def _named_in(c: Candidate, named: Mapping[str, Sequence[tuple[int, int]]]) -> bool:
    """Whether an article is named explicitly in the passage of its candidate."""
    return any(c.start <= a and b <= c.end for a, b in named.get(c.provision, ()))


def _mixed(text: str, support: Evidence | None, oppose: Evidence | None) -> Evidence | None:
    """ "We support X, but cannot accept the paragraphs of it that ...": support then an objection
    for one provision, in one sentence and joined by a contrast, is qualified support."""
    if support is None or oppose is None or support.start >= oppose.start:
        return None
    between = text[support.start : oppose.start]
    if re.search(r"[.!?]\s", between):
        return None
    words = [fold(w) for w in re.findall(r"[^\W\d_]+", between)]
    # Two-word links ("sin embargo", "en revanche") as well as one-word ones.
    if not any(
        w in lx.MIXED_LINKS
        for w in words + [" ".join(p) for p in zip(words, words[1:], strict=False)]
    ):
        return None
    label = f"{lx.QUALIFIED}: {support.cue} / {oppose.cue}"
    conf = max(support.confidence, oppose.confidence)
    return Evidence(lx.QUALIFIED, conf, support.start, max(support.end, oppose.end), label)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading connectors ("and", "However,") and surrounding punctuation."""
    m = _LEADING_CONNECTOR.match(text, start, end)
    if m and m.end() < end:
        start = m.end()
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return start, end
