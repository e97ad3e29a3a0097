"""The internal pieces the pipeline steps pass to each other (not part of the public interface)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .segment import Clause, Paragraph
from .text import Match, Token


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue of the lexicon as matched in a text."""

    phrase: str
    position: str
    strength: float
    direction: str
    scope: int = 0  # negation is looked for from this token on (inside a judged proposal)


@dataclass(frozen=True, slots=True)
class Mention:
    """A provision named in the text, by keyword, title or reference (token indexes)."""

    first: int
    last: int
    slug: str
    reference: bool = False  # an explicit "article 39" / "chapter V"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reading of a provision: a position, how sure, and the passage that says it."""

    position: str
    confidence: float
    start: int
    end: int
    cue: str


@dataclass(slots=True)
class ClauseInfo:
    """A clause with what was found in it; the steps narrow its mentions and cues in place."""

    clause: Clause
    lo: int  # first token index
    hi: int  # one past the last token index
    para: int
    sent: int
    mentions: list[Mention] = field(default_factory=list)
    cues: list[Match[Cue]] = field(default_factory=list)
    markers: set[str] = field(default_factory=set)
    reports: list[Match[str]] = field(default_factory=list)
    heads: list[Match[str]] = field(default_factory=list)  # others' proposals named
    others: list[int] = field(default_factory=list)  # where others are named as subject
    judged: bool = False  # the speaker judges a proposal of others it names
    skip: bool = False  # thanks or procedure, or another party's view reported without judgement
    condition: int | None = None  # where a condition ("only where ...") starts
    negation: int | None = None  # where a negating lead ("no consensus on") ends
    focus: list[Match[str]] | None = None  # "built around", "centred on"
    # Others' view the speaker takes up by ellipsis ("Not all delegations support X, but we
    # do"): whether the speaker's reading of its cues is negated ("..., we do not").
    ellipsis: bool | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """What the rules read of a text (the extractor's steps 1-3, before any narrowing), handed to
    the learned layer so that it does not tokenise, segment and match the text again."""

    tokens: list[Token]
    paragraphs: list[Paragraph]
    mentions: tuple[Mention, ...]
    cues: tuple[Match[Cue], ...]
    # What the rules decided the speaker says nothing about, by sentence (numbered across the
    # paragraphs, in order): (sentence, issue) pairs whose mention a step took away (what the
    # speaker's country did or will do at home, a place in the text, another party's view),
    # and sentences where every clause is thanks, procedure, another party's view or a
    # paragraph about another field.
    declined: frozenset[tuple[int, str]] = frozenset()
    silent: frozenset[int] = frozenset()


def by_sentence(clauses: list[ClauseInfo]) -> dict[tuple[int, int], list[ClauseInfo]]:
    """The clauses grouped by sentence, keyed (paragraph, sentence), in text order."""
    out: dict[tuple[int, int], list[ClauseInfo]] = {}
    for c in clauses:
        out.setdefault((c.para, c.sent), []).append(c)
    return out
