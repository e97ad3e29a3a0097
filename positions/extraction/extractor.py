"""Candidate stances from a statement's text.

The pipeline, for one text:

1. segment into paragraphs, sentences and clauses (``segment``), tokenize and stem (``matcher``);
2. find provision mentions: keywords and titles through one Aho-Corasick automaton, plus article
   and chapter references ("draft article 6(2)", "articles 40 to 46") resolved to the articles and
   to the most specific issue they name; drop mentions that only say where something goes ("part
   of the convention", "in the work of the Conference");
3. find cues (``lexicon.CUES``) through a second automaton; a negator just before a cue turns it
   around;
4. decide who speaks in each clause: thanks and procedure say nothing; a clause reporting what
   others said takes no position, unless the speaker condemns it (then what they pushed for is
   opposed); the cues after another party's proposal ("the proposal of some delegations to
   delete X") are theirs, unless the speaker judges the proposal, and then they compose with
   the verdict ("we cannot agree with the proposal to delete X" supports X);
5. bind each cue to the provisions of its clause (by direction and distance), else to provisions
   of a sibling clause, else to the topic the paragraph opened with;
6. keep one candidate per provision: a neutral reading only when no side is taken, a qualified
   reading when present, otherwise the most confident one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from . import lexicon as lx
from .matcher import Match, PhraseIndex, Token, stem, tokenize
from .segment import Clause, segment
from .spec import Candidate, ProvisionSpec

_ARTICLE_REF = re.compile(
    r"\b(?:draft\s+)?(?:articles?|arts?\.?)\s*(\d{1,3})(?:\s*\(\s*\w{1,4}\s*\))*"
    r"((?:\s*(?:,|and|or|to|through|-|–)\s*(?:articles?\s*)?\d{1,3}(?:\s*\(\s*\w{1,4}\s*\))*)*)",
    re.IGNORECASE,
)
_ARTICLE_TAIL = re.compile(r"(,|and|or|to|through|-|–)\s*(?:articles?\s*)?(\d{1,3})", re.IGNORECASE)
# "article 19 of the ICCPR" is another instrument's article.
_OTHER_INSTRUMENT = re.compile(
    r"\s*(?:of|in)\s+the\s+(?:international covenant|iccpr|covenant|charter|universal declaration"
    r"|budapest|council of europe|untoc|palermo|united nations convention against (?:transnational"
    r"|corruption)|convention on the rights|organi[sz]ed crime convention|convention against"
    r" (?:transnational|corruption)|uncac|(?:second )?additional protocol)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;]")
_CHAPTER_REF = re.compile(r"\bchapters?\s+([IVXL]{1,5}|\d{1,2})\b", re.IGNORECASE)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
_ORDINALS = {
    w: n
    for n, w in enumerate(
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"],
        start=1,
    )
}
# "The fourth chapter", "the fifth chapter of the draft".
_ORDINAL_CHAPTER = re.compile(r"\bthe\s+(" + "|".join(_ORDINALS) + r")\s+chapter\b", re.IGNORECASE)
_TITLE_STOPWORDS = frozenset(
    ["of", "the", "and", "a", "an", "to", "for", "in", "on", "with", "by", "or"]
)
_VERB_SUFFIXES = ("ize", "ise", "izes", "ises", "izing", "ising", "ized", "ised")
_NOUN_SUFFIXES = ("ization", "isation", "izations", "isations")
_DETERMINERS = frozenset(["the", "a", "an", "this", "its", "their", "our", "future", "new"])
_LOCATION_LEADS = tuple(
    tuple(w for w in lead.split() if w not in _DETERMINERS) for lead in lx.LOCATION_LEADS
)
_PASSIVE = frozenset({"be", "been", "being"})
_COORDINATION = re.compile(
    r"(?:[\s,;/()]|\b(?:and|or|as well as|including|in particular|notably|such as|other|"
    r"especially|both|either|also|the|its|their|on|of|[a-z]\)|\d{1,2}\)))*",
    re.IGNORECASE,
)
_CONJUNCTION = re.compile(r"[,;/]|\b(?:and|or|as well as|including|such as)\b", re.IGNORECASE)
_LEADING_CONNECTOR = re.compile(
    r"(?:(?:and|but|or|so|thus|however|therefore|also|further|moreover|in addition)\b[,\s]*)+",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Cue:
    phrase: str
    position: str
    strength: float
    direction: str
    scope: int = 0  # negation is looked for from this token on (inside a judged proposal)


@dataclass(frozen=True, slots=True)
class _Mention:
    first: int
    last: int
    slug: str
    reference: bool = False  # an explicit "article 39" / "chapter V"


@dataclass(frozen=True, slots=True)
class _Evidence:
    position: str
    confidence: float
    start: int
    end: int
    cue: str


@dataclass(slots=True)
class _ClauseInfo:
    clause: Clause
    lo: int  # first token index
    hi: int  # one past the last token index
    para: int
    sent: int
    mentions: list[_Mention]
    cues: list[Match[_Cue]]
    markers: set[str]
    reports: list[Match[str]]
    heads: list[Match[str]] = None  # type: ignore[assignment]  # others' proposals named
    others: list[int] = None  # type: ignore[assignment]  # where others are named as subject
    judged: bool = False  # the speaker judges a proposal of others it names
    skip: bool = False  # thanks or procedure, or another party's view reported without judgement
    condition: int | None = None  # where a condition ("only where ...") starts
    focus: list[Match[str]] | None = None  # "built around", "centred on"


def _roman(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    total, prev = 0, 0
    for ch in reversed(s.lower()):
        v = _ROMAN.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _phrases_of(p: ProvisionSpec) -> list[str]:
    """Keywords plus the title; a one-word article or chapter title ("Amendment") is too
    common a word to be a mention, so only issue titles are always used."""
    phrases = [k.strip() for k in p.keywords if k and k.strip()]
    title = re.sub(r"\([^)]*\)", " ", p.title or "").strip()
    if title:
        content = [w for w in re.findall(r"\w+", title.casefold()) if w not in _TITLE_STOPWORDS]
        if p.kind == "issue" or len(content) >= 2:
            phrases.append(title)
    return phrases


class Extractor:
    """Compiles the provisions' keywords and the cue lexicon once; ``extract`` is then cheap."""

    def __init__(self, provisions: Sequence[ProvisionSpec]):
        self.provisions = tuple(provisions)
        self._kinds = {p.slug: p.kind for p in self.provisions}
        self._related = {p.slug: tuple(p.related) for p in self.provisions}
        self._articles = {
            p.number: p.slug
            for p in self.provisions
            if p.kind == "article" and p.number is not None
        }
        self._chapters = {
            p.number: p.slug
            for p in self.provisions
            if p.kind == "chapter" and p.number is not None
        }
        number_of = {slug: n for n, slug in self._articles.items()}
        # The article numbers each issue covers, to tell which issue an article reference names.
        self._issue_numbers = {
            p.slug: frozenset(number_of[a] for a in p.related if a in number_of)
            for p in self.provisions
            if p.kind == "issue"
        }
        # "Chapter IV" names the issue its first article opens (the widest one, then the one
        # titled like the chapter): procedural powers, international cooperation...
        self._chapter_issues: dict[str, list[str]] = {}
        titles = {
            p.slug: set(p.title.casefold().split()) - _TITLE_STOPWORDS for p in self.provisions
        }
        for ch in self.provisions:
            if ch.kind != "chapter":
                continue
            numbers = [
                p.number for p in self.provisions if p.parent == ch.slug and p.number is not None
            ]
            if not numbers:
                continue
            first = min(numbers)
            linked = [s for s, own in self._issue_numbers.items() if first in own]
            if not linked:
                continue
            widest = max(len(self._issue_numbers[s]) for s in linked)
            linked = [s for s in linked if len(self._issue_numbers[s]) == widest]
            if len(linked) > 1:
                linked = [s for s in linked if titles[s] == titles[ch.slug]]
            if len(linked) == 1:
                self._chapter_issues[ch.slug] = linked
        self._keywords: PhraseIndex[str] = PhraseIndex(skip=lx.KEYWORD_SKIP_WORDS)
        for p in self.provisions:
            for phrase in _phrases_of(p):
                self._keywords.add(phrase, p.slug)
        for phrase in lx.NOT_KEYWORDS:
            self._keywords.add(phrase, "")
        self._cues: PhraseIndex[_Cue] = PhraseIndex(skip=lx.CUE_SKIP_WORDS)
        for phrase, position, strength, direction in lx.CUES:
            self._cues.add(phrase, _Cue(phrase, position, strength, direction))
        self._markers: PhraseIndex[str] = PhraseIndex()
        for kind, phrases in (
            ("noise", lx.NOISE_PHRASES),
            ("others", lx.OTHERS_SUBJECTS),
            ("report", lx.OTHERS_VERBS),
            ("disapproval", lx.DISAPPROVAL),
            ("anchor", lx.DOMAIN_ANCHORS),
            ("off-topic", lx.OFF_TOPIC),
            ("opener", lx.TOPIC_OPENERS),
            ("proposal", lx.PROPOSAL_HEADS),
            ("institution", lx.INSTITUTIONS),
            ("purpose", lx.PURPOSE_LEADS),
            ("noting", lx.NOTING_LEADS),
            ("focus", lx.FOCUS_LINKS),
            ("question", lx.QUESTION_LEADS),
        ):
            for phrase in phrases:
                self._markers.add(phrase, kind)
        for index in (self._keywords, self._cues, self._markers):
            index.build()

    def kind_of(self, slug: str) -> str | None:
        """The kind ("issue", "article", "chapter") of a provision slug, if known."""
        return self._kinds.get(slug)

    # --- mentions ----------------------------------------------------------------------------

    def _reference_slugs(self, m: re.Match[str]) -> list[str]:
        numbers = [int(m.group(1))]
        for tail in _ARTICLE_TAIL.finditer(m.group(2) or ""):
            n = int(tail.group(2))
            if tail.group(1).casefold() in {"to", "through", "-", "–"} and n > numbers[-1]:
                numbers.extend(range(numbers[-1] + 1, min(n, numbers[-1] + 40) + 1))
            else:
                numbers.append(n)
        return self._slugs_of_numbers(numbers)

    def _slugs_of_numbers(self, numbers: list[int]) -> list[str]:
        """The articles referred to and the issues they name. A range that covers all the articles
        of an issue names that issue ("articles 40 to 46"); the articles left each name their most
        specific issue ("article 14" is child abuse material, not criminalization in general)."""
        referred = set(numbers)
        covered = [
            slug
            for slug, own in self._issue_numbers.items()
            if own and own <= referred and len(own) > 1
        ]
        covered = [
            slug
            for slug in covered
            if not any(self._issue_numbers[slug] < self._issue_numbers[o] for o in covered)
        ]
        left = referred.difference(*(self._issue_numbers[slug] for slug in covered))
        slugs: list[str] = []
        issues: list[str] = list(covered)
        for n in numbers:
            slug = self._articles.get(n)
            if slug is None:
                continue
            slugs.append(slug)
            if n not in left:
                continue
            linked = [i for i in self._related.get(slug, ()) if i in self._issue_numbers]
            if linked:
                narrowest = min(len(self._issue_numbers[i]) for i in linked)
                issues.extend(i for i in linked if len(self._issue_numbers[i]) == narrowest)
        return list(dict.fromkeys(slugs + issues))

    def _mentions(self, text: str, tokens: list[Token], starts: list[int]) -> list[_Mention]:
        found = [
            _Mention(m.first, m.last, m.payload)
            for m in self._keywords.find(tokens)
            # "... online content. Offences of that nature": a keyword does not run across sentences.
            if not any(
                _SENTENCE_END.search(text, tokens[i].end, tokens[i + 1].start)
                for i in range(m.first, m.last)
            )
        ]
        # "Human rights defenders" are people, not the human-rights safeguards.
        masked = {i for m in found if not m.slug for i in range(m.first, m.last + 1)}
        found = [m for m in found if m.slug and not (m.first in masked and m.last in masked)]
        for m in _ARTICLE_REF.finditer(text):
            if _OTHER_INSTRUMENT.match(text, m.end()):
                continue
            first = bisect_left(starts, m.start())
            last = bisect_left(starts, m.end()) - 1
            if last >= first:
                found.extend(_Mention(first, last, s, True) for s in self._reference_slugs(m))
        chapter_refs = [(m, _roman(m.group(1))) for m in _CHAPTER_REF.finditer(text)] + [
            (m, _ORDINALS[m.group(1).casefold()]) for m in _ORDINAL_CHAPTER.finditer(text)
        ]
        for m, number in chapter_refs:
            slug = self._chapters.get(number or -1)
            if slug:
                first = bisect_left(starts, m.start())
                last = bisect_left(starts, m.end()) - 1
                found.append(_Mention(first, last, slug, True))
                found.extend(
                    _Mention(first, last, issue, True)
                    for issue in self._chapter_issues.get(slug, ())
                )
        # "Several jurisdictions" are countries or legal systems, not the provision.
        found = [
            m for m in found if not (m.first == m.last and tokens[m.first].norm in lx.NOT_MENTIONS)
        ]
        found = [
            m
            for m in found
            if not (m.slug == lx.INSTRUMENT_ISSUE and tokens[m.last].norm in lx.PLURAL_INSTRUMENTS)
        ]
        # A shorter mention inside a longer one of another provision is part of that one.
        found.sort(key=lambda x: (x.first, -x.last))
        kept: list[_Mention] = []
        for m in found:
            if any(
                k.first <= m.first
                and m.last <= k.last
                and (
                    k.slug == m.slug
                    or (
                        (k.last - k.first) > (m.last - m.first)
                        and self._kinds.get(k.slug) == self._kinds.get(m.slug)
                    )
                )
                for k in kept[-8:]
            ):
                continue
            kept.append(m)
        # "criminalize <offence>": the verb names the act, its object is the issue spoken of.
        # So does the noun: "the criminalization of grooming" is about grooming.
        out = []
        for i, m in enumerate(kept):
            norm = tokens[m.first].norm
            if (
                m.first == m.last
                and (
                    norm.endswith(_VERB_SUFFIXES)
                    or norm in lx.ACT_VERBS
                    or (
                        norm.endswith(_NOUN_SUFFIXES)
                        and m.last + 1 < len(tokens)
                        and tokens[m.last + 1].norm == "of"
                    )
                )
                and any(
                    o.slug != m.slug and 1 <= o.first - m.last <= 4 for o in kept[i + 1 : i + 6]
                )
            ):
                continue
            out.append(m)
        return out

    # --- extraction --------------------------------------------------------------------------

    def extract(self, text: str) -> list[Candidate]:
        """One candidate per provision the statement takes a position on, sorted by start."""
        tokens = tokenize(text)
        if not tokens:
            return []
        starts = [t.start for t in tokens]
        mentions = self._mentions(text, tokens, starts)
        cues = self._resolve_cues(
            [m for m in self._cues.find(tokens) if _cue_stands(text, tokens, m)]
        )
        markers = self._markers.find(tokens)
        paragraphs = segment(text)

        clauses: list[_ClauseInfo] = []
        for pi, para in enumerate(paragraphs):
            for si, sent in enumerate(para.sentences):
                for clause in sent.clauses:
                    lo = bisect_left(starts, clause.start)
                    hi = bisect_left(starts, clause.end)
                    if hi > lo:
                        clauses.append(
                            _ClauseInfo(clause, lo, hi, pi, si, [], [], set(), [], [], [])
                        )
        if not clauses:
            return []
        clause_starts = [c.lo for c in clauses]

        def clause_of(token_index: int) -> _ClauseInfo | None:
            k = bisect_right(clause_starts, token_index) - 1
            if k >= 0 and token_index < clauses[k].hi:
                return clauses[k]
            return None

        for m in mentions:
            c = clause_of(m.first)
            if c is not None and m.last < c.hi:
                c.mentions.append(m)
        for m in cues:
            c = clause_of(m.first)
            if c is not None and m.last < c.hi:
                c.cues.append(m)
        for c in clauses:
            _drop_condition_cues(c)
            _drop_welcomed_descriptions(c)
        institution = {
            i for m in markers if m.payload == "institution" for i in range(m.first, m.last + 1)
        }
        anchored: set[int] = set()
        off_topic: set[int] = set()
        for k_marker, m in enumerate(markers):
            c = clause_of(m.first)
            if c is None:
                continue
            if m.payload == "institution" or (m.payload == "off-topic" and m.first in institution):
                continue
            if m.payload == "question":
                if m.first - c.lo <= 1:
                    c.cues = [
                        q for q in c.cues if q.first < m.first or q.payload.position == lx.NEUTRAL
                    ]
                continue
            if m.payload in ("purpose", "noting"):
                _drop_embedded_cues(c, m)
                continue
            if m.payload == "focus":
                c.focus = (c.focus or []) + [m]
                continue
            if m.payload == "opener":
                if m.first == c.lo:
                    c.markers.add("opener")
                continue
            # Far into the clause "some countries" is an object ("aid to some countries"), not
            # the subject, unless a reporting verb follows it.
            if (
                m.payload == "others"
                and m.first - c.lo > 6
                and not any(
                    r.payload == "report" and m.last < r.first < c.hi
                    for r in markers[k_marker + 1 : k_marker + 12]
                )
            ):
                continue
            if m.payload == "proposal":
                c.heads.append(m)
                continue
            c.markers.add(m.payload)
            if m.payload == "others":
                c.others.append(m.last)
            if m.payload == "report":
                c.reports.append(m)
            elif m.payload == "anchor":
                anchored.add(c.para)
            elif m.payload == "off-topic":
                off_topic.add(c.para)
        for c in clauses:
            if any(m.reference for m in c.mentions):
                anchored.add(c.para)
        # A paragraph on corruption or drugs in a general debate says nothing about this treaty.
        ignored_paragraphs = off_topic - anchored
        evidence: dict[str, list[_Evidence]] = {}
        self._others_proposals(clauses, tokens)
        self._speaker_filter(clauses, tokens)
        self._drop_national_facts(clauses, tokens)
        self._drop_places(clauses, tokens)
        self._indefinite_instrument(clauses, tokens)
        self._drop_containers(clauses, tokens)

        by_sentence: dict[tuple[int, int], list[_ClauseInfo]] = {}
        for c in clauses:
            by_sentence.setdefault((c.para, c.sent), []).append(c)

        topic: dict[int, _Mention] = {}
        bound_in: dict[tuple[int, int], list[_Mention]] = {}
        for (pi, si), group in by_sentence.items():
            if pi in ignored_paragraphs:
                continue
            sentence_start = group[0].clause.start
            sentence_end = group[-1].clause.end
            if pi not in topic and si == 0:
                first_mentions = [m for c in group for m in c.mentions]
                if first_mentions and (
                    "opener" in group[0].markers or first_mentions[0].first - group[0].lo <= 3
                ):
                    topic[pi] = first_mentions[0]
            # "Do we really need X?": a question states nothing; the answer after it speaks of X.
            if _asks(text, tokens, group):
                continue
            bound_any = False
            loose_cues: list[tuple[_ClauseInfo, Match[_Cue], bool]] = []
            for c in group:
                if c.skip:
                    continue
                for cue_match in c.cues:
                    negated = self._negated(tokens, cue_match, c.lo)
                    referent = self._antecedent(clauses, c, cue_match, tokens, bound_in)
                    if referent:
                        # "Such a provision is essential": said of what was named before.
                        position = self._limit_or_flip(
                            cue_match.payload, negated, before=True, passive=False
                        )
                        bound_any = True
                        bound_in.setdefault((pi, si), []).extend(referent)
                        for mention in referent:
                            self._add(
                                evidence,
                                text,
                                mention.slug,
                                position,
                                self._clause_weight(
                                    c, _strength(cue_match.payload, negated) * lx.CARRY_FACTOR
                                ),
                                c.clause.start,
                                c.clause.end,
                                cue_match,
                                tokens,
                                negated,
                                note=" (provision named before)",
                            )
                        continue
                    in_reach = c.mentions
                    if c.condition is not None and cue_match.first < c.condition:
                        # What the condition names is its criterion, not what the cue speaks of.
                        in_reach = [m for m in c.mentions if m.first < c.condition]
                    bound = self._bind(text, tokens, cue_match, negated, in_reach)
                    bound += self._condition_objects(tokens, cue_match, c, bound)
                    if not bound:
                        # No provision in reach: it may speak of one named elsewhere.
                        loose_cues.append((c, cue_match, negated))
                        continue
                    turned = cue_match.payload.phrase in lx.ACKNOWLEDGEMENTS and _turns_next(
                        by_sentence.get((pi, si + 1), [])
                    )
                    for mention, position, conf in bound:
                        conf = self._clause_weight(c, conf)
                        if turned and position == lx.SUPPORT:
                            position = lx.QUALIFIED
                        bound_any = True
                        bound_in.setdefault((pi, si), []).append(mention)
                        self._add(
                            evidence,
                            text,
                            mention.slug,
                            position,
                            conf,
                            c.clause.start,
                            c.clause.end,
                            cue_match,
                            tokens,
                            negated,
                        )
            # Provisions of a clause with no cue of their own take a cue of a sibling clause
            # that names no provision ("Despite calls to drop X, we remain strong advocates").
            for c, cue_match, negated in loose_cues:
                k = group.index(c)
                orphans = [
                    m
                    for o in group[max(0, k - 1) : k + 2]
                    if not (o.skip or o.cues or o.clause.item or c.clause.item)
                    for m in o.mentions
                ]
                # "We support X, but only if ...": the condition limits what the clause before
                # it supports, cue or not.
                cue = cue_match.payload
                # So does "..., but it must stay within existing resources".
                if (
                    not orphans
                    and k > 0
                    and cue.position == lx.QUALIFIED
                    and (cue.direction == lx.BEFORE or c.clause.contrast)
                    and not group[k - 1].skip
                ):
                    orphans = list(group[k - 1].mentions)
                if orphans:
                    for mention, position, conf in self._bind(
                        text, tokens, cue_match, negated, orphans, False, 2 * lx.MAX_DISTANCE
                    ):
                        bound_any = True
                        self._add(
                            evidence,
                            text,
                            mention.slug,
                            position,
                            self._clause_weight(c, conf * lx.OTHER_CLAUSE_FACTOR),
                            sentence_start,
                            sentence_end,
                            cue_match,
                            tokens,
                            negated,
                        )
            # A sentence that names no provision speaks of the one the previous sentence named
            # when it points back to it ("such offences"), else of the paragraph's topic.
            referent = None
            if not bound_any and si > 0 and loose_cues:
                previous = by_sentence.get((pi, si - 1), [])
                named = [m for c in previous for m in c.mentions]
                head = tokens[group[0].lo : min(group[-1].hi, group[0].lo + 12)]
                if named and (
                    _asks(text, tokens, previous) or any(t.norm in lx.ANAPHORS for t in head)
                ):
                    last = max(m.first for m in named)
                    referent = [m for m in named if m.first == last]
                elif pi in topic:
                    referent = [topic[pi]]
            for mention in referent or ():
                for c, cue_match, negated in loose_cues:
                    cue = cue_match.payload
                    strength = _strength(cue, negated)
                    if strength < 0.6:
                        continue
                    # "Our support rests on the understanding that X is respected": a condition
                    # that names its own criterion speaks of it, not of an earlier provision.
                    if cue.position == lx.QUALIFIED and any(
                        m.first > cue_match.last for m in c.mentions
                    ):
                        continue
                    position = self._limit_or_flip(cue, negated, before=True, passive=False)
                    if cue.direction == lx.AFTER and _anaphor_removed(
                        tokens, cue_match.last + 1, c.hi
                    ):
                        # "We cannot accept a text in which its second paragraph is diluted".
                        position = {lx.SUPPORT: lx.OPPOSE, lx.OPPOSE: lx.SUPPORT}.get(
                            position, position
                        )
                    self._add(
                        evidence,
                        text,
                        mention.slug,
                        position,
                        self._clause_weight(c, strength * lx.CARRY_FACTOR),
                        c.clause.start,
                        c.clause.end,
                        cue_match,
                        tokens,
                        negated,
                        note=" (provision named before)",
                    )
        return self._choose(evidence, text)

    # --- helpers -----------------------------------------------------------------------------

    @staticmethod
    def _resolve_cues(found: list[Match[_Cue]]) -> list[Match[_Cue]]:
        """Longest cue wins where cues overlap; blockers win and then vanish."""
        taken: set[int] = set()
        kept: list[Match[_Cue]] = []
        for m in sorted(found, key=lambda x: (-(x.last - x.first), x.first)):
            span = range(m.first, m.last + 1)
            if any(i in taken for i in span):
                continue
            taken.update(span)
            kept.append(m)
        return sorted((m for m in kept if m.payload.position != lx.BLOCK), key=lambda x: x.first)

    @staticmethod
    def _condition_objects(
        tokens: list[Token],
        cue_match: Match[_Cue],
        c: _ClauseInfo,
        bound: list[tuple[_Mention, str, float]],
    ) -> list[tuple[_Mention, str, float]]:
        """ "X must be subject to conditions and safeguards": the safeguards named as the
        condition are wanted. Conceded ("we accept that X be subject to safeguards"), the
        concession is about the safeguards, not X: they are qualified and X takes nothing."""
        cue = cue_match.payload
        if cue.phrase not in lx.CONDITION_CUES:
            return []
        objects = [
            m
            for m in c.mentions
            if 0 <= m.first - cue_match.last - 1 <= lx.CONDITION_OBJECT_GAP
            and any(t.norm in lx.SAFEGUARD_WORDS for t in tokens[m.first : m.last + 1])
        ]
        if not objects:
            return []
        conceded = any(
            t.norm in lx.CONCESSION_VERBS and any(u.norm == "that" for u in tokens[i + 1 : i + 3])
            for i, t in enumerate(tokens[c.lo : cue_match.first], start=c.lo)
        )
        if conceded:
            bound[:] = [b for b in bound if b[0].first > cue_match.last]
        position = lx.QUALIFIED if conceded else lx.SUPPORT
        return [(m, position, cue.strength) for m in objects if m not in [b[0] for b in bound]]

    @staticmethod
    def _antecedent(
        clauses: list[_ClauseInfo],
        c: _ClauseInfo,
        cue_match: Match[_Cue],
        tokens: list[Token],
        bound_in: dict[tuple[int, int], list[_Mention]],
    ) -> list[_Mention]:
        """The provision a predicate cue speaks of when its subject points back ("Such a provision
        is essential", "but these must be set by domestic law"): in the same sentence the last
        one named before; in an earlier sentence of the paragraph, the one that sentence took a
        position on, else the last it named. Nothing when the clause names a provision before
        the cue."""
        cue = cue_match.payload
        if cue.direction == lx.AFTER or cue.position == lx.NARROW:
            return []
        lo = max(c.lo, cue.scope)
        if any(m.last < cue_match.first for m in c.mentions):
            return []
        head = tokens[lo : min(cue_match.first, lo + lx.ANAPHOR_HEAD)]
        # "This convention must not be modelled on X": our own instrument, not a pointer back.
        if any(
            t.norm == "this" and u.norm in lx.INSTRUMENT_NOUNS
            for t, u in zip(head, head[1:], strict=False)
        ):
            return []
        if not (
            any(t.norm in lx.SUBJECT_ANAPHORS for t in head)
            or tokens[cue_match.first].norm in lx.POSSESSIVE_ANAPHORS
        ):
            return []
        k = clauses.index(c)
        for o in reversed(clauses[max(0, k - 6) : k]):
            if o.para != c.para:
                break
            if o.mentions:
                spoken = bound_in.get((o.para, o.sent)) if o.sent != c.sent else None
                if spoken:
                    first = min(m.first for m in spoken)
                    return list(dict.fromkeys(m for m in spoken if m.first == first))
                last = max(m.first for m in o.mentions)
                named = [m for m in o.mentions if m.first == last]
                # "... through article 53, and any such obligations ...": of what an article
                # reference names, the issue the sentence already spoke of.
                said = {m.slug for m in bound_in.get((o.para, o.sent), ())}
                return [m for m in named if m.slug in said] or named
        return []

    @staticmethod
    def _negated(tokens: list[Token], cue_match: Match[_Cue], clause_lo: int) -> bool:
        cue = cue_match.payload
        if cue.position == lx.LIMIT:
            return False
        if any(t.norm in lx.NEGATORS for t in tokens[cue_match.first : cue_match.last + 1]):
            return False
        clause_lo = max(clause_lo, cue.scope)
        lo = max(clause_lo, cue_match.first - lx.NEGATION_WINDOW)
        if any(
            t.norm in lx.NEGATORS and tokens[i + 1].norm not in lx.NOT_NEGATING
            for i, t in enumerate(tokens[lo : cue_match.first], start=lo)
        ):
            return True
        # "... rather than duplicating them": what is set aside is not wanted.
        if any(
            (tokens[i].norm, tokens[i + 1].norm) in lx.NEGATING_PAIRS
            for i in range(lo, cue_match.first - 1)
        ):
            return True
        # "We doubt that X is needed", "we question whether X is necessary".
        if any(
            tokens[i].norm in lx.DOUBT_WORDS and tokens[i + 1].norm in lx.DOUBT_LINKS
            for i in range(clause_lo, cue_match.first - 1)
        ):
            return True
        # "We do not believe that X is needed": the negation is raised to the belief verb.
        return any(
            tokens[i].norm in lx.NEGATORS
            and any(t.norm in lx.BELIEF_VERBS for t in tokens[i + 1 : i + 4])
            for i in range(clause_lo, cue_match.first)
        )

    @staticmethod
    def _limit_or_flip(cue: _Cue, negated: bool, *, before: bool, passive: bool) -> str:
        if cue.position == lx.LIMIT:
            return lx.OPPOSE if (passive or not before) else lx.QUALIFIED
        if cue.position == lx.NARROW:
            return lx.QUALIFIED if before else lx.SUPPORT
        if negated:
            return {lx.SUPPORT: lx.OPPOSE, lx.OPPOSE: lx.SUPPORT}.get(cue.position, cue.position)
        return cue.position

    @staticmethod
    def _coordinated(text: str, tokens: list[Token], a: _Mention, b: _Mention) -> bool:
        """Whether two mentions are items of one list ("X, Y as well as Z")."""
        lo, hi = (a, b) if a.first < b.first else (b, a)
        if hi.first <= lo.last:
            return True
        gap = text[tokens[lo.last].end : tokens[hi.first].start]
        return bool(_COORDINATION.fullmatch(gap) and _CONJUNCTION.search(gap))

    def _bind(
        self,
        text: str,
        tokens: list[Token],
        cue_match: Match[_Cue],
        negated: bool,
        mentions: list[_Mention],
        directed: bool = True,
        max_distance: int = lx.MAX_DISTANCE,
    ) -> list[tuple[_Mention, str, float]]:
        """The provisions a cue speaks of, with the position and confidence for each."""
        cue = cue_match.payload
        after = [m for m in mentions if m.first > cue_match.last]
        before = [m for m in mentions if m.last < cue_match.first]
        harm = cue.phrase in lx.HARM_CUES
        if cue.phrase in lx.BEFORE_ONLY_CUES:
            # "X risks legitimizing censorship": the object is the harm, not a provision spoken of.
            after = []
        if not directed or harm or cue.direction == lx.ANY or cue.position in (lx.LIMIT, lx.NARROW):
            primary, secondary = after + before, []
        elif cue.direction == lx.AFTER:
            primary, secondary = after, before
        else:
            primary, secondary = before, after
        factor = 1.0
        if not primary and not (cue.position == lx.QUALIFIED and cue.direction == lx.BEFORE):
            # A condition ("subject to X") names what it limits before it, never after.
            primary, factor = secondary, 0.8
            if cue.direction == lx.BEFORE:
                # "That their participation be maintained in the Conference": where, not what.
                primary = [m for m in primary if not _placed(tokens, m)]

        def distance(m: _Mention) -> int:
            if m.first > cue_match.last:
                return m.first - cue_match.last - 1
            return max(0, cue_match.first - m.last - 1)

        passive = cue_match.last + 1 < len(tokens) and tokens[cue_match.last + 1].norm in _PASSIVE
        # "X must not undermine / create conflicting ...": a safeguard protecting something, not
        # a limit put on X.
        protective = cue.position == lx.LIMIT and any(
            _is_harm(t) for t in tokens[cue_match.last + 1 : cue_match.last + 4]
        )
        # On each side, the nearest provision and those coordinated with it ("X, Y and Z"),
        # for each kind apart: "the powers in chapter IV" names an issue and a chapter.
        targets: list[_Mention] = []
        for kind in dict.fromkeys(self._kinds.get(m.slug) for m in primary):
            of_kind = [m for m in primary if self._kinds.get(m.slug) == kind]
            for side in (
                sorted((m for m in of_kind if m.first > cue_match.last), key=distance),
                sorted((m for m in of_kind if m.last < cue_match.first), key=distance),
            ):
                for k, m in enumerate(side):
                    if k and not self._coordinated(text, tokens, side[k - 1], m):
                        break
                    targets.append(m)
        # A cue that may look both ways speaks of the nearer side ("X should clearly define the
        # role of the States and ... Y": X, not Y).
        if protective:
            targets = [m for m in targets if m.first > cue_match.last]
        ahead = [distance(m) for m in targets if m.first > cue_match.last]
        behind = [distance(m) for m in targets if m.last < cue_match.first]
        if ahead and behind and not harm:
            if min(ahead) > min(behind) + lx.SIDE_SLACK:
                targets = [m for m in targets if m.last < cue_match.first]
            elif min(behind) > min(ahead) + lx.SIDE_SLACK:
                targets = [m for m in targets if m.first > cue_match.last]
        seen: set[str] = set()
        out = []
        # Rank within each kind: the articles of a range do not push its issue down.
        rank: dict[str | None, int] = {}
        nearest = min((distance(m) for m in targets), default=0)
        if nearest > max_distance:
            return []
        for m in sorted(targets, key=distance):
            if m.slug in seen or distance(m) > max_distance + 12:
                continue
            seen.add(m.slug)
            is_before = m.last < cue_match.first
            if (protective and is_before) or (cue.position == lx.NARROW and negated):
                continue
            # "limited to offences that require cooperation": cooperation describes the offences.
            if (
                cue.position == lx.NARROW
                and not is_before
                and any(
                    t.norm in lx.RELATIVE_PRONOUNS for t in tokens[cue_match.last + 1 : m.first]
                )
            ):
                continue
            position = self._limit_or_flip(cue, negated, before=is_before, passive=passive)
            if harm:
                # "X would undermine Y": X is opposed, Y is what the speaker protects.
                if is_before and negated:
                    continue
                position = lx.OPPOSE if is_before else lx.SUPPORT
            elif cue.phrase in lx.LEFT_TO_CUES and is_before:
                # "The details of X should be left to domestic law": kept, with a limit.
                subject = (
                    tokens[max(0, m.first - 4) : m.first] + tokens[m.last + 1 : cue_match.first]
                )
                if any(t.norm in lx.DETAIL_WORDS for t in subject):
                    position = lx.QUALIFIED
            if cue.phrase in lx.RED_LINE_CUES and is_before and not negated:
                subject = tokens[max(0, m.first - 4) : m.last + 1]
                acts = any(
                    t.norm in lx.RED_LINE_ACTS or t.stem in lx.RED_LINE_ACTS for t in subject
                )
                position = lx.OPPOSE if acts else lx.SUPPORT
            elif (
                cue.phrase in lx.CONCERN_CUES
                and not is_before
                and any(t.norm in lx.ADDING_WORDS for t in tokens[cue_match.last + 1 : m.first + 1])
            ):
                position = lx.OPPOSE
            if (
                cue.position == lx.LIMIT
                and not is_before
                and any(_is_harm(t) for t in tokens[cue_match.last + 1 : m.first])
            ):
                position = lx.SUPPORT
            elif not is_before and (
                any(t.norm in lx.PRIVATIVES for t in tokens[cue_match.last + 1 : m.first])
                or (
                    cue.position in (lx.SUPPORT, lx.OPPOSE)
                    and (
                        _excludes(tokens, cue_match.last + 1, m.first + 1)
                        or (cue.direction == lx.AFTER and _removed_after(tokens, m))
                    )
                )
            ):
                # "We are relieved that the text does not criminalize X / X was deleted".
                position = {lx.SUPPORT: lx.OPPOSE, lx.OPPOSE: lx.SUPPORT}.get(position, position)
            decay = max(lx.DISTANCE_FLOOR, 1 - lx.DISTANCE_DECAY * distance(m))
            kind = self._kinds.get(m.slug)
            conf = _strength(cue, negated) * factor * decay * (lx.RANK_FACTOR ** rank.get(kind, 0))
            rank[kind] = rank.get(kind, 0) + 1
            out.append((m, position, conf))
        return out

    @staticmethod
    def _clause_weight(c: _ClauseInfo, conf: float) -> float:
        if c.clause.contrast:
            conf += lx.CONTRAST_BONUS
        if c.clause.concessive:
            conf *= lx.CONCESSIVE_FACTOR
        return min(conf, 1.0)

    def _speaker_filter(self, clauses: list[_ClauseInfo], tokens: list[Token]) -> None:
        """Thanks and procedure say nothing. A clause reporting others takes no position, unless
        the speaker condemns it: then what they pushed for is what the speaker opposes."""
        for k, c in enumerate(clauses):
            if "noise" in c.markers:
                c.skip = True
                continue
            if "others" not in c.markers or c.judged:
                continue
            if any(t.norm in lx.FIRST_PERSON for t in tokens[c.lo : c.hi]):
                continue
            # "Ghana is pleased that the text provides for X": the speaker judges what follows.
            if c.cues and not c.reports and c.cues[0].last < min(c.others):
                continue
            context = [
                o
                for o in clauses[max(0, k - 6) : k + 6]
                if o.para == c.para and (o.sent == c.sent or o.sent == c.sent - 1)
            ]
            if c.reports and any("disapproval" in o.markers for o in context):
                c.cues = [
                    Match(
                        r.first,
                        r.last,
                        _Cue(
                            " ".join(t.norm for t in tokens[r.first : r.last + 1]),
                            lx.OPPOSE,
                            lx.OTHERS_OPPOSE_STRENGTH,
                            lx.AFTER,
                        ),
                    )
                    for r in c.reports
                ]
            else:
                c.skip = True

    def _others_proposals(self, clauses: list[_ClauseInfo], tokens: list[Token]) -> None:
        """ "The proposal of some delegations to delete X", "some delegations proposed to delete
        X": the cues after the head speak in the other party's voice. With no judgement they
        say nothing; judged by the speaker ("we cannot agree with the proposal to delete X", "the
        idea that X is needed is unacceptable") they compose with the judgement."""
        for c in clauses:
            heads = [h for h in c.heads if not _own_proposal(tokens, c.lo, h.first)]
            # "Some delegations have proposed ...": a reporting verb after another subject.
            heads += [r for r in c.reports if any(o < r.first for o in c.others)]
            if not heads or not c.cues:
                continue
            head = min(heads, key=lambda h: h.first)
            embedded = [m for m in c.cues if m.first > head.last]
            if not embedded:
                # "We cannot support that proposal": a verdict on a proposal described
                # elsewhere, with nothing of it named here, says nothing of what follows.
                if not any(m.first > head.last for m in c.mentions):
                    c.cues = [
                        m
                        for m in c.cues
                        if not (m.last < head.first and head.first - m.last <= lx.JUDGE_WINDOW)
                    ]
                continue
            judges = [
                m
                for m in c.cues
                if m.first < head.first
                and head.first - m.last <= lx.JUDGE_WINDOW
                and m.payload.direction in (lx.AFTER, lx.ANY)
                and m.payload.position in lx.STANCES
            ]
            judge = judges[-1] if judges else None
            if judge is None:
                # "The proposal to delete X is unacceptable": a verdict said of the proposal.
                later = [
                    m
                    for m in embedded
                    if m.payload.direction in (lx.BEFORE, lx.ANY)
                    and m.payload.position in (lx.SUPPORT, lx.OPPOSE)
                    and any(t.norm in lx.COPULAS for t in tokens[max(c.lo, m.first - 3) : m.first])
                ]
                judge = later[-1] if later else None
                if judge is embedded[0]:
                    # "Proposals to oblige providers to X would set a dangerous precedent": no
                    # cue inside the proposal, so the verdict is said of what it names.
                    c.judged = True
                    continue
            if judge is None:
                c.cues = [m for m in c.cues if m.first < head.first]
                continue
            verdict = self._limit_or_flip(
                judge.payload, self._negated(tokens, judge, c.lo), before=False, passive=False
            )
            cues = []
            for m in c.cues:
                if m is judge:
                    continue
                if m.first > head.last:
                    position = _compose(verdict, m.payload.position)
                    if position is None:
                        continue
                    strength = min(m.payload.strength, judge.payload.strength)
                    cue = _Cue(
                        m.payload.phrase, position, strength, m.payload.direction, head.last + 1
                    )
                    m = Match(m.first, m.last, cue)
                cues.append(m)
            c.cues = cues
            c.judged = True

    @staticmethod
    def _drop_national_facts(clauses: list[_ClauseInfo], tokens: list[Token]) -> None:
        """ "We ratified the Convention in 2012": what a country did is not a stance."""
        for c in clauses:
            if not c.mentions:
                continue
            facts = [i for i in range(c.lo, c.hi) if tokens[i].norm in lx.NATIONAL_FACT_VERBS]
            if facts:
                c.mentions = [
                    m
                    for m in c.mentions
                    if not any(0 < m.first - f <= lx.NATIONAL_FACT_WINDOW for f in facts)
                ]

    def _drop_places(self, clauses: list[_ClauseInfo], tokens: list[Token]) -> None:
        """Drop mentions that name where something goes rather than what is spoken of: "an
        integral part of the convention" (a generic name of the instrument after a preposition,
        with another provision named before it), "participation in the work of the Conference"."""
        for c in clauses:
            if not c.mentions:
                continue
            kept = []
            for m in c.mentions:
                before = [t.norm for t in tokens[max(c.lo, m.first - 7) : m.first]]
                while before and before[-1] in _DETERMINERS:
                    before.pop()
                words = [w for w in before if w not in _DETERMINERS]
                if any(words[-len(lead) :] == list(lead) for lead in _LOCATION_LEADS):
                    continue
                if (
                    not m.reference
                    and words
                    and (
                        words[-1] in lx.CONTAINER_PREPOSITIONS
                        or (words[-1] == "of" and words[-2:-1] and words[-2] in lx.CONTAINER_NOUNS)
                    )
                    and all(
                        t.norm in lx.GENERIC_INSTRUMENT_WORDS for t in tokens[m.first : m.last + 1]
                    )
                    and any(
                        o.last < m.first and o.slug != m.slug and self._kinds.get(o.slug) == "issue"
                        for o in c.mentions
                    )
                ):
                    continue
                kept.append(m)
            c.mentions = kept

    def _indefinite_instrument(self, clauses: list[_ClauseInfo], tokens: list[Token]) -> None:
        """ "A convention that adds real value", "a treaty on cybercrime": an indefinite
        instrument is no particular one (not the Budapest Convention); it is the instrument being
        negotiated, spoken of as a whole, when the clause names no other issue."""
        issue = lx.INSTRUMENT_ISSUE if lx.INSTRUMENT_ISSUE in self._kinds else None
        existing = lx.EXISTING_INSTRUMENTS_ISSUE
        existing = existing if existing in self._kinds else None
        for c in clauses:
            for i in range(c.lo, c.hi - 1):
                if tokens[i].norm not in lx.INDEFINITE_ARTICLES:
                    continue
                j = i + 1
                while j < c.hi and tokens[j].norm in lx.INSTRUMENT_MODIFIERS:
                    j += 1
                if j >= c.hi or tokens[j].norm not in lx.INSTRUMENT_NOUNS:
                    continue
                # "A new treaty body": the noun only qualifies what is spoken of.
                if j + 1 < c.hi and tokens[j + 1].norm in lx.INSTRUMENT_NOUN_MODIFIED:
                    continue
                c.mentions = [m for m in c.mentions if m.slug == issue or not (i < m.first <= j)]
                # "Modelled on an instrument in whose negotiation ...": another, existing one.
                lead = [t.stem for t in tokens[max(c.lo, i - 2) : i]]
                if existing and any(w in _MODEL_STEMS for w in lead):
                    c.mentions.append(_Mention(j, j, existing))
                    c.mentions.sort(key=lambda m: (m.first, -m.last))
                    continue
                # "in an instrument of this nature" is where something goes.
                place = i > c.lo and tokens[i - 1].norm in lx.CONTAINER_PREPOSITIONS
                if (
                    issue
                    and not place
                    and not any(self._kinds.get(m.slug) == "issue" for m in c.mentions)
                ):
                    c.mentions.append(_Mention(j, j, issue))
                    c.mentions.sort(key=lambda m: (m.first, -m.last))

    @staticmethod
    def _drop_containers(clauses: list[_ClauseInfo], tokens: list[Token]) -> None:
        """ "An expansion of the criminalization chapter to cover online content": what is
        spoken of is what the container would take in, not the container."""
        for c in clauses:
            if len(c.mentions) < 2:
                continue
            dropped: set[int] = set()
            for k, m in enumerate(c.mentions):
                # "The criminalization chapter is built around X": X is spoken of.
                if any(
                    0 <= f.first - m.last - 1 <= 3
                    and any(0 <= o.first - f.last - 1 <= 4 for o in c.mentions[k + 1 :])
                    for f in c.focus or ()
                ):
                    dropped.add(k)
                    continue
                lead = [t.norm for t in tokens[max(c.lo, m.first - 4) : m.first]]
                if not any(w in lx.EXPANSION_WORDS for w in lead):
                    continue
                gap_end = min(c.hi, m.last + 5)
                if any(t.norm in lx.EXPANSION_LINKS for t in tokens[m.last + 1 : gap_end]) and any(
                    o.first > m.last and o.first <= m.last + 5 for o in c.mentions[k + 1 :]
                ):
                    dropped.add(k)
            if dropped:
                c.mentions = [m for k, m in enumerate(c.mentions) if k not in dropped]

    def _add(
        self,
        evidence: dict[str, list[_Evidence]],
        text: str,
        slug: str,
        position: str,
        conf: float,
        start: int,
        end: int,
        cue_match: Match[_Cue],
        tokens: list[Token],
        negated: bool,
        note: str = "",
    ) -> None:
        start, end = _trim(text, start, end)
        surface = text[tokens[cue_match.first].start : tokens[cue_match.last].end]
        surface = " ".join(surface.split())
        label = f'{position}: "{surface}"' + (" (negated)" if negated else "") + note
        evidence.setdefault(slug, []).append(_Evidence(position, conf, start, end, label))

    def _choose(self, evidence: dict[str, list[_Evidence]], text: str) -> list[Candidate]:
        out = []
        for slug, items in evidence.items():
            best: dict[str, _Evidence] = {}
            for e in items:
                if e.position not in best or e.confidence > best[e.position].confidence:
                    best[e.position] = e
            if len(best) > 1:
                # A delegation that takes a side anywhere is not neutral on it.
                best.pop(lx.NEUTRAL, None)
            mixed = _mixed(text, best.get(lx.SUPPORT), best.get(lx.OPPOSE))
            if mixed is not None and lx.QUALIFIED not in best:
                best[lx.QUALIFIED] = mixed
            qualified = best.get(lx.QUALIFIED)
            if qualified is not None and qualified.confidence >= lx.QUALIFIED_WINS_AT:
                chosen = qualified
            else:
                chosen = max(best.values(), key=lambda e: e.confidence)
            if chosen.confidence < lx.MIN_CONFIDENCE:
                continue
            out.append(
                Candidate(
                    provision=slug,
                    position=chosen.position,
                    evidence=text[chosen.start : chosen.end],
                    start=chosen.start,
                    end=chosen.end,
                    confidence=round(chosen.confidence, 3),
                    cue=chosen.cue,
                )
            )
        out.sort(key=lambda c: (c.start, c.provision))
        return out


