"""Build the extractor's provision list the way the app does, from the shared reference CSVs and
``fixtures/keywords.json``, without a database.

The shared folder is found beside the repository (``../shared``) or at ``TRACKER_SHARED_DIR``.
"""

from __future__ import annotations

import csv
import json
import os
from functools import cache
from pathlib import Path

import pytest

from positions.extraction import Extractor, ProvisionSpec

REPO_DIR = Path(__file__).resolve().parents[1]
SHARED_DIR = Path(os.environ.get("TRACKER_SHARED_DIR") or REPO_DIR.parent / "shared")
KEYWORDS_FILE = REPO_DIR / "fixtures" / "keywords.json"


def shared_available() -> bool:
    return (SHARED_DIR / "reference" / "issues.csv").is_file()


requires_shared = pytest.mark.skipif(
    not shared_available(),
    reason=f"shared reference folder not found at {SHARED_DIR} (set TRACKER_SHARED_DIR)",
)


def _article_numbers(spec: str) -> list[int]:
    """ "23,25-30" -> [23, 25, 26, ..., 30]."""
    numbers: list[int] = []
    for part in (spec or "").split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            lo, hi = part.split("-", 1)
            numbers.extend(range(int(lo), int(hi) + 1))
        else:
            numbers.append(int(part))
    return numbers


@cache
def load_provisions(shared_dir: Path = SHARED_DIR) -> tuple[ProvisionSpec, ...]:
    """Chapters ("ch-N"), articles ("art-N") and issues (their slugs), linked both ways."""
    with open(shared_dir / "reference" / "issues.csv", newline="", encoding="utf-8") as f:
        issues = list(csv.DictReader(f))
    with open(shared_dir / "reference" / "articles.csv", newline="", encoding="utf-8") as f:
        articles = list(csv.DictReader(f))
    keywords = json.loads(KEYWORDS_FILE.read_text(encoding="utf-8"))

    issues_of_article: dict[int, list[str]] = {}
    specs: list[ProvisionSpec] = []
    for row in issues:
        numbers = _article_numbers(row["articles"])
        for n in numbers:
            issues_of_article.setdefault(n, []).append(row["slug"])
        specs.append(
            ProvisionSpec(
                slug=row["slug"],
                kind="issue",
                title=row["title"],
                keywords=tuple(keywords.get(row["slug"], ())),
                related=tuple(f"art-{n}" for n in numbers),
            )
        )
    chapters: dict[int, str] = {}
    for row in articles:
        chapters[int(row["chapter_number"])] = row["chapter_title"]
        n = int(row["number"])
        specs.append(
            ProvisionSpec(
                slug=f"art-{n}",
                kind="article",
                title=row["title"],
                number=n,
                related=tuple(issues_of_article.get(n, ())),
                parent=f"ch-{row['chapter_number']}",
            )
        )
    for n, title in sorted(chapters.items()):
        specs.append(ProvisionSpec(slug=f"ch-{n}", kind="chapter", title=title, number=n))
    return tuple(specs)


@cache
def default_extractor() -> Extractor:
    return Extractor(load_provisions())
