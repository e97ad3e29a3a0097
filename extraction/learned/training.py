"""Fit the heads from labelled statements, deterministically (fixed folds, no sampling).

Input: labelled sets (gold records in the evaluation format and the texts they quote). Output:
``Heads`` with the digest of the training data and cross-validated scores. Pure numpy; the
command ``train_extractor`` reads the files and writes ``heads.json``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..evaluation import score
from ..language import keep_readable
from ..segment import paragraphs_spans
from ..speaker import split_header
from ..spec import POSITIONS
from .encoder import Encoder
from .features import (
    GAP_FEATURES,
    LONG_STATEMENT,
    MARKERS_FILE,
    RELEVANCE_FEATURES,
    Document,
    centroids,
    embed_issues,
    gap_rows,
    may_propose,
    read_document,
    relevance_rows,
    stance_features,
    stance_rows,
)
from .heads import Heads, LogisticHead, classified

FOLDS = 5
THRESHOLDS = tuple(round(0.1 + 0.05 * i, 2) for i in range(18))  # 0.10 .. 0.95
RELEVANCE_L2 = 1.0
STANCE_L2 = 30.0
# What the relevance head reads of the issue's keywords and of the rules' mentions.
MENTION_FEATURES = (
    "cos_keyword",
    "cos_keyword_before",
    "named_by_rules",
    "named_before",
    "top1",
    "top3",
)
_MENTION_COLUMNS = [RELEVANCE_FEATURES.index(f) for f in MENTION_FEATURES]
# The share of the heads' held-out additions (issues the rules left out) that must be right,
# stance and all, at the threshold chosen: an added stance raises F1 only when it is right more
# often than F1 / 2. Held out, the rules and heads score strict F1 0.90 on the long statements;
# 0.4 (for an F1 of 0.8) chose 0.25 and lowered it (0.900), 0.5 chose 0.45 and raised it (0.906).
ADDITION_PRECISION = 0.5
# How many held-out additions a threshold needs for its rate to count on the real (and the
# shorter) statements: with one or two, "right half the time" is a coin's toss (in December 2026
# one refit chose 0.70, where 1 of 2 additions was right and 2 of 5 at 0.40, another turned them
# off, with the same data but one rule more).
MIN_HELD_OUT_ADDITIONS = 5
NEVER = 1.01  # a threshold no probability reaches: the heads add nothing
STANCE_L2_GRID = (3.0, 10.0, 30.0, 100.0, 300.0)  # chosen by cross-validated macro F1
CLASSIFIER_L2 = 30.0
# The relevance head is fitted on the classifier's probabilities for sentences it was not
# fitted on (inner folds of the training statements): on its own training sentences the
# classifier is surer than it will be on a new statement, and the head would trust it too much.
CLASSIFIER_INNER_FOLDS = 3
NO_ISSUE = ""  # the classifier's class for a sentence about no issue
# The addition head (``features.GAP_FEATURES``) is fitted on rows read by relevance and stance
# heads that were not fitted on their statement (the classifier's inner folds), and only with
# this many labelled texts: on fewer, the relevance head's threshold decides what is added.
# Held out (5 folds, long statements, same data): L2 1 -> strict F1 0.887, 3 -> 0.889,
# 10 -> 0.892, 30 -> 0.889 (the relevance head's threshold alone: 0.888; the rules: 0.882).
GAP_L2 = 10.0
GAP_MIN_STATEMENTS = 20


@dataclass
class LabelledSet:
    """Gold records and the texts they quote (file name -> text)."""

    name: str
    records: list[dict]
    texts: dict[str, str]
    header: bool = True
    speakers: Mapping[str, Sequence[str]] = field(default_factory=dict)
    # Statements delivered at real sessions, labelled as an analyst labels them (a few records a
    # statement), not written for the corpus (labelled densely): the additions' threshold is
    # chosen on these when there are any (``train``).
    real: bool = False


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
    real: bool = False  # from a ``LabelledSet`` of real statements


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


def fold_of(key: str, folds: int, salt: str = "") -> int:
    """A statement's fold, from a hash of its key: a statement stays in its fold when others are
    added or removed (a fold by position in the sorted list moves every statement after it)."""
    return int.from_bytes(hashlib.sha256(f"{salt}{key}".encode()).digest()[:8], "big") % folds


def split(statements: list, folds: int, salt: str = "") -> list[list]:
    """``statements`` (with a ``key``) in ``folds`` folds by ``fold_of``, each in the given order."""
    return [[s for s in statements if fold_of(s.key, folds, salt) == i] for i in range(folds)]


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
            # The rules' reading, as ``Extractor.extract`` hands it to the layer.
            if extractor.languages:
                body = keep_readable(body, paragraphs_spans(body))[0]
            candidates, reading = extractor.read(body, speaker)
            doc = read_document(
                body, encoder, extractor._index, extractor._cues, speaker, reading=reading
            )
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
                for c in extractor.in_kinds(candidates, ("issue",))
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
                    real=s.real,
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


def class_weights(t: np.ndarray) -> np.ndarray:
    """Each row's weight so that every class weighs the same in the loss ("balanced"):
    ``rows / (classes * rows of its class)``. Qualified and oppose are rarer than support in
    any labelled set, and a head fitted unweighted reads them as support."""
    counts = t.sum(axis=0)
    per_class = len(t) / (t.shape[1] * np.maximum(counts, 1))
    return t @ per_class


def fit_softmax(
    x: np.ndarray, y: Sequence[str], classes: Sequence[str], l2: float = STANCE_L2
) -> LogisticHead:
    """Class-balanced L2 multinomial logistic regression by full-batch gradient descent
    (fixed steps)."""
    mean, scale = _standardise(x)
    z = (x - mean) / scale
    t = np.zeros((len(y), len(classes)))
    t[np.arange(len(y)), [classes.index(v) for v in y]] = 1
    weight = class_weights(t)
    total = weight.sum()
    w = np.zeros((z.shape[1], len(classes)))
    b = np.zeros(len(classes))
    rate = 1.0 / (np.linalg.norm(z, ord=2) ** 2 * weight.max() / total + l2 / total)
    for _ in range(400):
        logits = z @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - t) * weight[:, None]
        w -= rate * (z.T @ g / total + l2 * w / total)
        b -= rate * g.sum(axis=0) / total
    return LogisticHead(tuple(classes), mean, scale, w, b)


def _prototypes(statements: list[_Statement]) -> np.ndarray:
    return centroids(
        np.concatenate([s.doc.vectors for s in statements]).astype(np.float64),
        np.concatenate([s.relevant for s in statements]),
    )


def _sentence_issues(statements: list[_Statement], slugs: list[str]):
    """Every sentence's embedding and the issue it is labelled for (``NO_ISSUE`` for none; a
    sentence labelled for two issues is one row for each)."""
    x, y = [], []
    for s in statements:
        for k in range(len(s.doc.spans)):
            hits = np.flatnonzero(s.relevant[k])
            for label in [slugs[h] for h in hits] or [NO_ISSUE]:
                x.append(s.doc.vectors[k])
                y.append(label)
    if not x:
        return np.zeros((0, 0)), y
    return np.array(x, dtype=np.float64), y


def _fit_classifier(statements: list[_Statement], slugs: list[str]) -> LogisticHead | None:
    """The issue classifier: a class-balanced softmax over the issues and ``NO_ISSUE`` on the
    sentences' embeddings (``None`` with no sentence to fit on)."""
    x, y = _sentence_issues(statements, slugs)
    if not len(y):
        return None
    return fit_softmax(x, y, [*slugs, NO_ISSUE], CLASSIFIER_L2)