def _turns_next(next_sentence: list[_ClauseInfo]) -> bool:
    """Whether the next sentence of the paragraph opens with a contrast ("However, ...")."""
    return bool(next_sentence) and next_sentence[0].clause.contrast


def _mixed(text: str, support: _Evidence | None, oppose: _Evidence | None) -> _Evidence | None:
    """ "We support X, but cannot accept the paragraphs of it that ...": support then an objection
    for one provision, in one sentence and joined by a contrast, is qualified support."""
    if support is None or oppose is None or support.start >= oppose.start:
        return None
    between = text[support.start : oppose.start]
    if re.search(r"[.!?]\s", between):
        return None
    if not any(w.casefold() in lx.MIXED_LINKS for w in re.findall(r"[A-Za-z]+", between)):
        return None
    label = f"{lx.QUALIFIED}: {support.cue} / {oppose.cue}"
    conf = max(support.confidence, oppose.confidence)
    return _Evidence(lx.QUALIFIED, conf, support.start, max(support.end, oppose.end), label)


def _asks(text: str, tokens: list[Token], group: list[_ClauseInfo]) -> bool:
    """Whether a sentence (its clauses) is a question: a "?" right after its last word."""
    end = tokens[group[-1].hi - 1].end
    return text[end : end + 4].lstrip(" \"'”’)").startswith("?")


