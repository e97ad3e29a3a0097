"""Fit the heads from labelled statements, deterministically (fixed folds, no sampling).

Input: labelled sets (gold records in the evaluation format and the texts they quote). Output:
``Heads`` with the digest of the training data and cross-validated scores. Pure numpy; the
command ``train_extractor`` reads the files and writes ``heads.json``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..evaluation import score
from ..speaker import split_header
from ..spec import POSITIONS
from .encoder import Encoder
from .features import (
    RELEVANCE_FEATURES,
    Document,
    centroids,
    embed_issues,
    read_document,
    relevance_rows,
    stance_rows,
)
from .heads import Heads, LogisticHead

FOLDS = 5
THRESHOLDS = tuple(round(0.1 + 0.05 * i, 2) for i in range(18))  # 0.10 .. 0.95
RELEVANCE_L2 = 1.0
STANCE_L2 = 30.0


@dataclass
class LabelledSet:
    """Gold records and the texts they quote (file name -> text)."""

    name: str
    records: list[dict]
    texts: dict[str, str]
    header: bool = True
    speakers: Mapping[str, Sequence[str]] = field(default_factory=dict)


@dataclass
class _Statement:
    key: str
    body: str
    speaker: tuple[str, ...]
    gold: dict[str, str]  # issue slug -> stance
    relevance: np.ndarray  # (n, issues, features)
    relevant: np.ndarray  # (n, issues) 0/1
    stance_x: np.ndarray  # (n, features)
    stance_y: list[tuple[int, str]]  # (sentence, stance) of the labelled sentences
    rules: list[dict]  # the rules' predictions (issues), as evaluation dicts
    doc: Document = None  # type: ignore[assignment]


def digest(sets: Sequence[LabelledSet]) -> str:
    """SHA-256 over every record and text, in a fixed order."""
    h = hashlib.sha256()
    for s in sorted(sets, key=lambda s: s.name):
        h.update(s.name.encode())
        for r in sorted(json.dumps(r, sort_keys=True) for r in s.records):
            h.update(r.encode())
        for name in sorted(s.texts):
            h.update(name.encode())
            h.update(s.texts[name].encode())
    return h.hexdigest()


def _locate(text: str, evidence: str) -> tuple[int, int] | None:
    start = text.find(evidence)
    if start >= 0:
        return start, start + len(evidence)
    words = evidence.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (m.start(), m.end()) if m else None


def _statements(sets, extractor, encoder, issues) -> list[_Statement]:
    out = []
    for s in sets:
        by_statement: dict[str, list[dict]] = {}
        for r in s.records:
            by_statement.setdefault(r["statement"], []).append(r)
        for name in sorted(s.texts):
            text = s.texts[name]
            body = split_header(text)[1] if s.header else text
            speaker = tuple(s.speakers.get(name, ()))
            doc = read_document(body, encoder, extractor._index, extractor._cues, speaker)
            n = len(doc.spans)
            relevant = np.zeros((n, len(issues.slugs)), dtype=np.float64)
            labels: list[tuple[int, str]] = []
            gold: dict[str, str] = {}
            for r in by_statement.get(name, []):
                if r["provision"] not in issues.slugs:
                    continue
                gold[r["provision"]] = r["stance"]
                span = _locate(body, r["evidence"])
                if span is None:
                    continue
                hit = [k for k, (a, b) in enumerate(doc.spans) if a < span[1] and span[0] < b]
                for k in hit:
                    relevant[k, issues.slugs.index(r["provision"])] = 1
                if hit:
                    labels.append((hit[0], r["stance"]))
            rules = [
                {"statement": f"{s.name}/{name}", "provision": c.provision, "position": c.position}
                for c in extractor.in_kinds(extractor.extract(body, speaker=speaker), ("issue",))
            ]
            out.append(
                _Statement(
                    key=f"{s.name}/{name}",
                    body=body,
                    speaker=speaker,
                    gold=gold,
                    relevance=relevance_rows(doc, issues).astype(np.float64),
                    relevant=relevant,
                    stance_x=stance_rows(doc).astype(np.float64),
                    stance_y=labels,
                    rules=rules,
                    doc=doc,
                )
            )
    return out


def _standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    return mean, scale


def fit_binary(x: np.ndarray, y: np.ndarray, l2: float = RELEVANCE_L2) -> LogisticHead:
    """L2 logistic regression by Newton's method (deterministic, 25 steps)."""
    mean, scale = _standardise(x)
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(25):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ (p - y) + reg * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(reg + 1e-9)
        w -= np.linalg.solve(hess, grad)
    return LogisticHead(("relevant",), mean, scale, w[:-1, None], w[-1:])


def fit_softmax(
    x: np.ndarray, y: Sequence[str], classes: Sequence[str], l2: float = STANCE_L2
) -> LogisticHead:
    """L2 multinomial logistic regression by full-batch gradient descent (fixed steps)."""
    mean, scale = _standardise(x)
    z = (x - mean) / scale
    t = np.zeros((len(y), len(classes)))
    t[np.arange(len(y)), [classes.index(v) for v in y]] = 1
    w = np.zeros((z.shape[1], len(classes)))
    b = np.log(t.mean(axis=0) + 1e-3)
    rate = 1.0 / (np.linalg.norm(z, ord=2) ** 2 / len(y) + l2 / len(y))
    for _ in range(400):
        logits = z @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        w -= rate * (z.T @ (p - t) / len(y) + l2 * w / len(y))
        b -= rate * (p - t).mean(axis=0)
    return LogisticHead(tuple(classes), mean, scale, w, b)


