"""What the heads read: one row per sentence (stance) and per sentence and issue (relevance).

The same functions build the training rows and the rows scored at run time, so the two cannot
drift apart.
"""

from __future__ import annotations

import math
import tomllib
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from .. import lexicon as lx
from ..cues import find_cues
from ..mentions import find_mentions, self_stated
from ..pieces import Reading
from ..segment import Paragraph, segment
from ..spec import ProvisionSpec
from ..text import PhraseIndex, Token, phrase_key, tokenize
from .encoder import Encoder

CUE_GROUPS = (lx.SUPPORT, lx.OPPOSE, lx.QUALIFIED, lx.NEUTRAL)
RELEVANCE_FEATURES = (
    "cos_description",
    "cos_keyword",
    "cos_description_before",
    "cos_keyword_before",
    "named_by_rules",
    "named_before",
    "top1",
    "top3",
    "cues_support",
    "cues_oppose",
    "cues_qualified",
    "cues_neutral",
    "first_person",
    "log_length",
    "cos_centroid",
    "cos_centroid_before",
    "centroid_z",
    "log_classifier",
)
# Sentences: a statement at least this long is what the addition head is fitted on and decides
# for; the relevance head's threshold decides for shorter texts (and is chosen on long ones).
LONG_STATEMENT = 5
CLASSIFIER_FLOOR = 1e-4  # log(p + floor): a probability near 0 stays finite
# The marker groups whose words state a position (not "safeguard": "human rights" names a topic).
STATING_MARKERS = ("condition", "limit", "concession", "objection", "approval", "modal", "noting")
MARKERS_FILE = Path(__file__).resolve().parent / "markers.toml"


@cache
def marker_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The stance head's marker groups (``markers.toml``), in file order."""
    groups = tomllib.loads(MARKERS_FILE.read_text(encoding="utf-8"))["groups"]
    return tuple((name, tuple(phrases)) for name, phrases in groups.items())


@cache
def marker_index() -> PhraseIndex[int]:
    index: PhraseIndex[int] = PhraseIndex()
    seen = set()  # "welcome" and "welcomes" share a stem: count it once
    for k, (_name, phrases) in enumerate(marker_groups()):
        for phrase in phrases:
            if (phrase_key(phrase), k) not in seen:
                seen.add((phrase_key(phrase), k))
                index.add(phrase, k)
    return index


def stance_features() -> tuple[str, ...]:
    """The names of the stance head's columns, in order."""
    cues = tuple(f"cues_{g}" for g in CUE_GROUPS)
    return (
        *(f"embedding_{i}" for i in range(Encoder.dim)),
        *cues,
        "first_person",
        "negator",
        *(f"markers_{name}" for name, _ in marker_groups()),
        *(f"before_{c}" for c in cues),
    )


@dataclass
class Document:
    """A text cut into sentences, with what the heads read of each."""

    text: str
    spans: list[tuple[int, int]]  # sentence (start, end)
    vectors: np.ndarray  # (n, dim) sentence embeddings
    before: np.ndarray  # (n, dim) the previous sentence's embedding (zeros for the first)
    cues: np.ndarray  # (n, 4) cue counts by position
    flags: np.ndarray  # (n, 3) first person, negator, log length
    markers: np.ndarray  # (n, groups) marker counts by group (markers.toml)
    named: list[set[str]]  # provisions the rules' mention finder names in each sentence
    # What the rules decided the speaker says nothing about (``Reading.declined``, ``.silent``)
    declined: frozenset[tuple[int, str]] = frozenset()
    silent: frozenset[int] = frozenset()


def sentence_spans(text: str, paragraphs: list[Paragraph] | None = None) -> list[tuple[int, int]]:
    if paragraphs is None:
        paragraphs = segment(text)
    return [(s.start, s.end) for p in paragraphs for s in p.sentences]


