"""A domain profile: what the extractor knows of one negotiation, read from ``domains/<name>.toml``.

The lexicon (``extraction.lexicon``) holds how diplomats speak in general; a profile holds the
words and special issues of one treaty: which words anchor a paragraph to its subject, which
neighbouring fields are off topic, which issue stands for "a new instrument" as a whole and which
for the existing instruments, and which other instruments' articles statements cite.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DOMAINS_DIR = Path(__file__).resolve().parent / "domains"
DEFAULT_DOMAIN = "cybercrime"


@dataclass(frozen=True)
class Domain:
    """One negotiation's profile (see ``domains/cybercrime.toml`` for what each field means)."""

    name: str
    instrument_issue: str  # the issue of wanting the instrument as a whole
    existing_instruments_issue: str  # the issue of the instruments already in force
    anchors: tuple[str, ...]
    off_topic: tuple[str, ...]
    institutions: tuple[str, ...]
    not_keywords: tuple[str, ...]
    other_instrument: re.Pattern[str]  # matched right after an article reference
    # Issues that are conditions put on others ("respect for X is a precondition for Y").
    safeguard_issues: frozenset[str] = frozenset()


@cache
def load_domain(name: str = DEFAULT_DOMAIN) -> Domain:
    """The profile in ``domains/<name>.toml`` (read once per name)."""
    data = tomllib.loads((DOMAINS_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    return Domain(
        name=data["name"],
        instrument_issue=data["instrument_issue"],
        existing_instruments_issue=data["existing_instruments_issue"],
        anchors=tuple(data["anchors"]),
        off_topic=tuple(data["off_topic"]),
        institutions=tuple(data["institutions"]),
        not_keywords=tuple(data["not_keywords"]),
        other_instrument=re.compile(
            r"\s*(?:of|in)\s+the\s+(?:" + "|".join(data["other_instruments"]) + ")", re.IGNORECASE
        ),
        safeguard_issues=frozenset(data.get("safeguard_issues", ())),
    )