def _out_of_fold(statements: list[_Statement], slugs: list[str]) -> dict[str, np.ndarray]:
    """Each statement's classifier probabilities from a classifier fitted on the other inner
    folds (``CLASSIFIER_INNER_FOLDS``)."""
    inner = split(statements, CLASSIFIER_INNER_FOLDS, "inner")
    out = {}
    for i, fold in enumerate(inner):
        if not fold:
            continue
        rest = [s for j, f in enumerate(inner) if j != i for s in f]
        head = _fit_classifier(rest, slugs)
        for s in fold:
            out[s.key] = classified(head, s.doc.vectors, slugs)
    return out


def _with_prototypes(
    statements: list[_Statement], issues, prototypes, classifier: LogisticHead | None
) -> None:
    """Relevance rows for statements the prototypes and classifier were not fitted on."""
    for s in statements:
        p = classified(classifier, s.doc.vectors, issues.slugs)
        s.relevance = relevance_rows(s.doc, issues, prototypes, p).astype(np.float64)


def _training_rows(statements: list[_Statement], issues, prototypes) -> dict[str, np.ndarray]:
    """Relevance rows for the statements the heads are fitted on: the classifier's
    probabilities out of fold (returned, by statement)."""
    oof = _out_of_fold(statements, issues.slugs)
    for s in statements:
        s.relevance = relevance_rows(s.doc, issues, prototypes, oof[s.key]).astype(np.float64)
    return oof


