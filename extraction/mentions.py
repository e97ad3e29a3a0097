"""Step 2: which provisions a text names.

Keywords and titles go through one Aho-Corasick automaton; article and chapter references ("draft
article 6(2)", "articles 40 to 46", "chapter IV") resolve to the articles and to the most specific
issue they name. Then mentions that only say where something goes ("part of the convention", "in
the work of the Conference") or what a country did ("we ratified the Convention") are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from . import lexicon as lx
from .clauses import opening_without
from .domain import Domain
from .pieces import ClauseInfo, Cue, Mention
from .spec import ProvisionSpec
from .text import Match, PhraseIndex, Token, stem

# English, Spanish and French: "articles 40 to 46", "los artículos 40 a 46", "l'article 37",
# "les articles 5 et 6".
_ARTICLE_WORD = r"(?:articles?|art[íi]culos?|arts?\.?)"
_ARTICLE_LINK = r"(?:,|and|or|to|through|-|–|y|o|al|a|et|ou|à)"
_RANGE_LINKS = frozenset({"to", "through", "-", "–", "a", "al", "à"})
_ARTICLE_REF = re.compile(
    rf"\b(?:draft\s+)?{_ARTICLE_WORD}\s*(\d{{1,3}})(?:\s*\(\s*\w{{1,4}}\s*\))*"
    rf"((?:\s*{_ARTICLE_LINK}\s*(?:{_ARTICLE_WORD}\s*)?\d{{1,3}}(?:\s*\(\s*\w{{1,4}}\s*\))*)*)",
    re.IGNORECASE,
)
_ARTICLE_TAIL = re.compile(
    rf"({_ARTICLE_LINK})\s*(?:{_ARTICLE_WORD}\s*)?(\d{{1,3}})", re.IGNORECASE
)
# "article 19 of the ICCPR" is another instrument's article.
_SENTENCE_END = re.compile(r"[.!?;]")
_CHAPTER_REF = re.compile(
    r"\b(?:chapters?|cap[íi]tulos?|chapitres?)\s+([IVXL]{1,5}|\d{1,2})\b", re.IGNORECASE
)
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
# By length: "do the last n words make a lead" is then one set look-up for each length.
_LEADS_BY_LENGTH = tuple(
    (n, frozenset(lead for lead in _LOCATION_LEADS if len(lead) == n))
    for n in sorted({len(lead) for lead in _LOCATION_LEADS})
)


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
    # "Need for a new universal instrument": an issue titled as its question names what comes
    # after the lead; "need for" is a cue ("there is no consensus on the need for a new ...").
    leads = sorted(lx.TITLE_QUESTION_LEADS, key=len, reverse=True)
    lead = next((q for q in leads if title.casefold().startswith(q + " ")), "")
    title = title[len(lead) :].strip()
    if title:
        content = [w for w in re.findall(r"\w+", title.casefold()) if w not in _TITLE_STOPWORDS]
        if p.kind == "issue" or len(content) >= 2:
            phrases.append(title)
    return phrases


class ProvisionIndex:
    """The provisions compiled for lookup: kinds, links, numbers and the keyword automaton."""

    def __init__(self, provisions: Sequence[ProvisionSpec], domain: Domain):
        self.domain = domain
        self.kinds = {p.slug: p.kind for p in provisions}
        self.related = {p.slug: tuple(p.related) for p in provisions}
        self.articles = {
            p.number: p.slug for p in provisions if p.kind == "article" and p.number is not None
        }
        self.chapters = {
            p.number: p.slug for p in provisions if p.kind == "chapter" and p.number is not None
        }
        number_of = {slug: n for n, slug in self.articles.items()}
        # The article numbers each issue covers, to tell which issue an article reference names.
        self.issue_numbers = {
            p.slug: frozenset(number_of[a] for a in p.related if a in number_of)
            for p in provisions
            if p.kind == "issue"
        }
        # "Chapter IV" names the issue its first article opens (the widest one, then the one
        # titled like the chapter): procedural powers, international cooperation...
        self.chapter_issues: dict[str, list[str]] = {}
        titles = {p.slug: set(p.title.casefold().split()) - _TITLE_STOPWORDS for p in provisions}
        for ch in provisions:
            if ch.kind != "chapter":
                continue
            numbers = [p.number for p in provisions if p.parent == ch.slug and p.number is not None]
            if not numbers:
                continue
            first = min(numbers)
            linked = [s for s, own in self.issue_numbers.items() if first in own]
            if not linked:
                continue
            widest = max(len(self.issue_numbers[s]) for s in linked)
            linked = [s for s in linked if len(self.issue_numbers[s]) == widest]
            if len(linked) > 1:
                linked = [s for s in linked if titles[s] == titles[ch.slug]]
            if len(linked) == 1:
                self.chapter_issues[ch.slug] = linked
        # The issues each article and chapter belongs to: one proposal per passage names the
        # issue and notes the article (``choice.one_per_passage``).
        issue_slugs = {p.slug for p in provisions if p.kind == "issue"}
        belongs: dict[str, set[str]] = {}
        for p in provisions:
            if p.kind == "article":
                own = {s for s in p.related if s in issue_slugs}
                belongs.setdefault(p.slug, set()).update(own)
                if p.parent:
                    belongs.setdefault(p.parent, set()).update(own)
            elif p.kind == "issue":
                for a in p.related:
                    belongs.setdefault(a, set()).add(p.slug)
        self.issues_of = {slug: frozenset(s) for slug, s in belongs.items() if s}
        self.keywords: PhraseIndex[str] = PhraseIndex(skip=lx.KEYWORD_SKIP_WORDS)
        for p in provisions:
            for phrase in _phrases_of(p):
                self.keywords.add(phrase, p.slug)
            for phrase in domain.keywords.get(p.slug, ()):
                self.keywords.add(phrase, p.slug)
        for phrase in domain.not_keywords:
            self.keywords.add(phrase, "")
        self.keywords.build()

    def reference_slugs(self, m: re.Match[str]) -> list[str]:
        numbers = [int(m.group(1))]
        for tail in _ARTICLE_TAIL.finditer(m.group(2) or ""):
            n = int(tail.group(2))
            if tail.group(1).casefold() in _RANGE_LINKS and n > numbers[-1]:
                numbers.extend(range(numbers[-1] + 1, min(n, numbers[-1] + 40) + 1))
            else:
                numbers.append(n)
        return self.slugs_of_numbers(numbers)

    def slugs_of_numbers(self, numbers: list[int]) -> list[str]:
        """The articles referred to and the issues they name. A range that covers all the articles
        of an issue names that issue ("articles 40 to 46"); the articles left each name their most
        specific issue ("article 14" is child abuse material, not criminalization in general)."""
        referred = set(numbers)
        covered = [
            slug
            for slug, own in self.issue_numbers.items()
            if own and own <= referred and len(own) > 1
        ]
        covered = [
            slug
            for slug in covered
            if not any(self.issue_numbers[slug] < self.issue_numbers[o] for o in covered)
        ]
        left = referred.difference(*(self.issue_numbers[slug] for slug in covered))
        slugs: list[str] = []
        issues: list[str] = list(covered)
        for n in numbers:
            slug = self.articles.get(n)
            if slug is None:
                continue
            slugs.append(slug)
            if n not in left:
                continue
            linked = [i for i in self.related.get(slug, ()) if i in self.issue_numbers]
            if linked:
                narrowest = min(len(self.issue_numbers[i]) for i in linked)
                issues.extend(i for i in linked if len(self.issue_numbers[i]) == narrowest)
        return list(dict.fromkeys(slugs + issues))


def find_mentions(
    index: ProvisionIndex, text: str, tokens: list[Token], starts: list[int]
) -> list[Mention]:
    """Every provision named in the text, by keyword, title or reference, token indexes."""
    found = [
        Mention(m.first, m.last, m.payload)
        for m in index.keywords.find(tokens)
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
        if index.domain.other_instrument.match(text, m.end()):
            continue
        first = bisect_left(starts, m.start())
        last = bisect_left(starts, m.end()) - 1
        if last >= first:
            found.extend(Mention(first, last, s, True) for s in index.reference_slugs(m))
    chapter_refs = [(m, _roman(m.group(1))) for m in _CHAPTER_REF.finditer(text)] + [
        (m, _ORDINALS[m.group(1).casefold()]) for m in _ORDINAL_CHAPTER.finditer(text)
    ]
    for m, number in chapter_refs:
        slug = index.chapters.get(number or -1)
        if slug:
            first = bisect_left(starts, m.start())
            last = bisect_left(starts, m.end()) - 1
            found.append(Mention(first, last, slug, True))
            found.extend(
                Mention(first, last, issue, True) for issue in index.chapter_issues.get(slug, ())
            )
    # "Several jurisdictions" are countries or legal systems, not the provision; "to
    # safeguard cyberspace" is a verb, not the safeguards; "the Personal Data Protection Act"
    # is a country's law, not the provision.
    found = [
        m
        for m in found
        if not (
            m.first == m.last
            and (tokens[m.first].norm in lx.NOT_MENTIONS or _verb_use(tokens, m.first))
        )
        and not _statute_name(text, tokens, m.last)
    ]
    found = [
        m
        for m in found
        if not (
            m.slug == index.domain.instrument_issue and tokens[m.last].norm in lx.PLURAL_INSTRUMENTS
        )
    ]
    # A shorter mention inside a longer one of another provision is part of that one.
    found.sort(key=lambda x: (x.first, -x.last))
    kept: list[Mention] = []
    for m in found:
        if any(
            k.first <= m.first
            and m.last <= k.last
            and (
                k.slug == m.slug
                or (
                    (k.last - k.first) > (m.last - m.first)
                    and index.kinds.get(k.slug) == index.kinds.get(m.slug)
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
            and any(o.slug != m.slug and 1 <= o.first - m.last <= 4 for o in kept[i + 1 : i + 6])
        ):
            continue
        out.append(m)
    return out


def _statute_name(text: str, tokens: list[Token], last: int) -> bool:
    """Whether a mention is inside a law's title: capitalised words after it, the first or
    third of them "Act", "Law", "Bill", "Code" ... ("the Personal Data Protection Act")."""
    for k in range(last + 1, min(len(tokens), last + 4)):
        if not text[tokens[k].start : tokens[k].end][:1].isupper():
            return False
        if tokens[k].norm in lx.STATUTE_WORDS:
            return True
    return False


def _verb_use(tokens: list[Token], i: int) -> bool:
    """Whether a keyword that is also a verb (``NOUN_VERB_KEYWORDS``) is used as one: after
    "to" or a modal, or before a determiner or a common object ("safeguard our citizens")."""
    if tokens[i].norm not in lx.NOUN_VERB_KEYWORDS:
        return False
    lead = i > 0 and tokens[i - 1].norm in lx.VERB_LEADS
    obj = i + 1 < len(tokens) and tokens[i + 1].norm in lx.OBJECT_DETERMINERS
    return lead or obj


def drop_national_facts(clauses: list[ClauseInfo], tokens: list[Token]) -> None:
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
        own_law = _own_law_changed(tokens, c.lo, c.hi)
        if own_law is not None:
            c.mentions = [m for m in c.mentions if m.first < own_law]


def _own_law_changed(tokens: list[Token], lo: int, hi: int) -> int | None:
    """Where "our ... laws" ends in a clause that changes them ("we will review and amend our
    criminal laws to incorporate X"), else None."""
    for i in range(lo, hi):
        if tokens[i].norm != "our":
            continue
        for j in range(i + 1, min(hi, i + 8)):
            if tokens[j].norm in lx.OWN_LAW_NOUNS:
                changed = any(
                    t.stem.startswith(s) for t in tokens[lo:i] for s in lx.LAW_CHANGE_STEMS
                )
                return j if changed else None
    return None


def drop_places(index: ProvisionIndex, clauses: list[ClauseInfo], tokens: list[Token]) -> None:
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
            if any(tuple(words[-n:]) in leads for n, leads in _LEADS_BY_LENGTH):
                continue
            if (
                not m.reference
                and words
                and (
                    words[-1] in lx.CONTAINER_PREPOSITIONS
                    or (words[-1] == "of" and words[-2:-1] and words[-2] in lx.CONTAINER_NOUNS)
                )
                and all(t.norm in lx.GENERIC_INSTRUMENT_WORDS for t in tokens[m.first : m.last + 1])
                and any(
                    o.last < m.first and o.slug != m.slug and index.kinds.get(o.slug) == "issue"
                    for o in c.mentions
                )
            ):
                continue
            kept.append(m)
        c.mentions = kept


def indefinite_instrument(
    index: ProvisionIndex, clauses: list[ClauseInfo], tokens: list[Token]
) -> None:
    """ "A convention that adds real value", "a treaty on cybercrime": an indefinite
    instrument is no particular one (not the Budapest Convention); it is the instrument being
    negotiated, spoken of as a whole, when the clause names no other issue."""
    issue = index.domain.instrument_issue if index.domain.instrument_issue in index.kinds else None
    existing = index.domain.existing_instruments_issue
    existing = existing if existing in index.kinds else None
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
                c.mentions.append(Mention(j, j, existing))
                c.mentions.sort(key=lambda m: (m.first, -m.last))
                continue
            # "in an instrument of this nature" is where something goes.
            place = i > c.lo and tokens[i - 1].norm in lx.CONTAINER_PREPOSITIONS
            if (
                issue
                and not place
                and not any(index.kinds.get(m.slug) == "issue" for m in c.mentions)
            ):
                c.mentions.append(Mention(j, j, issue))
                c.mentions.sort(key=lambda m: (m.first, -m.last))


def instrument_acts(index: ProvisionIndex, clauses: list[ClauseInfo], tokens: list[Token]) -> None:
    """ "We welcome the Convention's adoption", "proud to sign this Convention": the instrument
    being negotiated, named by what is done with it as a whole (adopted, signed, ratified), is
    the issue of having it, when the clause names no other issue."""
    issue = index.domain.instrument_issue
    if issue not in index.kinds:
        return
    for c in clauses:
        if any(index.kinds.get(m.slug) == "issue" for m in c.mentions):
            continue
        # "Proud to be among the signatories": of the instrument signed, as a whole.
        signatory = next(
            (i for i in range(c.lo, c.hi) if tokens[i].stem in ("signatori", "signatory")), None
        )
        if signatory is not None:
            c.mentions.append(Mention(signatory, signatory, issue))
            c.mentions.sort(key=lambda m: (m.first, -m.last))
            continue
        for i in range(c.lo, c.hi - 1):
            if tokens[i].norm not in lx.DEFINITE_INSTRUMENT_LEADS:
                continue
            j = i + 1
            while j < c.hi and tokens[j].norm in lx.INSTRUMENT_MODIFIERS:
                j += 1
            if j >= c.hi or tokens[j].norm not in lx.INSTRUMENT_NOUNS:
                continue
            near = tokens[max(c.lo, i - 3) : i] + tokens[j + 1 : min(c.hi, j + 3)]
            if any(t.stem.startswith(s) for t in near for s in lx.INSTRUMENT_ACT_STEMS):
                c.mentions.append(Mention(j, j, issue))
                c.mentions.sort(key=lambda m: (m.first, -m.last))
                break


def definite_instrument(
    index: ProvisionIndex, text: str, clauses: list[ClauseInfo], tokens: list[Token]
) -> None:
    """ "We welcome the Convention", "This Convention is a pivotal milestone": the instrument
    named by a bare definite name refers back to the last instrument the statement named, and
    to the one under negotiation when it named none. It counts only where the clause has a cue
    and names no other issue ("the Convention should include safeguards" is about safeguards),
    and not when the last instrument named is another treaty the provisions do not cover
    ("the Convention against Corruption", "the Palermo Convention"). The subject or object of
    the clause only: after a preposition ("the centre of this convention", "cooperation under
    the convention") it is where something stands, not what is spoken of."""
    issue = index.domain.instrument_issue
    if issue not in index.kinds:
        return
    last: str | None = issue  # what a bare name refers back to; None: another treaty

    def capital(i: int) -> bool:
        return text[tokens[i].start].isupper()

    for c in clauses:
        noun_mentions = {
            i: m.slug
            for m in c.mentions
            for i in range(m.first, m.last + 1)
            if tokens[i].norm in lx.INSTRUMENT_NOUNS
        }
        # "Without safeguards, we cannot support this convention": what is needed is named
        # before the comma; the instrument is still what the clause speaks of.
        opening = opening_without(text, tokens, c.lo, c.hi) or c.lo
        other_issue = any(
            index.kinds.get(m.slug) == "issue" and m.slug != issue and m.first >= opening
            for m in c.mentions
        )
        for i in range(c.lo, c.hi):
            if tokens[i].norm not in lx.INSTRUMENT_NOUNS:
                continue
            if i in noun_mentions:
                last = noun_mentions[i]
                continue
            nxt = tokens[i + 1].norm if i + 1 < c.hi else ""
            lead = i - 1
            while lead >= c.lo and tokens[lead].norm in lx.INSTRUMENT_MODIFIERS:
                lead -= 1
            definite = lead >= c.lo and tokens[lead].norm in lx.DEFINITE_INSTRUMENT_LEADS
            titled = nxt in lx.INSTRUMENT_TITLE_LINKS or (lead + 1 < i and capital(i - 1))
            if titled or not definite:
                # "the Convention against Corruption", "the Palermo Convention": another
                # treaty named by its title (this one's titles are keywords, found above).
                if capital(i) and titled:
                    last = None
                continue
            if nxt in lx.INSTRUMENT_NOUN_MODIFIED or last is None or not c.cues:
                continue
            if lead > c.lo and tokens[lead - 1].norm in lx.BARE_INSTRUMENT_PREPOSITIONS:
                continue  # "at the centre of this convention", "cooperation under it": a place
            if any(m.slug == last for m in c.mentions):
                continue
            # "We welcome the Convention, which provides a basis for cooperation": an issue
            # named in a relative clause after the name describes the instrument; the cue still
            # speaks of the instrument.
            if other_issue and not (
                nxt in lx.RELATIVE_PRONOUNS
                and "," in text[tokens[i].end : tokens[i + 1].start]
                and not any(
                    index.kinds.get(m.slug) == "issue"
                    and m.slug != issue
                    and opening <= m.first < i
                    for m in c.mentions
                )
            ):
                continue
            c.mentions.append(Mention(i, i, last))
            c.mentions.sort(key=lambda m: (m.first, -m.last))


def drop_containers(clauses: list[ClauseInfo], tokens: list[Token]) -> None:
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


_MODEL_STEMS = frozenset(stem(w) for w in lx.MODEL_WORDS)


# The self-stating forms that count only with an "alone" word after them: "no country can",
# "cannot be tackled"; "ningún país puede", "no puede combatirse"; "aucun pays ne peut", "ne peut
# être combattue" (folded).
_ALONE_NEEDED = ("no ", "cannot ", "ningun ", "ninguna ", "aucun ", "aucune ", "ne peut ")


def self_stated(
    index: ProvisionIndex, tokens: list[Token], cues: Sequence[Match[Cue]]
) -> list[Mention]:
    """What a cue names in its own words: the cooperation a call to act together names ("no
    country can tackle this alone", "we must join forces"; cue family "self-stating", where the
    domain has a cooperation issue; "no country can" and "cannot be tackled" only with "alone"
    or the like after them), the instrument a wish for its entry into force names ("we look
    forward to the early entry into force of the Convention"; family "entry-into-force"). A
    mention over the cue, which ``binding.bind`` binds it to."""
    cooperation = index.domain.cooperation_issue
    instrument = index.domain.instrument_issue
    out = []
    for m in cues:
        phrase = m.payload.phrase
        if phrase in lx.INSTRUMENT_STATING_CUES:
            if instrument in index.kinds:
                out.append(Mention(m.first, m.last, instrument))
            continue
        if phrase not in lx.SELF_STATING_CUES or cooperation not in index.kinds:
            continue
        if phrase.startswith(_ALONE_NEEDED):
            tail = tokens[m.last + 1 : m.last + 12]
            if not any(t.norm in lx.ALONE_WORDS for t in tail):
                continue
        out.append(Mention(m.first, m.last, cooperation))
    return out