def read_document(
    text: str,
    encoder: Encoder,
    index,  # mentions.ProvisionIndex
    cue_index: PhraseIndex,
    speaker: tuple[str, ...] = (),
    reading: Reading | None = None,
) -> Document:
    """Sentences, their embeddings, cue counts and rule mentions.

    ``reading``: the rules' tokens, paragraphs, mentions and cues of this same ``text`` (found
    with this ``index`` and ``cue_index``), used as they are instead of reading the text again.
    """
    spans = sentence_spans(text, reading.paragraphs if reading is not None else None)
    tokens = reading.tokens if reading is not None else tokenize(text)
    n = len(spans)
    vectors = encoder.embed([" ".join(text[s:e].split()) for s, e in spans])
    before = np.zeros_like(vectors)
    if n > 1:
        before[1:] = vectors[:-1]
    sentence_starts = [s for s, _ in spans]

    def sentence_of(token: Token) -> int:
        return max(0, bisect_left(sentence_starts, token.start + 1) - 1)

    cues = np.zeros((n, len(CUE_GROUPS)), dtype=np.float32)
    if reading is not None:
        found_cues = reading.cues
    else:
        found_cues = find_cues(cue_index, text, tokens) if tokens else ()
    for m in found_cues:
        position = m.payload.position
        group = lx.QUALIFIED if position in (lx.LIMIT, lx.NARROW) else position
        if group in CUE_GROUPS:
            cues[sentence_of(tokens[m.first]), CUE_GROUPS.index(group)] += 1
    flags = np.zeros((n, 3), dtype=np.float32)
    speaker_words = {w.casefold() for name in speaker for w in name.split()}
    for t in tokens:
        k = sentence_of(t)
        if t.norm in lx.FIRST_PERSON or t.norm in speaker_words:
            flags[k, 0] = 1
        if t.norm in lx.NEGATORS:
            flags[k, 1] = 1
    for k, (s, e) in enumerate(spans):
        flags[k, 2] = math.log1p(len(text[s:e].split()))
    markers = np.zeros((n, len(marker_groups())), dtype=np.float32)
    named: list[set[str]] = [set() for _ in spans]
    if tokens:
        for m in marker_index().find(tokens):
            markers[sentence_of(tokens[m.first]), m.payload] += 1
        if reading is not None:
            mentions = reading.mentions
        else:
            mentions = find_mentions(index, text, tokens, [t.start for t in tokens])
            mentions += self_stated(index, tokens, found_cues)
        for m in mentions:
            named[sentence_of(tokens[m.first])].add(m.slug)
    if reading is None:
        return Document(text, spans, vectors, before, cues, flags, markers, named)
    return Document(
        text, spans, vectors, before, cues, flags, markers, named, reading.declined, reading.silent
    )


@dataclass
class IssueVectors:
    """Each issue's description and keywords, embedded once."""

    slugs: list[str]
    descriptions: np.ndarray  # (issues, dim)
    keywords: list[np.ndarray]  # per issue (k, dim)


def embed_issues(provisions: tuple[ProvisionSpec, ...], encoder: Encoder) -> IssueVectors:
    issues = [p for p in provisions if p.kind == "issue"]
    descriptions = encoder.embed([f"{p.title}. {p.description}".strip() for p in issues])
    keywords = [encoder.embed(list(p.keywords) or [p.title]) for p in issues]
    return IssueVectors([p.slug for p in issues], descriptions, keywords)


def centroids(vectors: np.ndarray, relevant: np.ndarray) -> np.ndarray:
    """Each issue's prototype: the normalised mean of the sentences labelled relevant to it
    (``vectors`` (n, dim), ``relevant`` (n, issues)); zeros for an issue with none."""
    sums = relevant.T @ vectors
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return np.where(norms > 0, sums / np.maximum(norms, 1e-9), 0.0)


