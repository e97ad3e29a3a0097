"""Step 4: clauses, and who speaks in each.

The text is cut into paragraphs, sentences and clauses (``segment``); mentions, cues and markers
are placed in their clause. Thanks and procedure say nothing; a clause reporting what others said
takes no position, unless the speaker condemns it (then what they pushed for is opposed); the cues
after another party's proposal ("the proposal of some delegations to delete X") are theirs,
unless the speaker judges the proposal, and then they compose with the verdict ("we cannot agree
with the proposal to delete X" supports X). Conditions, welcomes, purposes and questions narrow
which cues of a clause speak.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from . import lexicon as lx
from .cues import is_negated, limit_or_flip
from .domain import Domain
from .pieces import ClauseInfo, Cue, Mention, by_sentence
from .segment import Paragraph, segment
from .text import Match, PhraseIndex, Token


def marker_index(domain: Domain) -> PhraseIndex[str]:
    """The automaton over the marker phrases (noise, others, reporting verbs, openers...)."""
    markers: PhraseIndex[str] = PhraseIndex()
    for kind, phrases in (
        ("noise", lx.NOISE_PHRASES),
        ("others", lx.OTHERS_SUBJECTS),
        ("report", lx.OTHERS_VERBS),
        ("disapproval", lx.DISAPPROVAL),
        ("anchor", domain.anchors),
        ("off-topic", domain.off_topic),
        ("opener", lx.TOPIC_OPENERS),
        ("proposal", lx.PROPOSAL_HEADS),
        ("institution", domain.institutions),
        ("purpose", lx.PURPOSE_LEADS),
        ("noting", lx.NOTING_LEADS),
        ("focus", lx.FOCUS_LINKS),
        ("question", lx.QUESTION_LEADS),
        ("negation", lx.NEGATION_LEADS),
    ):
        for phrase in phrases:
            markers.add(phrase, kind)
    markers.build()
    return markers


def build_clauses(
    text: str, starts: list[int], paragraphs: list[Paragraph] | None = None
) -> list[ClauseInfo]:
    """The clauses of a text with their token ranges, paragraph and sentence numbers
    (``paragraphs``: ``segment(text)``, when the caller has it already)."""
    if paragraphs is None:
        paragraphs = segment(text)
    clauses: list[ClauseInfo] = []
    for pi, para in enumerate(paragraphs):
        for si, sent in enumerate(para.sentences):
            for clause in sent.clauses:
                lo = bisect_left(starts, clause.start)
                hi = bisect_left(starts, clause.end)
                if hi > lo:
                    clauses.append(ClauseInfo(clause, lo, hi, pi, si))
    return clauses


def place(
    clauses: list[ClauseInfo],
    tokens: list[Token],
    mentions: Sequence[Mention],
    cues: Sequence[Match[Cue]],
    markers: list[Match[str]],
    speaker_tokens: frozenset[int] = frozenset(),
) -> set[int]:
    """Put mentions, cues and markers in their clauses and narrow the cues each clause keeps.

    ``speaker_tokens`` are where the text names its own speaker ("the delegation of Cuba" when
    Cuba speaks): that is the speaker, not another party.

    Returns the paragraphs to ignore: those about another field (corruption, drugs) that name
    nothing anchoring them to this treaty.
    """
    clause_starts = [c.lo for c in clauses]

    def clause_of(token_index: int) -> ClauseInfo | None:
        k = bisect_right(clause_starts, token_index) - 1
        if k >= 0 and token_index < clauses[k].hi:
            return clauses[k]
        return None

    for m in mentions:
        c = clause_of(m.first)
        if c is not None and m.last < c.hi:
            c.mentions.append(m)
    # A word inside a provision's own name is not said of it: "universal" in "a new universal
    # instrument" is the instrument's name, not praise (its first and last words may still be
    # a cue's: "strengthen capacities", "countries have to work together").
    named = {i for m in mentions for i in range(m.first + 1, m.last)}
    for m in cues:
        c = clause_of(m.first)
        if c is not None and m.last < c.hi and not (m.first in named and m.last in named):
            c.cues.append(m)
    for c in clauses:
        # "Mexico will sign the Convention": only when the speaker (or "we", "our country") is
        # named before the cue in its clause; "many States will sign it" says nothing of it.
        c.cues = [
            m
            for m in c.cues
            if m.payload.phrase not in lx.SELF_SPOKEN_CUES
            or any(
                i in speaker_tokens or tokens[i].norm in lx.FIRST_PERSON
                for i in range(c.lo, m.first)
            )
        ]
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
        if m.payload == "negation":
            # "There is no consensus on the need for X": every cue after it is negated.
            if c.negation is None:
                c.negation = m.last
            continue
        if m.payload == "others" and any(
            i in speaker_tokens for i in range(m.first, min(c.hi, m.last + 4))
        ):
            c.markers.add("self")
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
    return off_topic - anchored


def drop_bylines(clauses: list[ClauseInfo], tokens: list[Token]) -> None:
    """ "Statement by Liz Page, First Secretary, at the Third Committee on the United Nations
    Convention against Cybercrime": a page's byline names the speech and its subject; it says
    nothing of it. A sentence that opens with a noun of speech (``lexicon.BYLINE_NOUNS``, after
    at most one modifier such as "opening" or "national") then "by" or "delivered by", with no
    one in the first person, is skipped."""
    for group in by_sentence(clauses).values():
        words = [t.norm for t in tokens[group[0].lo : group[-1].hi]]
        head = words[:4]
        k = next((i for i, w in enumerate(head[:2]) if w in lx.BYLINE_NOUNS), None)
        if k is None:
            continue
        rest = words[k + 1 : k + 3]
        if not (rest[:1] == ["by"] or rest == ["delivered", "by"]):
            continue
        if any(w in lx.FIRST_PERSON for w in words):
            continue
        for c in group:
            c.skip = True


def speaker_filter(clauses: list[ClauseInfo], tokens: list[Token]) -> None:
    """Thanks and procedure say nothing. A clause reporting others takes no position, unless
    the speaker condemns it: then what they pushed for is what the speaker opposes."""
    for k, c in enumerate(clauses):
        if "noise" in c.markers:
            # "We congratulate all States on the adoption of the Convention": praise of
            # adopting or signing the instrument is backing it. "We are grateful for the
            # technical assistance extended to our experts": thanks for what a provision
            # provides is valuing it.
            congratulation = _congratulates_on_instrument(tokens, c)
            strength = lx.CONGRATULATION_STRENGTH
            if congratulation is None:
                congratulation = _thanks_for_provision(tokens, c)
                strength = lx.THANKS_FOR_STRENGTH
            if congratulation is None:
                c.skip = True
                continue
            c.cues = [
                Match(
                    congratulation,
                    congratulation,
                    Cue(tokens[congratulation].norm, lx.SUPPORT, strength, lx.AFTER),
                )
            ]
            continue
        if "others" not in c.markers or c.judged:
            continue
        if "self" in c.markers or any(t.norm in lx.FIRST_PERSON for t in tokens[c.lo : c.hi]):
            continue
        # "Ghana is pleased that the text provides for X": the speaker judges what follows.
        if c.cues and not c.reports and c.cues[0].last < min(c.others):
            continue
        context = [
            o
            for o in clauses[max(0, k - 6) : k + 6]
            if o.para == c.para and (o.sent == c.sent or o.sent == c.sent - 1)
        ]
        taken_up = _taken_up(clauses, k, tokens)
        if taken_up is not None:
            # "Not all delegations support X, but we do": the speaker's position, by ellipsis.
            c.ellipsis = taken_up
            continue
        if c.reports and any("disapproval" in o.markers for o in context):
            c.cues = [
                Match(
                    r.first,
                    r.last,
                    Cue(
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


def _taken_up(clauses: list[ClauseInfo], k: int, tokens: list[Token]) -> bool | None:
    """Whether a clause reporting others' view is taken up by the speaker in the next clause of
    its sentence, by ellipsis: "..., but we do" (False: not negated), "..., we do not" / "...;
    neither do we" (True: negated); None when it is not."""
    c = clauses[k]
    nxt = clauses[k + 1] if k + 1 < len(clauses) else None
    if nxt is None or (nxt.para, nxt.sent) != (c.para, c.sent):
        return None
    words = [t.norm for t in tokens[nxt.lo : nxt.hi]]
    while words and words[0] in lx.ELLIPSIS_LEADS:
        words.pop(0)
    if len(words) >= 2 and words[0] in ("so", "as", "neither", "nor") and words[-1] in ("we", "i"):
        # "..., and so do we", "..., as do we", "..., nor do we"
        middle = [w for w in words[1:-1] if w not in lx.CUE_SKIP_WORDS]
        if middle and all(w in lx.ELLIPSIS_AUXILIARIES for w in middle):
            return words[0] in ("neither", "nor")
        return None
    if len(words) < 2 or words[0] not in lx.ELLIPSIS_SUBJECTS:
        return None
    rest = [w for w in words[1:] if w not in lx.CUE_SKIP_WORDS and w not in lx.ELLIPSIS_LEADS]
    if rest and rest[0] in ("delegation", "country", "government"):
        rest = rest[1:]  # "my delegation does"
    negated = False
    if rest and rest[-1] in lx.NEGATORS | {"n't", "t"}:
        negated = True
        rest = rest[:-1]
    if len(rest) == 1 and rest[0] in lx.ELLIPSIS_AUXILIARIES:
        return negated
    return None


