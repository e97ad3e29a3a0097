"""Scoring extracted stances against hand-labelled ones. Pure: the caller reads the files.

Gold records are dicts as in the evaluation jsonl (``statement``, ``delegation``, ``provision``,
``stance``, ``evidence``); predictions are dicts with ``statement``, ``provision``, ``position``,
``evidence``. Two scores: **strict** (provision and position right) and **provision-only**
(the provision was found, whatever the position).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .extractor import Extractor
from .speaker import split_header
from .spec import POSITIONS


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Miss:
    """A gold stance not predicted (strict), with what was predicted for it, if anything."""

    statement: str
    provision: str
    stance: str
    evidence: str
    predicted: str | None  # the position predicted for this provision, or None


@dataclass(frozen=True)
class FalsePositive:
    statement: str
    provision: str
    position: str
    evidence: str
    gold: str | None  # the gold stance for this provision, or None


@dataclass(frozen=True)
class Report:
    strict: Score
    provision_only: Score
    per_position: Mapping[str, Score]
    per_provision: Mapping[str, Score]
    misses: tuple[Miss, ...]
    false_positives: tuple[FalsePositive, ...]
    statements: int


def _key(record: Mapping[str, str], position_field: str) -> tuple[str, str, str]:
    return (record["statement"], record["provision"], record[position_field])


def score(
    gold_records: Iterable[Mapping[str, str]],
    predictions: Iterable[Mapping[str, str]],
) -> Report:
    """Micro precision/recall/F1, strict and provision-only, per position and per provision."""
    gold = {_key(r, "stance"): r for r in gold_records}
    pred = {_key(r, "position"): r for r in predictions}
    gold_prov = {(s, p): st for (s, p, st) in gold}
    pred_prov = {(s, p): pos for (s, p, pos) in pred}

    strict_tp = gold.keys() & pred.keys()
    strict = Score(len(strict_tp), len(pred) - len(strict_tp), len(gold) - len(strict_tp))
    prov_tp = gold_prov.keys() & pred_prov.keys()
    provision_only = Score(
        len(prov_tp), len(pred_prov) - len(prov_tp), len(gold_prov) - len(prov_tp)
    )

    def breakdown(index: int, values: Iterable[str]) -> dict[str, Score]:
        out = {}
        for value in values:
            g = {k for k in gold if k[index] == value}
            p = {k for k in pred if k[index] == value}
            out[value] = Score(len(g & p), len(p - g), len(g - p))
        return out

    provisions = sorted({k[1] for k in gold} | {k[1] for k in pred})
    misses = tuple(
        Miss(k[0], k[1], k[2], gold[k].get("evidence", ""), pred_prov.get((k[0], k[1])))
        for k in sorted(gold.keys() - pred.keys())
    )
    false_positives = tuple(
        FalsePositive(k[0], k[1], k[2], pred[k].get("evidence", ""), gold_prov.get((k[0], k[1])))
        for k in sorted(pred.keys() - gold.keys())
    )
    statements = len({k[0] for k in gold} | {k[0] for k in pred})
    return Report(
        strict=strict,
        provision_only=provision_only,
        per_position=breakdown(2, POSITIONS),
        per_provision=breakdown(1, provisions),
        misses=misses,
        false_positives=false_positives,
        statements=statements,
    )


def predict(
    texts: Mapping[str, str],
    extractor: Extractor,
    header: bool,
    kinds: Sequence[str] = ("issue",),
    speakers: Mapping[str, Sequence[str]] | None = None,
) -> list[dict[str, str]]:
    """Run the extractor on each text (the body only, when ``header``); keep the provision
    kinds the gold records use (issues). ``speakers``: file name -> the speaker's names."""
    out = []
    for name, text in sorted(texts.items()):
        body = split_header(text)[1] if header else text
        found = extractor.extract(body, speaker=(speakers or {}).get(name, ()))
        for c in extractor.in_kinds(found, kinds):
            out.append(
                {
                    "statement": name,
                    "provision": c.provision,
                    "position": c.position,
                    "evidence": c.evidence,
                }
            )
    return out


def evaluate(
    gold_records: Iterable[Mapping[str, str]],
    texts: Mapping[str, str],
    extractor: Extractor,
    header: bool,
    speakers: Mapping[str, Sequence[str]] | None = None,
) -> Report:
    """Extract from ``texts`` (file name -> content) and score against the gold records.

    Gold records for a statement missing from ``texts`` count as misses. ``speakers`` (file
    name -> names of the delegation speaking) lets the extractor know who speaks.
    """
    return score(gold_records, predict(texts, extractor, header, speakers=speakers))


def _line(label: str, s: Score) -> str:
    return (
        f"{label:<34} P {s.precision:5.3f}  R {s.recall:5.3f}  F1 {s.f1:5.3f}"
        f"   (tp {s.tp}, fp {s.fp}, fn {s.fn})"
    )


def format_report(report: Report) -> str:
    """A plain-text rendering for the terminal."""
    out = [
        f"Statements: {report.statements}",
        _line("strict (provision + position)", report.strict),
        _line("provision only", report.provision_only),
        "",
        "Per position (strict):",
    ]
    out += [_line(f"  {k}", v) for k, v in report.per_position.items()]
    out += ["", "Per provision (strict):"]
    out += [_line(f"  {k}", v) for k, v in report.per_provision.items()]
    out += ["", f"Misses ({len(report.misses)}):"]
    for m in report.misses:
        got = f"predicted {m.predicted}" if m.predicted else "not found"
        out.append(f"  {m.statement}  {m.provision}  {m.stance}  [{got}]")
        out.append(f"      {m.evidence}")
    out += ["", f"False positives ({len(report.false_positives)}):"]
    for f in report.false_positives:
        gold = f"gold {f.gold}" if f.gold else "no gold"
        out.append(f"  {f.statement}  {f.provision}  {f.position}  [{gold}]")
        out.append(f"      {f.evidence}")
    return "\n".join(out)