def relevance_rows(
    doc: Document,
    issues: IssueVectors,
    prototypes: np.ndarray | None = None,
    classified: np.ndarray | None = None,
) -> np.ndarray:
    """(sentences, issues, features): how much each sentence is about each issue.

    ``prototypes`` (issues, dim) are the heads' learned issue centroids (see ``centroids``):
    similarity to the sentences labelled for an issue carries paraphrases no keyword names.
    ``classified`` (sentences, issues) is the issue classifier's probability (``heads.classified``)
    for the sentence."""
    n, m = len(doc.spans), len(issues.slugs)
    out = np.zeros((n, m, len(RELEVANCE_FEATURES)), dtype=np.float32)
    if not n:
        return out
    cos_d = doc.vectors @ issues.descriptions.T
    cos_db = doc.before @ issues.descriptions.T
    cos_k = np.stack([(doc.vectors @ k.T).max(axis=1) for k in issues.keywords], axis=1)
    cos_kb = np.stack([(doc.before @ k.T).max(axis=1) for k in issues.keywords], axis=1)
    order = np.argsort(-cos_k, axis=1, kind="stable")
    rank = np.empty_like(order)
    rank[np.arange(n)[:, None], order] = np.arange(m)[None, :]
    column = {slug: j for j, slug in enumerate(issues.slugs)}
    named = np.zeros((n, m), dtype=np.float32)  # the rules name the issue in the sentence
    for k, slugs in enumerate(doc.named):
        for slug in slugs:
            if slug in column:
                named[k, column[slug]] = 1
    out[:, :, 0] = cos_d
    out[:, :, 1] = cos_k
    out[:, :, 2] = cos_db
    out[:, :, 3] = cos_kb
    out[:, :, 4] = named
    out[1:, :, 5] = named[:-1]  # ... in the sentence before
    out[:, :, 6] = rank == 0
    out[:, :, 7] = rank < 3
    out[:, :, 8:12] = np.minimum(doc.cues, 3)[:, None, :]
    out[:, :, 12] = doc.flags[:, None, 0]
    out[:, :, 13] = doc.flags[:, None, 2]
    if prototypes is not None:
        cos_c = doc.vectors @ prototypes.T
        out[:, :, 14] = cos_c
        out[:, :, 15] = doc.before @ prototypes.T
        spread = cos_c.std(axis=1, keepdims=True)
        out[:, :, 16] = (cos_c - cos_c.mean(axis=1, keepdims=True)) / np.maximum(spread, 1e-6)
    # Not the previous sentence's probability as well: cross-validated, it named more issues
    # (relevance head F1 0.939 against 0.932) but lowered strict F1 with the rules (0.940 against
    # 0.947): the threshold fell and the added stances were less often right.
    out[:, :, 17] = np.log((classified if classified is not None else 0.0) + CLASSIFIER_FLOOR)
    return out


def speaks(doc: Document) -> np.ndarray:
    """(sentences,) whether a sentence has a word that can state a position: a cue of the rules
    or a marker of the stance head that states one (``STATING_MARKERS``). A line of page clutter ("Home > Statements > Human Rights")
    or a bare heading names a provision but says nothing of it, and is never proposed."""
    stating = [k for k, (name, _) in enumerate(marker_groups()) if name in STATING_MARKERS]
    return (doc.cues.sum(axis=1) > 0) | (doc.markers[:, stating].sum(axis=1) > 0)


def may_propose(doc: Document, slugs: Sequence[str]) -> np.ndarray:
    """(sentences, issues): 1 where the heads may propose the issue from the sentence: the
    sentence ``speaks``, and the rules did not decide that the speaker says nothing of it there
    (thanks, another party's view, what the speaker's country does at home: ``Reading.declined``
    and ``.silent``). The heads read sentences one by one and would take those up again."""
    out = np.repeat(speaks(doc)[:, None], len(slugs), axis=1).astype(np.float64)
    for k in doc.silent:
        if k < len(out):
            out[k] = 0
    column = {slug: j for j, slug in enumerate(slugs)}
    for k, slug in doc.declined:
        if k < len(out) and slug in column:
            out[k, column[slug]] = 0
    return out


