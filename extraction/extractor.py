"""Candidate stances from a statement's text: the pipeline, one step per module.

1. ``segment`` and ``text``: paragraphs, sentences and clauses; tokens and stems;
2. ``mentions``: the provisions named (keywords, titles, article and chapter references), less
   those that only say where something goes;
3. ``cues``: the cues of the lexicon, overlaps resolved; negation;
4. ``clauses``: who speaks in each clause (thanks, others' views, others' proposals judged);
5. ``binding`` and ``linking``: each cue bound to the provisions it speaks of;
6. ``choice``: one candidate per provision;
7. ``learned`` (optional): for issues the rules left out, the best sentence a relevance head
   finds over a packaged sentence encoder, read by a stance head.

The lexicon (``lexicon/``) is data; what belongs to one negotiation is its domain profile
(``domains/``).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from .choice import choose, in_kinds, one_per_passage
from .clauses import (
    build_clauses,
    drop_bylines,
    marker_index,
    necessity_without,
    others_proposals,
    place,
    speaker_filter,
)
from .cues import cue_index, find_cues
from .domain import Domain, load_domain
from .language import LEARNED_LANGUAGES, keep_readable
from .linking import describing_items, link
from .mentions import (
    ProvisionIndex,
    definite_instrument,
    drop_containers,
    drop_national_facts,
    drop_places,
    find_mentions,
    indefinite_instrument,
    instrument_acts,
    self_stated,
)
from .pieces import ClauseInfo, Mention, Reading
from .segment import Paragraph, paragraphs_spans, segment
from .spec import Candidate, ProvisionSpec
from .text import PhraseIndex, Token, tokenize

if TYPE_CHECKING:
    from .learned import LearnedLayer


class Extractor:
    """Compiles the provisions' keywords and the cue lexicon once; ``extract`` is then cheap."""

    def __init__(
        self,
        provisions: Sequence[ProvisionSpec],
        domain: Domain | None = None,
        learned: LearnedLayer | None = None,
        languages: bool = True,
        one_per_passage: bool = False,
    ):
        self.provisions = tuple(provisions)
        self.domain = domain or load_domain()
        self.learned = learned
        self.languages = languages  # leave out what is not in a language it reads
        # One proposal per passage and provision family: an issue noting the articles read
        # from its passage, or the article the passage names noting its issue
        # (``choice.one_per_passage``).
        self.one_per_passage = one_per_passage
        self._index = ProvisionIndex(self.provisions, self.domain)
        self._cues = cue_index()
        self._markers = marker_index(self.domain)

    def kind_of(self, slug: str) -> str | None:
        """The kind ("issue", "article", "chapter") of a provision slug, if known."""
        return self._index.kinds.get(slug)

    def extract(self, text: str, speaker: Sequence[str] = ()) -> list[Candidate]:
        """One candidate per provision the statement takes a position on, sorted by start.

        ``speaker``: the names of the delegation speaking ("Cuba", "Republic of Cuba"), when
        known; the text may name itself in the third person ("the delegation of Cuba has ...").
        Paragraphs in a language the extractor does not read (``language.SUPPORTED_LANGUAGES``)
        are left out: nothing is proposed from them rather than guesses. A text mainly in a
        language the learned layer does not read (``language.LEARNED_LANGUAGES``) is read by the
        rules alone.
        """
        language = None
        if self.languages:
            text, language = keep_readable(text, paragraphs_spans(text))
        candidates, reading = self.read(text, speaker)
        # The learned layer's encoder and heads know English: a Spanish or French statement is
        # read by the rules alone (its English paragraphs, if any, with it).
        if (
            self.learned is not None
            and reading is not None
            and (language is None or language in LEARNED_LANGUAGES)
        ):
            candidates = self.learned.add(self, text, candidates, speaker, reading=reading)
        return candidates

    def read(
        self, text: str, speaker: Sequence[str] = ()
    ) -> tuple[list[Candidate], Reading | None]:
        """The rules' candidates for ``text`` (already filtered by language) and what they read
        of it, for the learned layer (``None`` when there is nothing to read)."""
        tokens = tokenize(text)
        if not tokens:
            return [], None
        starts = [t.start for t in tokens]
        paragraphs = segment(text)
        clauses = build_clauses(text, starts, paragraphs)
        if not clauses:
            return [], None
        # Tuples: the later steps narrow the clauses' own lists, never these, so the learned
        # layer reads what the rules found before narrowing (as when it read the text itself).
        mentions = tuple(find_mentions(self._index, text, tokens, starts))
        cues = tuple(find_cues(self._cues, text, tokens))
        stated = self_stated(self._index, tokens, cues)
        if stated:
            mentions = tuple(sorted((*mentions, *stated), key=lambda m: (m.first, m.last)))
        ignored_paragraphs = place(
            clauses,
            tokens,
            mentions,
            cues,
            self._markers.find(tokens),
            _speaker_tokens(speaker, tokens),
        )
        placed = [list(c.mentions) for c in clauses]
        others_proposals(clauses, tokens)
        necessity_without(clauses, tokens, text)
        drop_bylines(clauses, tokens)
        speaker_filter(clauses, tokens)
        drop_national_facts(clauses, tokens)
        drop_places(self._index, clauses, tokens)
        indefinite_instrument(self._index, clauses, tokens)
        instrument_acts(self._index, clauses, tokens)
        definite_instrument(self._index, text, clauses, tokens)
        drop_containers(clauses, tokens)
        describing_items(text, tokens, clauses)
        declined, silent = _declined(clauses, placed, paragraphs, ignored_paragraphs)
        candidates = choose(link(self._index, text, tokens, clauses, ignored_paragraphs), text)
        if self.one_per_passage:
            named: dict[str, list[tuple[int, int]]] = {}
            for c in clauses:
                for m in c.mentions:
                    if m.reference and self._index.kinds.get(m.slug) == "article":
                        span = (tokens[m.first].start, tokens[m.last].end)
                        named.setdefault(m.slug, []).append(span)
            candidates = one_per_passage(
                candidates, self._index.kinds, self._index.issues_of, named
            )
        return candidates, Reading(tokens, paragraphs, mentions, cues, declined, silent)

    def in_kinds(self, candidates: list[Candidate], kinds: Collection[str]) -> list[Candidate]:
        """The candidates for provisions of ``kinds`` (issues: what hand-labelled data records),
        a proposal for a named article read as the issue it notes (``choice.in_kinds``)."""
        return in_kinds(candidates, kinds, self._index.kinds)


