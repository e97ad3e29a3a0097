"""A tiny labelled set, heads fitted on it, and reviewed statements: for the learning tests."""

from __future__ import annotations

from functools import cache

from extraction import Extractor
from extraction.learned.encoder import load_encoder
from extraction.learned.training import LabelledSet, train
from positions.extraction_inputs import compiled_provisions
from positions.services import extractor_model_create

TEXTS = {
    "a.txt": "We support international cooperation. The weather was fine in Vienna this week.",
    "b.txt": "We object to the transfer of criminal proceedings. Our delegation thanks the Chair.",
    "c.txt": "A globally coordinated response is imperative. We welcome mutual legal assistance.",
}
RECORDS = [
    {"statement": "a.txt", "provision": "international-cooperation", "stance": "support",
     "evidence": "We support international cooperation."},
    {"statement": "b.txt", "provision": "transfer-of-proceedings", "stance": "oppose",
     "evidence": "We object to the transfer of criminal proceedings."},
    {"statement": "c.txt", "provision": "international-cooperation", "stance": "support",
     "evidence": "A globally coordinated response is imperative."},
    {"statement": "c.txt", "provision": "mutual-legal-assistance", "stance": "support",
     "evidence": "We welcome mutual legal assistance."},
]  # fmt: skip

# Statements whose cooperation passage reviewers read as qualified support; the tiny heads
# read such a passage as support. Paraphrases that are not keywords of the rules (a
# "coordinated response" is), so that the heads, not the rules, propose them.
QUALIFIED = [
    "A response coordinated among States is essential, provided that it respects national sovereignty.",
    "We favour a global response that is coordinated, as long as it remains within domestic law.",
    "International cooperation is needed, but only where it respects national sovereignty.",
    "A response spanning borders is welcome, provided that it respects the sovereignty of States.",
]
# Not a keyword of the rules ("coordinated response" is): only the heads read it.
PROBE = (
    "A response coordinated across borders is essential, provided that it fully respects "
    "national sovereignty."
)


def tiny_set() -> LabelledSet:
    return LabelledSet("tiny", RECORDS, TEXTS, header=False)


@cache
def _tiny_heads_json() -> str:
    rules = Extractor(compiled_provisions().extractor.provisions)
    return train([tiny_set()], rules, load_encoder()).to_json()


def activate_tiny_heads():
    """Heads fitted on the tiny set, recorded and active (so tests do not hang on heads.json)."""
    return extractor_model_create(heads_json=_tiny_heads_json(), note="tiny", activate=True)
