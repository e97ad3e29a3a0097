"""The extractor's input and output: frozen dataclasses, no Django."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

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
    description: str = ""  # what the provision is about, in a sentence (the learned layer reads it)


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
    # The provisions of the same passage this proposal stands for, noted rather than proposed
    # again (one proposal per passage): an issue's articles, or a named article's issue.
    also: tuple[str, ...] = ()


def build_specs(rows: Iterable[Mapping[str, Any]]) -> tuple[ProvisionSpec, ...]:
    """Provisions as the extractor sees them, from plain rows, in row order.

    Each row has ``slug``, ``kind``, ``title``, ``keywords`` (one per line, or a sequence),
    ``number``, ``parent`` (a chapter slug or ``None``) and ``related`` (slugs). The one place
    where database rows and fixture files become ``ProvisionSpec``s.
    """
    specs = []
    for row in rows:
        keywords = row.get("keywords") or ()
        if isinstance(keywords, str):
            keywords = keywords.splitlines()
        specs.append(
            ProvisionSpec(
                slug=row["slug"],
                kind=row["kind"],
                title=row["title"],
                keywords=tuple(k.strip() for k in keywords if k.strip()),
                number=row.get("number"),
                related=tuple(row.get("related") or ()),
                parent=row.get("parent"),
                description=row.get("description") or "",
            )
        )
    return tuple(specs)