def without_mentions(x: np.ndarray) -> np.ndarray:
    """Relevance rows as if no keyword of the issue were in the text (``MENTION_FEATURES``
    zeroed): how a paraphrase looks to the head."""
    x = x.copy()
    x[..., _MENTION_COLUMNS] = 0
    return x


def _fit_relevance(
    statements: list[_Statement], rows: list[np.ndarray] | None = None
) -> LogisticHead:
    """Fitted on every row twice: as it is, and without its mentions. The labelled sets name
    their provisions by keyword far more often than real statements do (which say "a globally
    coordinated response", "the Convention"); fitted on the rows as they are, the head leans on
    the rules' mentions and misses paraphrases (cross-validated F1 with mentions removed 0.76;
    0.83 with the copies, for 0.92 instead of 0.93 on the rows as they are)."""
    rows = [s.relevance for s in statements] if rows is None else rows
    rx = np.concatenate([x.reshape(-1, x.shape[-1]) for x in rows])
    ry = np.concatenate([s.relevant.reshape(-1) for s in statements])
    return fit_binary(np.concatenate([rx, without_mentions(rx)]), np.concatenate([ry, ry]))


def _fit_stance(statements: list[_Statement], l2: float) -> LogisticHead:
    sx = np.array([s.stance_x[k] for s in statements for k, _ in s.stance_y])
    sy = [v for s in statements for _, v in s.stance_y]
    classes = [p for p in POSITIONS if p in sy]
    return fit_softmax(sx, sy, classes, l2)


def _best(s: _Statement, issues, relevance: LogisticHead, stance: LogisticHead):
    """(probability, issue, position) of the best sentence for every issue."""
    if not len(s.relevance):
        return []
    p = relevance.scores(s.relevance) * may_propose(s.doc, issues.slugs)  # as ``LearnedLayer.add``
    st = stance.scores(s.stance_x)
    out = []
    for j, slug in enumerate(issues.slugs):
        k = int(np.argmax(p[:, j]))
        out.append((float(p[k, j]), slug, stance.classes[int(np.argmax(st[k]))]))
    return out


def _stance_pairs(statements: list[_Statement], stance: LogisticHead) -> list[tuple[str, str]]:
    out = []
    for s in statements:
        if s.stance_y:
            predicted = stance.scores(np.array([s.stance_x[k] for k, _ in s.stance_y]))
            out += [
                (gold, stance.classes[int(np.argmax(p))])
                for (_k, gold), p in zip(s.stance_y, predicted, strict=True)
            ]
    return out


def _stance_scores(pairs: list[tuple[str, str]]) -> dict:
    """Accuracy, macro F1 and each position's recall of the stance head on the held-out
    labelled sentences (the sentence the gold evidence starts in)."""
    out: dict = {"sentences": len(pairs)}
    if not pairs:
        return out
    f1s = []
    for position in POSITIONS:
        tp = sum(g == p == position for g, p in pairs)
        gold = sum(g == position for g, _ in pairs)
        predicted = sum(p == position for _, p in pairs)
        if gold:
            out[f"{position}_recall"] = round(tp / gold, 4)
            f1s.append(2 * tp / (gold + predicted))
    out["accuracy"] = round(sum(g == p for g, p in pairs) / len(pairs), 4)
    out["macro_f1"] = round(float(np.mean(f1s)), 4)
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


def _added(statements, additions, threshold) -> tuple[int, int]:
    """(added, right): the issues the heads add at ``threshold`` to what the rules proposed,
    and how many of them are in the gold with the stance the heads gave."""
    added = right = 0
    for s, adds in zip(statements, additions, strict=True):
        ruled = {r["provision"] for r in s.rules}
        for p, slug, position in adds:
            if p >= threshold and slug not in ruled:
                added += 1
                right += s.gold.get(slug) == position
    return added, right