def others_proposals(clauses: list[ClauseInfo], tokens: list[Token]) -> None:
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
        verdict = limit_or_flip(
            judge.payload, is_negated(tokens, judge, c.lo), before=False, passive=False
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
                cue = Cue(m.payload.phrase, position, strength, m.payload.direction, head.last + 1)
                m = Match(m.first, m.last, cue)
            cues.append(m)
        c.cues = cues
        c.judged = True


def necessity_without(clauses: list[ClauseInfo], tokens: list[Token], text: str) -> None:
    """ "Without international cooperation it is impossible to resist cybercrime", "it is
    impossible to fight it without X": what the speaker cannot do without is what it wants. The
    cues of the sentence (here "resist") speak of the goal, not of X, and are dropped.

    So does a sentence that opens on "Without X," and denies what follows ("Without capacity-
    building, many States will not be able to implement it"); there a denied approval after the
    comma ("Without safeguards, we cannot support this convention") makes what it speaks of
    conditional on X: qualified, not opposed."""
    for group in by_sentence(clauses).values():
        lo, hi = group[0].lo, group[-1].hi
        impossible = any(tokens[i].norm in lx.IMPOSSIBILITY_WORDS for i in range(lo, hi))
        comma = opening_without(text, tokens, lo, hi) if not impossible else None
        if not impossible and comma is None:
            continue
        found = [(c, i) for c in group for i in range(c.lo, c.hi) if tokens[i].norm == "without"]
        if not found:
            continue
        c, i = found[0]
        for o in group:
            if comma is None:
                o.cues = [m for m in o.cues if m.payload.position != lx.OPPOSE]
                continue
            # The denied approval speaks of what follows it; with nothing named there, of X
            # only, which the need already speaks for.
            o.cues = [
                m if m.first < comma or m.payload.position != lx.OPPOSE else _conditional(m)
                for m in o.cues
                if m.first < comma
                or m.payload.position != lx.OPPOSE
                or any(n.first > m.last for n in o.mentions)
                or any(tokens[j].norm in lx.INSTRUMENT_NOUNS for j in range(m.last + 1, hi))
            ]
        cue = Cue("without", lx.SUPPORT, lx.NECESSITY_STRENGTH, lx.AFTER)
        c.cues = sorted([*c.cues, Match(i, i, cue)], key=lambda m: m.first)


def opening_without(text: str, tokens: list[Token], lo: int, hi: int) -> int | None:
    """The first token after the comma of an opening "Without X,", when the rest of the sentence is denied
    ("..., we cannot ...", "..., no State will be able to ..."); else ``None``."""
    k = lo
    while k < hi and tokens[k].norm in lx.WITHOUT_OPENERS:
        k += 1
    if k >= hi or tokens[k].norm != "without":
        return None
    # "Without prejudice to X" guards X; it is not a need.
    if k + 1 < hi and tokens[k + 1].norm in ("prejudice", "prejudging"):
        return None
    comma = next(
        (
            j
            for j in range(k + 2, min(hi, k + 16))
            if "," in text[tokens[j - 1].end : tokens[j].start]
        ),
        None,
    )
    if comma is None:
        return None
    if not any(tokens[j].norm in lx.NEGATORS for j in range(comma, hi)):
        return None
    return comma


def _conditional(m: Match[Cue]) -> Match[Cue]:
    """The denied approval after "Without X," as a condition on what it speaks of."""
    cue = m.payload
    return Match(
        m.first,
        m.last,
        Cue(cue.phrase, lx.QUALIFIED, cue.strength, lx.AFTER, cue.scope),
    )


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


def _drop_condition_cues(c: ClauseInfo) -> None:
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


def _drop_welcomed_descriptions(c: ClauseInfo) -> None:
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


def _drop_embedded_cues(c: ClauseInfo, lead: Match[str]) -> None:
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


# "grateful for", "agradecemos ... por", "remercions ... pour".
_THANKS_FOR = frozenset({"for", "por", "pour"})


def _thanks_for_provision(tokens: list[Token], c: ClauseInfo) -> int | None:
    """The "for" of a clause that thanks for what a provision provides ("we are grateful for
    the capacity-building support extended to us", "we thank UNODC for its technical
    assistance"): a mention of the clause starts at most ``THANKS_FOR_WINDOW`` tokens after a
    "for" that follows a thanks word, with none of ``THANKS_OTHER_OBJECTS`` between (the Chair's
    efforts, the revised text, the organisation of a meeting). Else None."""
    words = range(c.lo, c.hi)
    thanks = next((i for i in words if tokens[i].norm in lx.THANKS_WORDS), None)
    if thanks is None:
        return None
    for f in range(thanks + 1, c.hi):
        if tokens[f].norm not in _THANKS_FOR:
            continue
        # "Grateful for the support extended to Member States for implementation and
        # capacity-building": thanks for help, then what it is for, further on.
        window = lx.THANKS_FOR_WINDOW
        if any(t.norm in lx.THANKS_HELP_NOUNS for t in tokens[f + 1 : min(c.hi, f + 4)]):
            window = lx.THANKS_FOR_HELP_WINDOW
        for m in c.mentions:
            # The mention's own first word too: "pour le projet de convention" thanks for a text.
            gap = range(f + 1, m.first + 1)
            if 0 <= m.first - f - 1 <= window and not any(
                tokens[i].norm in lx.THANKS_OTHER_OBJECTS for i in gap
            ):
                return f
        return None
    return None


def _congratulates_on_instrument(tokens: list[Token], c: ClauseInfo) -> int | None:
    """The congratulation word of a clause that congratulates on adopting, signing or ratifying
    an instrument ("... on the occasion of the signing of the Convention"), else None."""
    words = tokens[c.lo : c.hi]
    at = next((c.lo + k for k, t in enumerate(words) if t.stem.startswith("congratul")), None)
    if at is None:
        return None
    rest = tokens[at + 1 : c.hi]
    acted = any(t.stem.startswith(s) for t in rest for s in lx.INSTRUMENT_ACT_STEMS)
    named = any(t.norm in lx.INSTRUMENT_NOUNS for t in rest)
    return at if acted and named else None
