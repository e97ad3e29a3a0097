"""The extractor's input and output: frozen dataclasses, no Django."""

from __future__ import annotations

from dataclasses import dataclass

POSITIONS = ("support", "qualified", "neutral", "oppose")


@dataclass(frozen=True)
class ProvisionSpec:
    """A provision as the extractor sees it: what to look for and how it links to others."""

    slug: str  # "transfer-of-proceedings", "art-39", "ch-5"
    kind: str  # "chapter" | "article" | "issue"
    title: str
    keywords: tuple[str, ...] = ()
    number: int | None = None  # article number, chapter number
    related: tuple[str, ...] = ()  # article -> its issue slugs; issue -> its article slugs
    parent: str | None = None  # chapter slug of an article


@dataclass(frozen=True)
class Candidate:
    """One proposed stance: the statement's position on a provision, with its evidence."""

    provision: str  # slug
    position: str  # "support" | "qualified" | "neutral" | "oppose"
    evidence: str  # == text[start:end]
    start: int
    end: int
    confidence: float  # 0..1
    cue: str  # the cue that fired, e.g. 'oppose: "we object to"'
