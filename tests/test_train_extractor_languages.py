"""train_extractor fits the learned layer on English sets only: its encoder reads English, so
the Spanish and French corpus sets (set-k, set-l) train and guard the rules, not the heads."""

from types import SimpleNamespace

import pytest
from django.core.management import call_command

from positions.management.commands import train_extractor
from positions.management.commands.train_extractor import CORPUS, _read_set, set_language

pytestmark = pytest.mark.django_db


def _corpus_set(name):
    folder = CORPUS / name
    return _read_set(name, folder / "gold.jsonl", folder / "statements", True)


def test_each_corpus_set_is_told_by_its_language():
    assert set_language(_corpus_set("set-a")) == "en"
    assert set_language(_corpus_set("set-k")) == "es"
    assert set_language(_corpus_set("set-l")) == "fr"


def test_training_leaves_the_spanish_and_french_sets_out(monkeypatch, tmp_path):
    seen = []

    def fake_train(sets, rules, encoder):
        seen.extend(s.name for s in sets)
        scores = {"strict_f1": 0.0}
        return SimpleNamespace(
            threshold=0.5,
            to_json=lambda: "{}",
            meta={
                "scores": {
                    "cross_validated_rules_only": scores,
                    "cross_validated_with_heads": scores,
                },
                "training": {"digest": "0" * 64},
            },
        )

    monkeypatch.setattr(train_extractor, "train", fake_train)
    monkeypatch.setattr(train_extractor, "load_encoder", lambda: None)

    call_command("train_extractor", "--corpus-only", "--output", str(tmp_path / "heads.json"))

    assert "set-a" in seen and "set-j" in seen
    assert "set-k" not in seen and "set-l" not in seen
