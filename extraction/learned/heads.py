"""The heads as data: standardised logistic regressions, read from JSON, scored with numpy."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

HEADS_FILE = Path(__file__).resolve().parent / "heads.json"


@dataclass(frozen=True)
class LogisticHead:
    """``softmax((x - mean) / scale @ weights + bias)``; two classes use one column (sigmoid)."""

    classes: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # (features, classes) or (features, 1) for a binary head
    bias: np.ndarray

    def scores(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        if self.weights.shape[1] == 1:
            return 1.0 / (1.0 + np.exp(-z[..., 0]))
        z = z - z.max(axis=-1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)

    def as_dict(self) -> dict[str, Any]:
        return {
            "classes": list(self.classes),
            "mean": _rounded(self.mean),
            "scale": _rounded(self.scale),
            "weights": _rounded(self.weights),
            "bias": _rounded(self.bias),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LogisticHead:
        return cls(
            classes=tuple(data["classes"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=np.asarray(data["bias"], dtype=np.float64),
        )


@dataclass(frozen=True)
class Heads:
    """The relevance and stance heads, the relevance threshold, and what they were fitted on."""

    relevance: LogisticHead
    stance: LogisticHead
    threshold: float
    meta: dict[str, Any]
    centroids: np.ndarray  # (issues, dim) the relevance head's issue prototypes
    issues: tuple[str, ...]  # the issue slugs the centroids stand for, in order
    # Which issue a sentence is about, read from its embedding alone: a softmax over the issues
    # and "" (none), fitted on every labelled sentence (``None`` in heads fitted before it).
    classifier: LogisticHead | None = None
    # The addition head (``features.GAP_FEATURES``): whether the best sentence for an issue the
    # rules left out of a statement takes a position on it. With it, ``threshold`` applies to its
    # probability; without it (heads fitted before it, or on too little data), to the relevance
    # head's. ``gap_prior``: per issue of ``issues``, the log-odds that a training statement
    # takes the issue without the rules proposing it.
    gap: LogisticHead | None = None
    gap_prior: np.ndarray | None = None
    # With the addition head: the relevance head's threshold, for statements shorter than
    # ``features.LONG_STATEMENT`` sentences (the addition head is fitted on longer ones only).
    relevance_threshold: float | None = None

    def to_json(self) -> str:
        data = {
            **self.meta,
            "threshold": round(self.threshold, 4),
            "relevance": self.relevance.as_dict(),
            "stance": self.stance.as_dict(),
            "centroids": {
                slug: np.round(row.astype(np.float64), 4).tolist()
                for slug, row in zip(self.issues, self.centroids, strict=True)
            },
        }
        if self.classifier is not None:
            data["classifier"] = self.classifier.as_dict()
        if self.gap is not None and self.gap_prior is not None:
            data["gap"] = self.gap.as_dict()
            data["relevance_threshold"] = self.relevance_threshold
            data["gap_prior"] = {
                slug: round(float(v), 6)
                for slug, v in zip(self.issues, self.gap_prior, strict=True)
            }
        return json.dumps(data, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Heads:
        data = json.loads(text)
        own = (
            "relevance",
            "stance",
            "threshold",
            "centroids",
            "classifier",
            "gap",
            "gap_prior",
            "relevance_threshold",
        )
        meta = {k: v for k, v in data.items() if k not in own}
        issues = tuple(data["centroids"])
        return cls(
            relevance=LogisticHead.from_dict(data["relevance"]),
            stance=LogisticHead.from_dict(data["stance"]),
            threshold=float(data["threshold"]),
            meta=meta,
            centroids=np.asarray([data["centroids"][s] for s in issues], dtype=np.float32),
            issues=issues,
            classifier=(
                LogisticHead.from_dict(data["classifier"]) if "classifier" in data else None
            ),
            gap=LogisticHead.from_dict(data["gap"]) if "gap" in data else None,
            gap_prior=(
                np.asarray([data["gap_prior"][s] for s in issues], dtype=np.float64)
                if "gap_prior" in data
                else None
            ),
            relevance_threshold=data.get("relevance_threshold"),
        )

    def centroids_for(self, slugs: list[str]) -> np.ndarray:
        """The centroids in the order of ``slugs`` (zeros for an issue the heads never saw)."""
        index = {s: k for k, s in enumerate(self.issues)}
        out = np.zeros((len(slugs), self.centroids.shape[1]), dtype=np.float32)
        for k, slug in enumerate(slugs):
            if slug in index:
                out[k] = self.centroids[index[slug]]
        return out

    def prior_for(self, slugs: list[str]) -> np.ndarray:
        """``gap_prior`` in the order of ``slugs`` (an issue the heads never saw: the lowest)."""
        if self.gap_prior is None or not len(self.gap_prior):
            return np.zeros(len(slugs))
        index = {s: k for k, s in enumerate(self.issues)}
        low = float(self.gap_prior.min())
        return np.array([self.gap_prior[index[s]] if s in index else low for s in slugs])


def classified(head: LogisticHead | None, vectors: np.ndarray, slugs: list[str]) -> np.ndarray:
    """(sentences, issues): the issue classifier's probability that each sentence is about each
    issue of ``slugs`` (0 for an issue it never saw; all 0 without a classifier)."""
    out = np.zeros((len(vectors), len(slugs)), dtype=np.float64)
    if head is None or not len(vectors):
        return out
    p = head.scores(np.asarray(vectors, dtype=np.float64))
    index = {c: k for k, c in enumerate(head.classes)}
    for j, slug in enumerate(slugs):
        if slug in index:
            out[:, j] = p[:, index[slug]]
    return out


def _rounded(a: np.ndarray) -> list:
    return np.round(np.asarray(a, dtype=np.float64), 6).tolist()


def load_heads(path: Path = HEADS_FILE) -> Heads | None:
    """The heads in ``path``, or ``None`` when there is no such file."""
    if not path.is_file():
        return None
    return Heads.from_json(path.read_text(encoding="utf-8"))