def _lowest_right_enough(statements, additions, at_least: int = 0) -> tuple[float, dict]:
    """The lowest threshold at which the heads' additions to these held-out statements are
    right at least ``ADDITION_PRECISION`` of the time, counting only thresholds with at least
    ``at_least`` additions (``NEVER`` when none is), and (added, right) at each threshold."""
    added = {t: _added(statements, additions, t) for t in THRESHOLDS}
    enough = [
        t
        for t in THRESHOLDS
        if added[t][0] >= at_least and added[t][1] >= ADDITION_PRECISION * added[t][0]
    ]
    return (min(enough) if enough else NEVER), added


def _by_threshold(added: dict) -> dict:
    """(added, right) at each threshold, as recorded in ``heads.json``."""
    return {str(t): {"added": added[t][0], "right": added[t][1]} for t in THRESHOLDS}


def _additions_state(threshold: float, where: str) -> str:
    """Whether the additions are on, and why not when they are off, as recorded."""
    if threshold < NEVER:
        return "on"
    return (
        f"off: no threshold at which they are right {ADDITION_PRECISION:.0%} of the time on {where}"
    )


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


def gap_prior(statements: list[_Statement], slugs: list[str]) -> np.ndarray:
    """Per issue, the log-odds that a long training statement whose rules did not propose the
    issue takes a position on it all the same (half a statement added to either side)."""
    long = [s for s in statements if len(s.doc.spans) >= LONG_STATEMENT] or statements
    ruled = [{r["provision"] for r in s.rules} for s in long]
    out = []
    for slug in slugs:
        left = [s for s, r in zip(long, ruled, strict=True) if slug not in r]
        hit = sum(slug in s.gold for s in left)
        out.append(math.log((hit + 0.5) / (len(left) - hit + 0.5)))
    return np.array(out)


def _gap(s: _Statement, issues, rows, relevance: LogisticHead, stance: LogisticHead, prior):
    """The addition head's rows for the issues the rules left out of ``s``: (rows, labels (the
    issue is in the gold), [(slug, position the stance head reads)], relevance at the best
    sentence)."""
    ruled = {r["provision"] for r in s.rules}
    left = [j for j, slug in enumerate(issues.slugs) if slug not in ruled]
    if not len(s.doc.spans) or not left:
        return np.zeros((0, len(GAP_FEATURES))), np.zeros(0), [], np.zeros(0)
    p = relevance.scores(rows) * may_propose(s.doc, issues.slugs)
    st = stance.scores(s.stance_x)
    x, best = gap_rows(
        s.doc, issues.slugs, rows, p, st, stance.classes, prior, len(ruled & set(issues.slugs))
    )
    found = [(issues.slugs[j], stance.classes[int(np.argmax(st[best[j]]))]) for j in left]
    # Right when the statement takes that position on the issue: an added stance counts in
    # strict F1 only then (labelled by the issue alone, the head added more wrong stances).
    y = np.array([s.gold.get(slug) == position for slug, position in found], dtype=np.float64)
    return x[left], y, found, x[left, 0]