def _own_proposal(tokens: list[Token], lo: int, first: int) -> bool:
    """ "Our proposal", "we are of the view that": the speaker's own, not another party's."""
    before = [t.norm for t in tokens[max(lo, first - 4) : first]]
    if before and before[-1] == "the":
        before.pop()
    # "We are not of the view that ...": still the speaker's own view, negated.
    if len(before) >= 2 and before[-1] == "of" and before[-2] in lx.NEGATORS:
        before.pop(-2)
    if before and before[-1] in lx.OWN_PROPOSAL_LEADS:
        return True
    return len(before) >= 2 and before[-1] == "of" and before[-2] in lx.COPULAS


def _drop_condition_cues(c: _ClauseInfo) -> None:
    """ "X only where a clear need for cooperation has been shown": what the condition describes
    is not wanted for itself, so support cues after a condition lead say nothing."""
    leads = [m.first for m in c.cues if m.payload.phrase in lx.CONDITION_LEADS]
    if leads:
        c.condition = leads[0]
        c.cues = [
            m
            for m in c.cues
            if m.first <= leads[0]
            or m.payload.position != lx.SUPPORT
            or m.payload.strength >= lx.CONDITION_KEEPS_FROM
        ]


def _drop_welcomed_descriptions(c: _ClauseInfo) -> None:
    """ "We are pleased that the chapter remains focused and clearly defined": after a welcome,
    what looks like a limit describes the text the speaker welcomes, not a condition on it."""
    feeling = [m.first for m in c.cues if m.payload.phrase in lx.FEELING_LEADS]
    if feeling:
        # "We regret that X was removed from the text": the feeling, not the removal, is said.
        c.cues = [
            m
            for m in c.cues
            if m.first < feeling[0] or m.payload.phrase not in lx.REPORTED_REMOVALS
        ]
    welcome = [m.first for m in c.cues if m.payload.phrase in lx.WELCOMING]
    if welcome:
        c.cues = [
            m
            for m in c.cues
            if m.first < welcome[0]
            or m.payload.position != lx.QUALIFIED
            or m.payload.phrase in lx.CONDITION_LEADS
        ]


