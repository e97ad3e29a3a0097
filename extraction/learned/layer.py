"""Run the heads over a statement and add what the rules missed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..pieces import Reading
from ..spec import Candidate, ProvisionSpec
from .encoder import Encoder, load_encoder
from .features import (
    LONG_STATEMENT,
    embed_issues,
    gap_rows,
    may_propose,
    read_document,
    relevance_rows,
    stance_rows,
)
from .heads import HEADS_FILE, Heads, classified, load_heads

_TRIM = " \t\r\n,;:—–-"


class LearnedLayer:
    """The heads bound to one provision list (issue descriptions and keywords embedded once)."""

    def __init__(self, heads: Heads, provisions: Sequence[ProvisionSpec], encoder: Encoder):
        self.heads = heads
        self.encoder = encoder
        self.issues = embed_issues(tuple(provisions), encoder)
        self.prototypes = heads.centroids_for(self.issues.slugs)
        self.prior = heads.prior_for(self.issues.slugs)

    def add(
        self,
        extractor,
        text: str,
        candidates: list[Candidate],
        speaker: Sequence[str] = (),
        reading: Reading | None = None,
    ) -> list[Candidate]:
        """``candidates`` plus, for each issue they leave out, the best sentence the relevance
        head finds, read by the stance head, when the addition head (or, in heads without one,
        the relevance head, in heads without one or for a text under ``LONG_STATEMENT``
        sentences) scores it above its threshold. ``reading``: what the rules
        read of ``text`` (``Extractor.extract`` passes it), else ``Extractor.read`` reads it here.
        Not proposed: what the rules decided the speaker says nothing about
        (``features.may_propose``)."""
        if not self.issues.slugs or not text.strip():
            return candidates
        short = self.heads.threshold
        if self.heads.gap is not None:
            short = self.heads.relevance_threshold or short
        if self.heads.threshold > 1 and short > 1:
            # Additions off for texts of every length (``NEVER``: held out, they were not right
            # often enough): nothing to add, nothing to encode.
            return candidates
        if reading is None:  # what the rules read, and declined, is needed either way
            reading = extractor.read(text, speaker)[1]
        doc = read_document(
            text,
            self.encoder,
            extractor._index,
            extractor._cues,
            tuple(speaker),
            reading=reading,
        )
        if not doc.spans:
            return candidates
        probabilities = classified(self.heads.classifier, doc.vectors, self.issues.slugs)
        rows = relevance_rows(doc, self.issues, self.prototypes, probabilities)
        relevance = self.heads.relevance.scores(rows) * may_propose(doc, self.issues.slugs)
        stance = self.heads.stance.scores(stance_rows(doc))  # (n, classes)
        # An issue noted on a proposal (a named article's) is taken too.
        taken = {s for c in candidates for s in (c.provision, *c.also)}
        threshold = self.heads.threshold
        gapped = self.heads.gap is not None and len(doc.spans) >= LONG_STATEMENT
        if self.heads.gap is not None and not gapped:  # a short text: the relevance head decides
            threshold = self.heads.relevance_threshold or threshold
        if gapped:
            ruled = sum(slug in taken for slug in self.issues.slugs)
            gap, best = gap_rows(
                doc,
                self.issues.slugs,
                rows,
                relevance,
                stance,
                self.heads.stance.classes,
                self.prior,
                ruled,
            )
            # Never from a sentence the heads may not propose from (``may_propose``).
            decided = np.where(gap[:, 0] > 0, self.heads.gap.scores(gap), 0.0)
        else:
            best = np.argmax(relevance, axis=0)
            decided = relevance[best, np.arange(len(self.issues.slugs))]
        added = []
        for j, slug in enumerate(self.issues.slugs):
            if slug in taken:
                continue
            k = int(best[j])
            p = float(decided[j])
            if p < threshold:
                continue
            c = int(np.argmax(stance[k]))
            position = self.heads.stance.classes[c]
            start, end = doc.spans[k]
            while start < end and text[start] in _TRIM:
                start += 1
            while end > start and text[end - 1] in _TRIM:
                end -= 1
            added.append(
                Candidate(
                    provision=slug,
                    position=position,
                    evidence=text[start:end],
                    start=start,
                    end=end,
                    confidence=round(min(p, float(stance[k, c])), 3),
                    cue=f"learned: relevance {float(relevance[k, j]):.2f}, "
                    + (f"added {p:.2f}, " if gapped else "")
                    + f"{position} {float(stance[k, c]):.2f}",
                )
            )
        return sorted(candidates + added, key=lambda c: (c.start, c.provision))


def load_learned_layer(
    provisions: Sequence[ProvisionSpec], path: Path = HEADS_FILE
) -> LearnedLayer | None:
    """The learned layer for these provisions, or ``None`` when no heads are fitted."""
    heads = load_heads(path)
    if heads is None:
        return None
    return LearnedLayer(heads, provisions, load_encoder())