def _prototypes(statements: list[_Statement]) -> np.ndarray:
    return centroids(
        np.concatenate([s.doc.vectors for s in statements]).astype(np.float64),
        np.concatenate([s.relevant for s in statements]),
    )


def _with_prototypes(statements: list[_Statement], issues, prototypes) -> None:
    for s in statements:
        s.relevance = relevance_rows(s.doc, issues, prototypes).astype(np.float64)


def _fit(statements: list[_Statement]) -> tuple[LogisticHead, LogisticHead]:
    rx = np.concatenate([s.relevance.reshape(-1, s.relevance.shape[-1]) for s in statements])
    ry = np.concatenate([s.relevant.reshape(-1) for s in statements])
    sx = np.array([s.stance_x[k] for s in statements for k, _ in s.stance_y])
    sy = [v for s in statements for _, v in s.stance_y]
    classes = [p for p in POSITIONS if p in sy]
    return fit_binary(rx, ry), fit_softmax(sx, sy, classes)


def _best(s: _Statement, issues, relevance: LogisticHead, stance: LogisticHead):
    """(probability, issue, position) of the best sentence for every issue."""
    if not len(s.relevance):
        return []
    p = relevance.scores(s.relevance)
    st = stance.scores(s.stance_x)
    out = []
    for j, slug in enumerate(issues.slugs):
        k = int(np.argmax(p[:, j]))
        out.append((float(p[k, j]), slug, stance.classes[int(np.argmax(st[k]))]))
    return out


def _head_f1(statements, best, threshold) -> float:
    """F1 of the relevance head alone at naming the issues a statement takes a position on."""
    tp = fp = fn = 0
    for s, found in zip(statements, best, strict=True):
        for p, slug, _position in found:
            tp += p >= threshold and slug in s.gold
            fp += p >= threshold and slug not in s.gold
            fn += p < threshold and slug in s.gold
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _scores(statements, additions, threshold) -> dict:
    gold = [
        {"statement": s.key, "provision": slug, "stance": stance}
        for s in statements
        for slug, stance in s.gold.items()
    ]
    pred = [r for s in statements for r in s.rules]
    pred += [
        {"statement": s.key, "provision": slug, "position": position}
        for s, adds in zip(statements, additions, strict=True)
        for p, slug, position in adds
        if p >= threshold and slug not in {r["provision"] for r in s.rules}
    ]
    report = score(gold, pred)
    opp = report.per_position["oppose"]
    return {
        "strict_f1": round(report.strict.f1, 4),
        "strict_precision": round(report.strict.precision, 4),
        "strict_recall": round(report.strict.recall, 4),
        "provision_f1": round(report.provision_only.f1, 4),
        "oppose_recall": round(opp.recall, 4),
    }


def train(sets: Sequence[LabelledSet], extractor, encoder: Encoder) -> Heads:
    """Fit both heads on every set; choose the relevance threshold by statement-level
    cross-validation (fold = position in the sorted statement list modulo ``FOLDS``): the one at
    which the relevance head alone best names the issues each statement takes a position on.
    Not the one that best adds to the rules: the rules were tuned on these same texts, so what
    they miss here says little about what they miss on statements they have not seen."""
    issues = embed_issues(extractor.provisions, encoder)
    statements = sorted(_statements(sets, extractor, encoder, issues), key=lambda s: s.key)
    folds = [statements[i::FOLDS] for i in range(FOLDS)]
    held_out: list[tuple[_Statement, list]] = []
    for i, fold in enumerate(folds):
        rest = [s for j, f in enumerate(folds) if j != i for s in f]
        prototypes = _prototypes(rest)  # from the training folds only
        _with_prototypes(statements, issues, prototypes)
        relevance, stance = _fit(rest)
        held_out += [(s, _best(s, issues, relevance, stance)) for s in fold]
    cv_statements = [s for s, _ in held_out]
    cv_additions = [a for _, a in held_out]
    head_f1 = {t: _head_f1(cv_statements, cv_additions, t) for t in THRESHOLDS}
    threshold = max(THRESHOLDS, key=lambda t: (round(head_f1[t], 4), t))
    prototypes = _prototypes(statements)
    _with_prototypes(statements, issues, prototypes)
    relevance, stance = _fit(statements)
    meta = {
        "encoder": "wordllama 0.4.0.post1 (l2_supercat, 256 dimensions)",
        "relevance_features": list(RELEVANCE_FEATURES),
        "training": {
            "digest": digest(sets),
            "sets": {s.name: {"statements": len(s.texts), "records": len(s.records)} for s in sets},
            "folds": FOLDS,
        },
        "scores": {
            "cross_validated_rules_only": _scores(cv_statements, cv_additions, 2.0),
            "cross_validated_with_heads": _scores(cv_statements, cv_additions, threshold),
            "cross_validated_relevance_head_f1": round(head_f1[threshold], 4),
        },
    }
    return Heads(
        relevance, stance, threshold, meta, prototypes.astype(np.float32), tuple(issues.slugs)
    )