def _drop_embedded_cues(c: _ClauseInfo, lead: Match[str]) -> None:
    """After a purpose lead ("so that ...") a limit states the goal, not a condition; after a
    noting lead ("we take note that ...") nothing is the speaker's wish."""
    if lead.payload == "purpose":
        c.cues = [m for m in c.cues if m.first < lead.first or m.payload.position != lx.QUALIFIED]
    else:
        c.cues = [
            m
            for m in c.cues
            if m.first < lead.first or m.payload.position not in (lx.SUPPORT, lx.OPPOSE)
        ]


def _compose(verdict: str, position: str) -> str | None:
    """The speaker's position on what a proposal it judges asks for."""
    if verdict == lx.SUPPORT:
        return position
    if verdict == lx.OPPOSE:
        return {lx.SUPPORT: lx.OPPOSE, lx.OPPOSE: lx.SUPPORT}.get(position)
    # Open to consider it: undecided on what it asks for. Taking note of it: nothing.
    if verdict == lx.QUALIFIED and position in (lx.SUPPORT, lx.OPPOSE):
        return lx.NEUTRAL
    # "We take note of the proposal and are still studying it": undecided on what it is about.
    if verdict == lx.NEUTRAL and position == lx.NEUTRAL:
        return lx.NEUTRAL
    return None


