"""Candidate stances from a statement's text: the pipeline, one step per module.

1. ``segment`` and ``text``: paragraphs, sentences and clauses; tokens and stems;
2. ``mentions``: the provisions named (keywords, titles, article and chapter references), less
   those that only say where something goes;
3. ``cues``: the cues of the lexicon, overlaps resolved; negation;
4. ``clauses``: who speaks in each clause (thanks, others' views, others' proposals judged);
5. ``binding`` and ``linking``: each cue bound to the provisions it speaks of;
6. ``choice``: one candidate per provision.

The lexicon (``lexicon/``) is data; what belongs to one negotiation is its domain profile
(``domains/``).
"""

from __future__ import annotations

from collections.abc import Sequence

from .choice import choose
from .clauses import build_clauses, marker_index, others_proposals, place, speaker_filter
from .cues import cue_index, find_cues
from .domain import Domain, load_domain
from .linking import link
from .mentions import (
    ProvisionIndex,
    drop_containers,
    drop_national_facts,
    drop_places,
    find_mentions,
    indefinite_instrument,
)
from .spec import Candidate, ProvisionSpec
from .text import tokenize


class Extractor:
    """Compiles the provisions' keywords and the cue lexicon once; ``extract`` is then cheap."""

    def __init__(self, provisions: Sequence[ProvisionSpec], domain: Domain | None = None):
        self.provisions = tuple(provisions)
        self.domain = domain or load_domain()
        self._index = ProvisionIndex(self.provisions, self.domain)
        self._cues = cue_index()
        self._markers = marker_index(self.domain)

    def kind_of(self, slug: str) -> str | None:
        """The kind ("issue", "article", "chapter") of a provision slug, if known."""
        return self._index.kinds.get(slug)

    def extract(self, text: str) -> list[Candidate]:
        """One candidate per provision the statement takes a position on, sorted by start."""
        tokens = tokenize(text)
        if not tokens:
            return []
        starts = [t.start for t in tokens]
        clauses = build_clauses(text, starts)
        if not clauses:
            return []
        ignored_paragraphs = place(
            clauses,
            tokens,
            find_mentions(self._index, text, tokens, starts),
            find_cues(self._cues, text, tokens),
            self._markers.find(tokens),
        )
        others_proposals(clauses, tokens)
        speaker_filter(clauses, tokens)
        drop_national_facts(clauses, tokens)
        drop_places(self._index, clauses, tokens)
        indefinite_instrument(self._index, clauses, tokens)
        drop_containers(clauses, tokens)
        return choose(link(self._index, text, tokens, clauses, ignored_paragraphs), text)


def extract(text: str, provisions: Sequence[ProvisionSpec]) -> list[Candidate]:
    """Convenience: compile an ``Extractor`` and run it once (compile once for many texts)."""
    return Extractor(provisions).extract(text)
