"""Build the extractor's provision list from the repository's fixtures, without a database.

``fixtures/provisions.json`` holds the provisions the app loads (chapters, articles, issues with
their keywords and links); the golden cases and the corpus tests read it, so they run from a fresh
clone. Only the tests that score the shared evaluation sets need ``../shared`` (or
``TRACKER_SHARED_DIR``): ``requires_shared`` marks them: outside CI they are left out with one
summary line, under CI they fail.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from extraction import Extractor, ProvisionSpec
from provisions.reference import provision_specs_from_fixture

REPO_DIR = Path(__file__).resolve().parents[1]
SHARED_DIR = Path(os.environ.get("TRACKER_SHARED_DIR") or REPO_DIR.parent / "shared")
PROVISIONS_FIXTURE = REPO_DIR / "fixtures" / "provisions.json"


def shared_available() -> bool:
    return (SHARED_DIR / "eval" / "dev-gold.jsonl").is_file()


def in_ci() -> bool:
    """Whether the tests run under CI (``CI`` set, as CI services do): missing data fails there."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


#: Tests that score the shared evaluation sets. Without ../shared they are left out with one
#: summary line outside CI (see ``conftest.py``) and fail under CI.
requires_shared = pytest.mark.needs_shared


@cache
def load_provisions(fixture: Path = PROVISIONS_FIXTURE) -> tuple[ProvisionSpec, ...]:
    """The provisions of ``fixtures/provisions.json``, as the app would load them."""
    return provision_specs_from_fixture(fixture)


@cache
def default_extractor() -> Extractor:
    return Extractor(load_provisions())


@cache
def one_per_passage_extractor() -> Extractor:
    """As the app builds it: one proposal per passage and provision family."""
    return Extractor(load_provisions(), one_per_passage=True)