def _placed(tokens: list[Token], m: _Mention) -> bool:
    """Whether a mention follows a preposition of place ("in the future Conference")."""
    i = m.first - 1
    while i >= 0 and tokens[i].norm in _DETERMINERS:
        i -= 1
    return i >= 0 and tokens[i].norm in lx.PLACE_PREPOSITIONS


_MODEL_STEMS = frozenset(stem(w) for w in lx.MODEL_WORDS)
_EXCLUSION_STEMS = frozenset(stem(w) for w in lx.EXCLUSION_VERBS)
_REMOVAL_STEMS = frozenset(stem(w) for w in lx.REMOVAL_WORDS)


def _excludes(tokens: list[Token], lo: int, hi: int) -> bool:
    """Whether tokens[lo:hi] say that something is left out: "does not criminalize", "no longer
    contains", "contains no"."""
    for i in range(lo, hi):
        t = tokens[i]
        if t.norm in lx.NEGATORS and any(
            u.stem in _EXCLUSION_STEMS for u in tokens[i + 1 : min(hi, i + 3)]
        ):
            return True
        if t.stem in _EXCLUSION_STEMS and i + 1 < hi and tokens[i + 1].norm == "no":
            return True
    return False


def _removed_after(tokens: list[Token], m: _Mention) -> bool:
    """Whether a mention is followed by a passive of removal ("X was deleted", "X has been
    dropped")."""
    tail = tokens[m.last + 1 : m.last + 4]
    return any(
        t.norm in lx.PASSIVE_AUXILIARIES and any(u.stem in _REMOVAL_STEMS for u in tail[k + 1 :])
        for k, t in enumerate(tail)
    )


