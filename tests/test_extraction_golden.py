"""Golden cases: short statements in diplomatic style (written for these tests) and the stances
expected from them. One JSON file per behaviour in ``tests/extraction_cases/``.

Each case: ``text``; ``expected`` (provision, position) pairs that must be found; ``exact``
(nothing else may be found); ``absent`` (provisions that must not be found); ``kinds`` (which
provision kinds are compared, issues by default); ``one_per_passage`` (read as the app does, one
proposal per passage and provision family; ``also`` then lists what each proposal notes).
Add a case for every bug fixed.
"""

import json
from pathlib import Path

import pytest

from tests.extraction_helpers import default_extractor, one_per_passage_extractor

CASES_DIR = Path(__file__).parent / "extraction_cases"


def _cases():
    return [
        pytest.param(case, id=f"{path.stem}: {case['name']}")
        for path in sorted(CASES_DIR.glob("*.json"))
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]
    ]


@pytest.mark.parametrize("case", _cases())
def test_golden_case(case):
    extractor = one_per_passage_extractor() if case.get("one_per_passage") else default_extractor()
    kinds = set(case.get("kinds", ["issue"]))

    candidates = extractor.extract(case["text"])

    got = {(c.provision, c.position) for c in candidates if extractor.kind_of(c.provision) in kinds}
    expected = {(e["provision"], e["position"]) for e in case.get("expected", [])}
    if case.get("exact"):
        assert got == expected
    else:
        assert expected <= got
    assert not {p for p, _ in got} & set(case.get("absent", []))
    noted = {c.provision: list(c.also) for c in candidates}
    for e in case.get("expected", []):
        if "also" in e:
            assert noted[e["provision"]] == e["also"], e
    for c in candidates:
        assert c.evidence == case["text"][c.start : c.end]
        assert 0 < c.confidence <= 1
        assert c.cue
