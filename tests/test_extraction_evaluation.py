"""The evaluation metrics, on a hand-computed example and on the shared labelled statements."""

import json

import pytest

from extraction.evaluation import evaluate, format_report, score
from tests.extraction_helpers import SHARED_DIR, default_extractor, requires_shared

GOLD = [
    {
        "statement": "a.txt",
        "delegation": "JPN",
        "provision": "p1",
        "stance": "support",
        "evidence": "we support p1",
    },
    {
        "statement": "a.txt",
        "delegation": "JPN",
        "provision": "p2",
        "stance": "oppose",
        "evidence": "we object to p2",
    },
    {
        "statement": "b.txt",
        "delegation": "CHN",
        "provision": "p1",
        "stance": "qualified",
        "evidence": "p1 only where needed",
    },
    {
        "statement": "b.txt",
        "delegation": "CHN",
        "provision": "p3",
        "stance": "support",
        "evidence": "p3 is essential",
    },
]
PREDICTIONS = [
    {"statement": "a.txt", "provision": "p1", "position": "support", "evidence": "x"},  # tp
    {"statement": "a.txt", "provision": "p2", "position": "support", "evidence": "y"},  # wrong side
    {"statement": "b.txt", "provision": "p1", "position": "qualified", "evidence": "z"},  # tp
    {"statement": "b.txt", "provision": "p4", "position": "oppose", "evidence": "w"},  # spurious
]


def test_scores_by_hand():
    report = score(GOLD, PREDICTIONS)

    # strict: 2 right of 4 predicted, 2 found of 4 gold
    assert (report.strict.tp, report.strict.fp, report.strict.fn) == (2, 2, 2)
    assert report.strict.precision == pytest.approx(0.5)
    assert report.strict.recall == pytest.approx(0.5)
    assert report.strict.f1 == pytest.approx(0.5)
    # provision only: p2 in a.txt now counts
    assert (report.provision_only.tp, report.provision_only.fp, report.provision_only.fn) == (
        3,
        1,
        1,
    )
    assert report.provision_only.f1 == pytest.approx(0.75)
    # per position: support has 1 tp, 1 fp (p2 support), 1 fn (p3)
    support = report.per_position["support"]
    assert (support.tp, support.fp, support.fn) == (1, 1, 1)
    oppose = report.per_position["oppose"]
    assert (oppose.tp, oppose.fp, oppose.fn) == (0, 1, 1)
    assert oppose.recall == 0.0
    assert report.per_provision["p1"].f1 == pytest.approx(1.0)
    # misses and false positives carry their texts and the other side's reading
    misses = {(m.statement, m.provision): m for m in report.misses}
    assert misses[("a.txt", "p2")].predicted == "support"
    assert misses[("a.txt", "p2")].evidence == "we object to p2"
    assert misses[("b.txt", "p3")].predicted is None
    fps = {(f.statement, f.provision): f for f in report.false_positives}
    assert fps[("a.txt", "p2")].gold == "oppose"
    assert fps[("b.txt", "p4")].evidence == "w"


def test_empty_inputs_score_zero():
    report = score([], [])
    assert report.strict.f1 == 0.0
    assert report.misses == ()


def test_format_report_lists_misses_and_false_positives():
    text = format_report(score(GOLD, PREDICTIONS))
    assert "strict" in text
    assert "P 0.500" in text
    assert "we object to p2" in text
    assert "b.txt  p4  oppose  [no gold]" in text


def _load(gold_name, folder):
    records = [
        json.loads(line)
        for line in (SHARED_DIR / "eval" / gold_name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    return records, texts


@requires_shared
@pytest.mark.parametrize(
    ("gold_name", "folder", "header"),
    [
        ("seeds-gold.jsonl", SHARED_DIR / "seeds", False),
        ("dev-gold.jsonl", SHARED_DIR / "eval" / "statements", True),
    ],
    ids=["seeds", "dev"],
)
def test_targets_on_shared_labelled_statements(gold_name, folder, header):
    if not (SHARED_DIR / "eval" / gold_name).is_file():
        pytest.skip(f"{gold_name} not found in {SHARED_DIR / 'eval'}")
    records, texts = _load(gold_name, folder)

    report = evaluate(records, texts, default_extractor(), header=header)

    assert report.strict.f1 >= 0.80, format_report(report)
    oppose = report.per_position["oppose"]
    if oppose.tp + oppose.fn:
        assert oppose.recall >= 0.9, format_report(report)