def _cue_stands(text: str, tokens: list[Token], m: Match[_Cue]) -> bool:
    """Whether a cue that needs its exact form and a comma before it has them ("..., provided
    each of them ...", not "they provide their services")."""
    if m.payload.phrase not in lx.AFTER_COMMA_CUES:
        return True
    first = tokens[m.first]
    before = text[: first.start].rstrip()
    return first.norm == "provided" and before.endswith(",")


def _anaphor_removed(tokens: list[Token], lo: int, hi: int) -> bool:
    """Whether tokens[lo:hi] say that what an anaphor points back to is removed or weakened
    ("a text in which its second paragraph is diluted")."""
    for i in range(lo, hi):
        if tokens[i].norm not in lx.POSSESSIVE_ANAPHORS and tokens[i].norm not in ("it", "they"):
            continue
        tail = tokens[i + 1 : min(hi, i + 6)]
        if any(
            t.norm in lx.PASSIVE_AUXILIARIES
            and any(u.stem in _REMOVAL_STEMS for u in tail[k + 1 :])
            for k, t in enumerate(tail)
        ):
            return True
    return False


def _is_harm(t: Token) -> bool:
    return t.norm in lx.HARM_WORDS or t.stem in lx.HARM_WORDS


def _strength(cue: _Cue, negated: bool) -> float:
    """Denying a reason for something ("we do not consider it necessary") is a firm no."""
    return max(cue.strength, 0.7) if negated and cue.position == lx.SUPPORT else cue.strength


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading connectors ("and", "However,") and surrounding punctuation."""
    m = _LEADING_CONNECTOR.match(text, start, end)
    if m and m.end() < end:
        start = m.end()
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return start, end


def extract(text: str, provisions: Sequence[ProvisionSpec]) -> list[Candidate]:
    """Convenience: compile an ``Extractor`` and run it once (compile once for many texts)."""
    return Extractor(provisions).extract(text)