def stance_rows(doc: Document) -> np.ndarray:
    """(sentences, features): the sentence's embedding, the rules' cues by position, first
    person and negation, the hedging markers by group, and the previous sentence's cues
    (``stance_features`` names the columns). Not the previous sentence's embedding: fitted on
    the labelled sets, it lowered the cross-validated stance scores."""
    cues = np.minimum(doc.cues, 3)
    before = np.zeros_like(cues)
    if len(cues) > 1:
        before[1:] = cues[:-1]
    return np.concatenate(
        [doc.vectors, cues, doc.flags[:, :2], np.minimum(doc.markers, 3), before], axis=1
    ).astype(np.float32)


# What the addition head reads of one issue the rules left out of a statement: how the best
# sentence for it scores and how it stands among the statement's sentences and issues, how the
# statement reads as a whole, and how often the issue is taken by implication in the training
# statements. One row per (statement, issue); ``gap_rows`` builds it at run time and in training.
GAP_FEATURES = (
    "relevance_best",
    "relevance_second",
    "log_relevance_mass",
    "log_classifier_best",
    "log_classifier_max",
    "cos_centroid_best",
    "centroid_z_best",
    "top_issue_of_sentence",
    "cues_best",
    "first_person_best",
    *(f"stance_{p}" for p in ("support", "qualified", "neutral", "oppose")),
    "log_sentences",
    "log_rules_proposed",
    "named_in_statement",
    "declined_in_statement",
    "issue_prior",
)
_STANCES = ("support", "qualified", "neutral", "oppose")


def gap_rows(
    doc: Document,
    slugs: Sequence[str],
    rows: np.ndarray,
    relevance: np.ndarray,
    stance: np.ndarray,
    stance_classes: Sequence[str],
    prior: np.ndarray,
    taken: int,
) -> tuple[np.ndarray, np.ndarray]:
    """((issues, ``GAP_FEATURES``), (issues,)): the addition head's row for every issue and the
    sentence it would be read from (the relevance head's best). ``rows`` are the statement's
    ``relevance_rows``, ``relevance`` (sentences, issues) the relevance head's scores with
    ``may_propose`` applied, ``stance`` (sentences, classes) the stance head's, ``prior`` (issues,)
    the log-odds that a training statement takes the issue without the rules proposing it,
    ``taken`` how many issues the rules proposed."""
    n, m = relevance.shape
    out = np.zeros((m, len(GAP_FEATURES)), dtype=np.float64)
    if not n:
        return out, np.zeros(m, dtype=np.int64)
    columns = np.arange(m)
    best = np.argmax(relevance, axis=0)
    ordered = np.sort(relevance, axis=0)
    out[:, 0] = ordered[-1]
    out[:, 1] = ordered[-2] if n > 1 else 0.0
    out[:, 2] = np.log1p(relevance.sum(axis=0))
    classifier = rows[:, :, RELEVANCE_FEATURES.index("log_classifier")]
    out[:, 3] = classifier[best, columns]
    speaking = relevance > 0
    out[:, 4] = np.where(speaking, classifier, classifier.min()).max(axis=0)
    out[:, 5] = rows[best, columns, RELEVANCE_FEATURES.index("cos_centroid")]
    out[:, 6] = rows[best, columns, RELEVANCE_FEATURES.index("centroid_z")]
    out[:, 7] = relevance[best, columns] >= relevance[best].max(axis=1)
    out[:, 8] = np.minimum(doc.cues[best].sum(axis=1), 3)
    out[:, 9] = doc.flags[best, 0]
    for c, position in enumerate(_STANCES):
        if position in stance_classes:
            out[:, 10 + c] = stance[best, list(stance_classes).index(position)]
    out[:, 14] = math.log(n)
    out[:, 15] = math.log1p(taken)
    out[:, 16] = rows[:, :, RELEVANCE_FEATURES.index("named_by_rules")].max(axis=0)
    declined = {slug for _k, slug in doc.declined}
    out[:, 17] = [slug in declined for slug in slugs]
    out[:, 18] = prior
    return out, best