def _declined(
    clauses: list[ClauseInfo],
    placed: list[list[Mention]],
    paragraphs: list[Paragraph],
    ignored_paragraphs: set[int],
) -> tuple[frozenset[tuple[int, str]], frozenset[int]]:
    """(sentence, issue) pairs whose every mention the rules' steps took away, and the sentences
    whose every clause is skipped (``Reading.declined``, ``Reading.silent``). Sentences are
    numbered across the paragraphs, as ``learned.features.sentence_spans`` numbers them."""
    first = [0]
    for p in paragraphs:
        first.append(first[-1] + len(p.sentences))
    kept: set[tuple[int, str]] = set()
    taken: set[tuple[int, str]] = set()
    speaking: set[int] = set()
    seen: set[int] = set()
    for c, before in zip(clauses, placed, strict=True):
        k = first[c.para] + c.sent
        seen.add(k)
        quiet = c.skip or c.para in ignored_paragraphs
        if not quiet:
            speaking.add(k)
        for m in before:
            if quiet or m not in c.mentions:
                taken.add((k, m.slug))
        if not quiet:
            kept.update((k, m.slug) for m in c.mentions)
    return frozenset(taken - kept), frozenset(seen - speaking)


def _speaker_tokens(names: Sequence[str], tokens: list[Token]) -> frozenset[int]:
    """Where the text names its own speaker."""
    index = _names_index(tuple(n for n in names if n and n.strip()))
    if index is None:
        return frozenset()
    return frozenset(i for m in index.find(tokens) for i in range(m.first, m.last + 1))


@functools.lru_cache(maxsize=512)
def _names_index(names: tuple[str, ...]) -> PhraseIndex[str] | None:
    """An automaton over a speaker's names, built once per speaker (about 200 delegations)."""
    if not names:
        return None
    index: PhraseIndex[str] = PhraseIndex()
    for name in names:
        index.add(name, name)
    index.build()
    return index


def extract(text: str, provisions: Sequence[ProvisionSpec]) -> list[Candidate]:
    """Convenience: compile an ``Extractor`` and run it once (compile once for many texts)."""
    return Extractor(provisions).extract(text)
