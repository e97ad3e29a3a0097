"""A domain profile: what the extractor knows of one negotiation, read from ``domains/<name>.toml``.

The lexicon (``extraction.lexicon``) holds how diplomats speak in general; a profile holds the
words and special issues of one treaty: which words anchor a paragraph to its subject, which
neighbouring fields are off topic, which issue stands for "a new instrument" as a whole and which
for the existing instruments, and which other instruments' articles statements cite.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
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
    # The issue a call for countries to act together names ("no country can tackle this alone").
    cooperation_issue: str | None = None
    # Issue slug -> its names in the other languages read (``<name>-*.toml``), added to the
    # keywords the provisions come with.
    keywords: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@cache
def load_domain(name: str = DEFAULT_DOMAIN) -> Domain:
    """The profile in ``domains/<name>.toml`` (read once per name), with the lists of each
    ``domains/<name>-*.toml`` beside it (its words in other languages) added to its own."""
    data = tomllib.loads((DOMAINS_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    links = [r"(?:of|in)\s+the\s+"]
    keywords: dict[str, list[str]] = {}
    for path in sorted(DOMAINS_DIR.glob(f"{name}-*.toml")):
        extra = tomllib.loads(path.read_text(encoding="utf-8"))
        for key in ("anchors", "off_topic", "institutions", "not_keywords", "other_instruments"):
            data[key] = list(data.get(key, ())) + list(extra.get(key, ()))
        links += [rf"{link}\s*" for link in extra.get("other_instruments_links", ())]
        for slug, words in extra.get("keywords", {}).items():
            keywords.setdefault(slug, []).extend(words)
    return Domain(
        name=data["name"],
        instrument_issue=data["instrument_issue"],
        existing_instruments_issue=data["existing_instruments_issue"],
        anchors=tuple(data["anchors"]),
        off_topic=tuple(data["off_topic"]),
        institutions=tuple(data["institutions"]),
        not_keywords=tuple(data["not_keywords"]),
        other_instrument=re.compile(
            r"\s*(?:" + "|".join(links) + ")(?:" + "|".join(data["other_instruments"]) + ")",
            re.IGNORECASE,
        ),
        safeguard_issues=frozenset(data.get("safeguard_issues", ())),
        cooperation_issue=data.get("cooperation_issue"),
        keywords={slug: tuple(words) for slug, words in keywords.items()},
    )