def _gap_training(
    statements: list[_Statement], issues, stance_l2: float, oof: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """The addition head's training rows: each statement of ``LONG_STATEMENT`` sentences or more
    read by relevance and stance heads (and prototypes, and an issue prior) fitted on the other
    inner folds, with the classifier's out-of-fold probabilities ``oof`` (``_out_of_fold``, on the
    same inner folds). Not the shorter texts: the golden cases, one sentence each, are written to
    show what the rules decline, and fitted with them the head added fewer right stances to long
    statements (held out, at the threshold chosen: 20 of 40 against 33 of 63)."""
    xs, ys = [], []
    for fold in split(statements, CLASSIFIER_INNER_FOLDS, "inner"):
        keys = {s.key for s in fold}
        rest = [s for s in statements if s.key not in keys]
        if not fold or not rest:
            continue
        prototypes = _prototypes(rest)
        relevance = _fit_relevance(
            rest,
            [
                relevance_rows(s.doc, issues, prototypes, oof[s.key]).astype(np.float64)
                for s in rest
            ],
        )
        stance = _fit_stance(rest, stance_l2)
        prior = gap_prior(rest, issues.slugs)
        for s in fold:
            if len(s.doc.spans) < LONG_STATEMENT:
                continue
            rows = relevance_rows(s.doc, issues, prototypes, oof[s.key]).astype(np.float64)
            x, y, _found, _p = _gap(s, issues, rows, relevance, stance, prior)
            xs.append(x)
            ys.append(y)
    return np.concatenate(xs), np.concatenate(ys)


def _gap_head(statements, issues, stance_l2, oof) -> LogisticHead | None:
    if len(statements) < GAP_MIN_STATEMENTS:
        return None
    x, y = _gap_training(statements, issues, stance_l2, oof)
    if not y.sum() or y.all():
        return None
    head = fit_binary(x, y, GAP_L2)
    return LogisticHead(("added",), head.mean, head.scale, head.weights, head.bias)


def train(
    sets: Sequence[LabelledSet], extractor, encoder: Encoder, addition_head: bool = True
) -> Heads:
    """Fit the heads on every set; choose by statement-level cross-validation (``FOLDS`` folds by
    a hash of the statement's key, ``fold_of``) the stance head's L2 penalty (best macro F1 over
    the positions on the held-out labelled sentences) and the threshold on what is added: the
    lowest at which the stances the heads add to the rules on held-out statements of
    ``LONG_STATEMENT`` sentences or more are right at least ``ADDITION_PRECISION`` of the time.

    What decides an addition is the addition head (``features.GAP_FEATURES``), fitted, inside
    each training fold, on rows read by heads fitted on the other inner folds (nested: the rows
    it learns from look like those it will score); with fewer than ``GAP_MIN_STATEMENTS`` texts,
    the relevance head's probability. What the heads add is judged, not how well the relevance
    head alone names issues: most issues it names the rules have already, and the rules were
    tuned on these texts, so the additions are the hard cases and the rate they are right at
    says whether adding them helps. ``addition_head=False``: the relevance head's threshold
    decides for every statement (as heads did before the addition head; for comparisons)."""
    issues = embed_issues(extractor.provisions, encoder)
    statements = sorted(_statements(sets, extractor, encoder, issues), key=lambda s: s.key)
    folds = split(statements, FOLDS)
    fitted = []  # per fold: (fold, rest, relevance head, {l2: stance head}, rows, oof of rest)
    for fold in folds:
        keys = {s.key for s in fold}
        rest = [s for s in statements if s.key not in keys]
        if not fold or not rest:
            continue
        prototypes = _prototypes(rest)  # from the training folds only
        oof = _training_rows(rest, issues, prototypes)
        relevance = _fit_relevance(rest)
        stances = {l2: _fit_stance(rest, l2) for l2 in STANCE_L2_GRID}
        # The fold's relevance rows depend on its prototypes and classifier: score them now.
        _with_prototypes(fold, issues, prototypes, _fit_classifier(rest, issues.slugs))
        fitted.append((fold, rest, relevance, stances, [s.relevance for s in fold], oof))
    by_l2 = {
        l2: _stance_scores([p for f in fitted for p in _stance_pairs(f[0], f[3][l2])])
        for l2 in STANCE_L2_GRID
    }
    stance_l2 = max(STANCE_L2_GRID, key=lambda l2: (by_l2[l2].get("macro_f1", 0.0), l2))
    held_out: list[tuple[_Statement, list, list]] = []  # (statement, by relevance, by addition)
    paraphrased: list[list] = []  # by relevance, with the mentions removed
    gap_fitted = False
    for fold, rest, relevance, stances, rows, oof in fitted:
        stance = stances[stance_l2]
        gap = _gap_head(rest, issues, stance_l2, oof) if addition_head else None
        gap_fitted |= gap is not None
        prior = gap_prior(rest, issues.slugs)
        for s, x in zip(fold, rows, strict=True):
            s.relevance = without_mentions(x)
            paraphrased.append(_best(s, issues, relevance, stance))
            s.relevance = x
            by_relevance = _best(s, issues, relevance, stance)
            by_addition = by_relevance
            if gap is not None:
                gx, _y, found, p = _gap(s, issues, x, relevance, stance, prior)
                scored = gap.scores(gx) if len(gx) else np.zeros(0)
                by_addition = [
                    (float(q) if pk > 0 else 0.0, slug, position)
                    for q, pk, (slug, position) in zip(scored, p, found, strict=True)
                ]
            held_out.append((s, by_relevance, by_addition if len(x) >= LONG_STATEMENT else None))
    cv_statements = [s for s, _r, _a in held_out]
    cv_relevance = [r for _s, r, _a in held_out]
    cv_additions = [a for _s, _r, a in held_out]  # None: decided by the relevance head
    # The threshold is chosen on statements as long as real ones (``LONG_STATEMENT`` sentences
    # or more): the best sentence of a long statement scores higher by chance than that of a
    # one-sentence golden case, and those make most of the statements. Golden cases are written
    # to show what the rules decline on purpose; held out, the heads' additions to them are
    # wrong at every threshold, which says nothing of how they do on whole statements.
    long = [k for k, s in enumerate(cv_statements) if len(s.doc.spans) >= LONG_STATEMENT]
    if not long:
        long = list(range(len(cv_statements)))
    long_statements = [cv_statements[k] for k in long]
    long_relevance = [cv_relevance[k] for k in long]
    long_additions = [cv_additions[k] or cv_relevance[k] for k in long]
    head_f1 = {t: _head_f1(long_statements, long_relevance, t) for t in THRESHOLDS}
    # The lowest threshold at which the held-out additions are right often enough
    # (``ADDITION_PRECISION``). Not the one at which the relevance head alone best names the
    # issues: that one (0.30 on the sets of December 2026) added 46 stances to the held-out long
    # statements of which 21 were right, and lowered the cross-validated strict F1 with the rules
    # (0.955 to 0.941): the head names issues the rules already have, and what it adds is what is
    # hard for both.
    relevance_threshold, by_relevance_added = _lowest_right_enough(long_statements, long_relevance)
    threshold, added = _lowest_right_enough(long_statements, long_additions)
    # A shorter statement is decided by the relevance head, at the threshold chosen above if its
    # held-out additions to the shorter statements are right often enough there too, else at the
    # lowest one at which they are; none (``NEVER``) when they are right often enough at no
    # threshold: the shorter labelled statements (mostly golden cases) are held out as the long
    # ones are, and what the heads add to them is what a pasted paragraph would get.
    short = [k for k in range(len(cv_statements)) if k not in set(long)]
    short_threshold, short_added = relevance_threshold, {}
    if short and len(short) < len(cv_statements):
        chosen, short_added = _lowest_right_enough(
            [cv_statements[k] for k in short],
            [cv_relevance[k] for k in short],
            at_least=MIN_HELD_OUT_ADDITIONS,
        )
        short_threshold = max(relevance_threshold, chosen)
    # With the addition head, the short statements' additions are written as 1.5 (added) or 0
    # here, so that one threshold reads both (``NEVER`` for the long statements leaves the short
    # ones their additions, 2.0 none).
    cv_additions = [
        a if a is not None else [(1.5 * (p >= short_threshold), slug, pos) for p, slug, pos in r]
        for a, r in zip(cv_additions, cv_relevance, strict=True)
    ]
    prototypes = _prototypes(statements)
    oof = _training_rows(statements, issues, prototypes)
    relevance, stance = _fit_relevance(statements), _fit_stance(statements, stance_l2)
    classifier = _fit_classifier(statements, issues.slugs)
    gap = _gap_head(statements, issues, stance_l2, oof) if gap_fitted else None
    if gap is None:  # the relevance head decides
        threshold, added, cv_additions, long_additions = (
            relevance_threshold,
            by_relevance_added,
            cv_relevance,
            long_relevance,
        )
    # Chosen again on the real statements (``LabelledSet.real``), held out as the others: the
    # corpus sets are labelled densely (five or six records a statement), real statements
    # sparsely (dev: two), and an addition right by the corpus's count is often a stance nobody
    # recorded on a real statement. Only thresholds at which something is added count there
    # (nothing added is not "right half the time"); when none is right often enough, the heads
    # add nothing to long statements (``NEVER``). Without real statements, the threshold above.
    chosen_on_all = threshold
    real = [k for k, s in enumerate(long_statements) if s.real]
    real_statements = [long_statements[k] for k in real]
    real_additions = [long_additions[k] for k in real]
    if real:
        threshold, real_added = _lowest_right_enough(
            real_statements, real_additions, at_least=MIN_HELD_OUT_ADDITIONS
        )
    meta = {
        "encoder": "wordllama 0.4.0.post1 (l2_supercat, 256 dimensions)",
        "relevance_features": list(RELEVANCE_FEATURES),
        "relevance_fitted_also_without": list(MENTION_FEATURES),
        "stance_features": [f for f in stance_features() if not f.startswith("embedding_")]
        + [f"embedding ({Encoder.dim})"],
        "stance_class_weights": "balanced",
        "classifier": {
            "classes": "issues and none",
            "l2": CLASSIFIER_L2,
            "inner_folds": CLASSIFIER_INNER_FOLDS,
            "class_weights": "balanced",
        },
        "stance_l2": stance_l2,
        "markers_digest": hashlib.sha256(MARKERS_FILE.read_bytes()).hexdigest(),
        "training": {
            "digest": digest(sets),
            "sets": {s.name: {"statements": len(s.texts), "records": len(s.records)} for s in sets},
            "folds": FOLDS,
            "fold_assignment": "sha256 of the statement key",
        },
        "scores": {
            "cross_validated_rules_only": _scores(cv_statements, cv_additions, 2.0),
            "cross_validated_with_heads": _scores(cv_statements, cv_additions, threshold),
            "cross_validated_long_rules_only": _scores(long_statements, long_additions, NEVER),
            "cross_validated_long_with_heads": _scores(long_statements, long_additions, threshold),
            "cross_validated_relevance_head_f1": round(head_f1.get(relevance_threshold, 0.0), 4),
            "threshold_chosen_on_statements": len(long_statements),
            "cross_validated_relevance_head_f1_by_threshold": {
                str(t): round(head_f1[t], 4) for t in THRESHOLDS
            },
            "cross_validated_long_additions_by_threshold": _by_threshold(added),
            "threshold_chosen_on": "real long statements" if real else "all long statements",
            "threshold_on_all_long_statements": chosen_on_all,
            "cross_validated_relevance_head_f1_without_mentions": round(
                _head_f1(long_statements, [paraphrased[k] for k in long], relevance_threshold),
                4,
            ),
            "cross_validated_stance_head": by_l2[stance_l2],
            "cross_validated_stance_macro_f1_by_l2": {
                str(l2): by_l2[l2].get("macro_f1") for l2 in STANCE_L2_GRID
            },
        },
    }
    if real:
        by_set = {}  # what the threshold chosen adds to each real set's held-out statements
        for name in sorted({s.key.split("/")[0] for s in real_statements}):
            ks = [k for k, s in enumerate(real_statements) if s.key.split("/")[0] == name]
            n, right = _added(
                [real_statements[k] for k in ks], [real_additions[k] for k in ks], threshold
            )
            by_set[name] = {"added": n, "right": right}
        meta["scores"]["real"] = {
            "sets": sorted(by_set),
            "long_statements": len(real_statements),
            "records": sum(len(s.gold) for s in real_statements),
            "additions": _additions_state(threshold, "the real statements"),
            "cross_validated_long_additions_by_threshold": _by_threshold(real_added),
            "cross_validated_long_additions_by_set": by_set,
            "cross_validated_long_rules_only": _scores(real_statements, real_additions, NEVER),
            "cross_validated_long_with_heads": _scores(real_statements, real_additions, threshold),
        }
    if short_added:
        meta["scores"]["short_statements"] = {
            "statements": len(short),
            "threshold": short_threshold,
            "additions": _additions_state(short_threshold, "the held-out shorter statements"),
            "cross_validated_additions_by_threshold": _by_threshold(short_added),
        }
    if gap is not None:
        meta["addition_head"] = {
            "features": list(GAP_FEATURES),
            "l2": GAP_L2,
            "nested_folds": CLASSIFIER_INNER_FOLDS,
        }
        meta["scores"]["by_relevance_threshold"] = {
            "threshold": relevance_threshold,
            "cross_validated_with_heads": _scores(cv_statements, cv_relevance, relevance_threshold),
            "cross_validated_long_with_heads": _scores(
                long_statements, long_relevance, relevance_threshold
            ),
            "cross_validated_long_additions_by_threshold": _by_threshold(by_relevance_added),
        }
    return Heads(
        relevance,
        stance,
        threshold,
        meta,
        prototypes.astype(np.float32),
        tuple(issues.slugs),
        classifier,
        gap,
        gap_prior(statements, issues.slugs) if gap is not None else None,
        short_threshold if gap is not None else None,
    )
