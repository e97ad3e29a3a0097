"""evaluate_extraction on the shared hand-labelled statements: it prints the scores computed."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from extraction.evaluation import format_report, predict, score
from positions.extraction_inputs import compiled_provisions
from tests.extraction_helpers import requires_shared

pytestmark = [pytest.mark.django_db, requires_shared]

CASES = [
    ("seeds-gold.jsonl", "seeds", False),
    ("dev-gold.jsonl", "eval/statements", True),
]


def load(shared_dir, gold_name, folder):
    gold = shared_dir / "eval" / gold_name
    if not gold.is_file():
        pytest.skip(f"{gold} not found")
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line]
    texts = {
        p.name: p.read_text(encoding="utf-8") for p in sorted((shared_dir / folder).glob("*.txt"))
    }
    return gold, records, texts


def run(*args):
    out = StringIO()
    call_command("evaluate_extraction", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(("gold_name", "folder", "header"), CASES, ids=["seeds", "dev"])
def test_printed_report_is_the_score_computed_directly(shared_dir, gold_name, folder, header):
    gold, records, texts = load(shared_dir, gold_name, folder)
    expected = score(records, predict(texts, compiled_provisions().extractor, header))

    out = run("--gold", str(gold), "--texts", str(shared_dir / folder), *(["--header"] * header))

    assert out.strip() == format_report(expected)
    strict = expected.strict
    assert (
        f"P {strict.precision:5.3f}  R {strict.recall:5.3f}  F1 {strict.f1:5.3f}"
        f"   (tp {strict.tp}, fp {strict.fp}, fn {strict.fn})" in out
    )
    assert strict.tp + strict.fn == len(records)


@pytest.mark.parametrize(("gold_name", "folder", "header"), CASES, ids=["seeds", "dev"])
def test_json_report_carries_the_same_figures(shared_dir, gold_name, folder, header):
    gold, records, texts = load(shared_dir, gold_name, folder)
    expected = score(records, predict(texts, compiled_provisions().extractor, header))

    data = json.loads(
        run(
            "--gold",
            str(gold),
            "--texts",
            str(shared_dir / folder),
            "--json",
            *(["--header"] * header),
        )
    )

    for name in ("strict", "provision_only"):
        s = getattr(expected, name)
        assert data[name] == {
            "tp": s.tp,
            "fp": s.fp,
            "fn": s.fn,
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "f1": round(s.f1, 4),
        }
    assert {k: v["tp"] for k, v in data["per_position"].items()} == {
        k: v.tp for k, v in expected.per_position.items()
    }
    assert set(data["per_provision"]) == set(expected.per_provision)
    assert len(data["misses"]) == len(expected.misses)
    assert len(data["false_positives"]) == len(expected.false_positives)
    assert data["statements"] == expected.statements


def test_without_the_header_option_the_header_is_read_as_text(shared_dir):
    gold, records, texts = load(shared_dir, "dev-gold.jsonl", "eval/statements")
    expected = score(records, predict(texts, compiled_provisions().extractor, False))

    out = run("--gold", str(gold), "--texts", str(shared_dir / "eval/statements"))

    assert out.strip() == format_report(expected)


def test_missing_texts_directory_is_an_error(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("", encoding="utf-8")
    with pytest.raises(CommandError, match="is not a directory"):
        run("--gold", str(gold), "--texts", str(tmp_path / "nowhere"))


def test_a_hand_made_gold_file_is_scored(tmp_path):
    (tmp_path / "a.txt").write_text("We object to the transfer of criminal proceedings.")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "statement": "a.txt",
                "delegation": "JPN",
                "provision": "transfer-of-proceedings",
                "stance": "oppose",
                "evidence": "We object to the transfer of criminal proceedings.",
            }
        )
        + "\n",
        encoding="utf-8",
    )

    data = json.loads(run("--gold", str(gold), "--texts", str(tmp_path), "--json"))

    assert data["strict"]["f1"] == 1.0
