"""Step 5b: link cues to provisions sentence by sentence and gather the readings.

Each cue binds to the provisions of its clause (``binding.bind``), else to provisions of a
sibling clause, else, when its subject points back ("such a provision is essential"), to what an
earlier sentence named, else to the topic the paragraph opened with. A question states nothing.
"""

from __future__ import annotations

import re

from . import lexicon as lx
from .binding import bind, clause_weight, condition_objects
from .choice import add_evidence
from .cues import anaphor_removed, is_negated, limit_or_flip, strength_of
from .mentions import ProvisionIndex
from .pieces import ClauseInfo, Cue, Evidence, Mention
from .pieces import by_sentence as sentences_of
from .text import Match, Token

# A bulleted or numbered item: "- Article 36, which ...", "2. the chapter on ...", "(b) ...".
_ITEM_MARK = re.compile(r"\s*(?:[-–—•*▪●◦·]|\(?\d{1,2}[.)]|\(?[a-h][.)]|\(?[ivx]{1,4}[.)])\s")


def link(
    index: ProvisionIndex,
    text: str,
    tokens: list[Token],
    clauses: list[ClauseInfo],
    ignored_paragraphs: set[int],
) -> dict[str, list[Evidence]]:
    """Every reading (position, confidence, passage) of every provision, by slug."""
    evidence: dict[str, list[Evidence]] = {}
    by_sentence = sentences_of(clauses)

    topic: dict[int, Mention] = {}
    bound_in: dict[tuple[int, int], list[Mention]] = {}
    lead_of = _lead_ins(text, by_sentence)
    lead_cues: dict[tuple[int, int], list[tuple[ClauseInfo, Match[Cue], bool]]] = {}

    def record(key, mention, position, conf, start, end, cue_match, negated, note=""):
        """The evidence that a cue in sentence `key` speaks of `mention`, and that it was bound."""
        bound_in.setdefault(key, []).append(mention)
        add_evidence(
            evidence,
            text,
            mention.slug,
            position,
            conf,
            start,
            end,
            cue_match,
            tokens,
            negated,
            note=note,
        )

    for (pi, si), group in by_sentence.items():
        if pi in ignored_paragraphs:
            continue
        lead = lead_of.get((pi, si))
        if lead is not None and _describes(tokens, by_sentence[lead]):
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
        loose_cues: list[tuple[ClauseInfo, Match[Cue], bool]] = []
        for c in group:
            if c.skip:
                continue
            for cue_match in c.cues:
                negated = is_negated(tokens, cue_match, c.lo) or (
                    c.negation is not None
                    and c.negation < cue_match.first
                    and cue_match.payload.position in (lx.SUPPORT, lx.OPPOSE)
                )
                if c.ellipsis is not None:
                    # "Not all delegations support X, but we do": the view as the speaker
                    # takes it up, negated only by the speaker's own "we do not".
                    negated = c.ellipsis
                referent = antecedent(clauses, c, cue_match, tokens, bound_in)
                if referent:
                    # "Such a provision is essential": said of what was named before.
                    position = limit_or_flip(cue_match.payload, negated, before=True, passive=False)
                    bound_any = True
                    bound_in.setdefault((pi, si), []).extend(referent)
                    for mention in referent:
                        add_evidence(
                            evidence,
                            text,
                            mention.slug,
                            position,
                            clause_weight(
                                c, strength_of(cue_match.payload, negated) * lx.CARRY_FACTOR
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
                bound = bind(index, text, tokens, cue_match, negated, in_reach)
                bound += condition_objects(tokens, cue_match, c, bound)
                if not negated and cue_match.payload.position == lx.SUPPORT:
                    bound = _safeguard_first(index, tokens, cue_match, in_reach, bound)
                bound = _on_condition(text, tokens, c, cue_match, negated, bound)
                bound = _after_condition(text, tokens, group[0].lo, c, cue_match, negated, bound)
                if not bound:
                    # No provision in reach: it may speak of one named elsewhere.
                    loose_cues.append((c, cue_match, negated))
                    continue
                turned = cue_match.payload.phrase in lx.ACKNOWLEDGEMENTS and _turns_next(
                    by_sentence.get((pi, si + 1), [])
                )
                for mention, position, conf in bound:
                    conf = clause_weight(c, conf)
                    if turned and position == lx.SUPPORT:
                        position = lx.QUALIFIED
                    bound_any = True
                    record(
                        (pi, si),
                        mention,
                        position,
                        conf,
                        c.clause.start,
                        c.clause.end,
                        cue_match,
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
            if not orphans and not c.clause.item:
                # "We support the following: a) X, b) Y": a cue of the clause leading in to the
                # lettered items of its own sentence speaks of each item (each bound apart: an
                # item's own cue, where it has one, speaks for it).
                for o in group[k + 1 :]:
                    if not o.clause.item:
                        break
                    if o.skip or o.cues:
                        continue
                    position = limit_or_flip(
                        cue_match.payload, negated, before=False, passive=False
                    )
                    conf = strength_of(cue_match.payload, negated) * lx.CARRY_FACTOR
                    for mention in o.mentions:
                        bound_any = True
                        record(
                            (pi, si),
                            mention,
                            position,
                            clause_weight(c, conf),
                            o.clause.start,
                            o.clause.end,
                            cue_match,
                            negated,
                            note=" (item of a lead-in)",
                        )
            if orphans:
                for mention, position, conf in bind(
                    index, text, tokens, cue_match, negated, orphans, False, 2 * lx.MAX_DISTANCE
                ):
                    bound_any = True
                    add_evidence(
                        evidence,
                        text,
                        mention.slug,
                        position,
                        clause_weight(c, conf * lx.OTHER_CLAUSE_FACTOR),
                        sentence_start,
                        sentence_end,
                        cue_match,
                        tokens,
                        negated,
                    )
        # "We support the following: - Article 36, ...; - the provisions on ...": a lead-in
        # whose cue names nothing speaks of each item listed under it.
        if not bound_any and loose_cues and (pi, si) in lead_of.values():
            lead_cues[(pi, si)] = loose_cues
        if not bound_any and lead in lead_cues:
            head = next((c.mentions for c in group if c.mentions and not c.skip), [])
            for c, cue_match, negated in lead_cues[lead]:
                cue = cue_match.payload
                position = limit_or_flip(cue, negated, before=False, passive=False)
                for mention in head:
                    bound_any = True
                    record(
                        (pi, si),
                        mention,
                        position,
                        clause_weight(c, strength_of(cue, negated) * lx.CARRY_FACTOR),
                        sentence_start,
                        sentence_end,
                        cue_match,
                        negated,
                        note=" (item of a lead-in)",
                    )
        # A sentence that names no provision speaks of the one the previous sentence named
        # when it points back to it ("such offences"), else of the paragraph's topic.
        referent = None
        if not bound_any and si > 0 and loose_cues:
            previous = by_sentence.get((pi, si - 1), [])
            head = tokens[group[0].lo : min(group[-1].hi, group[0].lo + 12)]
            # One example of a list ("crimes ranging from fraud to the sexual exploitation of
            # children. Its impact is devastating") is not what "it" points back to; "these
            # conducts" may be the examples together.
            plural = any(t.norm in _PLURAL_POINTERS for t in head)
            named = [
                m
                for c in previous
                for m in c.mentions
                if plural or not _is_example(tokens, c.lo, m.first)
            ]
            if named and (_asks(text, tokens, previous) or _points_back(head)):
                last = max(m.first for m in named)
                referent = [m for m in named if m.first == last]
            elif pi in topic and not _own_object(tokens, loose_cues):
                referent = [topic[pi]]
        for mention in referent or ():
            for c, cue_match, negated in loose_cues:
                cue = cue_match.payload
                strength = strength_of(cue, negated)
                if strength < 0.6:
                    continue
                # "Our support rests on the understanding that X is respected": a condition
                # that names its own criterion speaks of it, not of an earlier provision.
                if cue.position == lx.QUALIFIED and any(
                    m.first > cue_match.last for m in c.mentions
                ):
                    continue
                position = limit_or_flip(cue, negated, before=True, passive=False)
                if cue.direction == lx.AFTER and anaphor_removed(tokens, cue_match.last + 1, c.hi):
                    # "We cannot accept a text in which its second paragraph is diluted".
                    position = {lx.SUPPORT: lx.OPPOSE, lx.OPPOSE: lx.SUPPORT}.get(
                        position, position
                    )
                add_evidence(
                    evidence,
                    text,
                    mention.slug,
                    position,
                    clause_weight(c, strength * lx.CARRY_FACTOR),
                    c.clause.start,
                    c.clause.end,
                    cue_match,
                    tokens,
                    negated,
                    note=" (provision named before)",
                )
    return evidence


def antecedent(
    clauses: list[ClauseInfo],
    c: ClauseInfo,
    cue_match: Match[Cue],
    tokens: list[Token],
    bound_in: dict[tuple[int, int], list[Mention]],
) -> list[Mention]:
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


_PLURAL_POINTERS = frozenset({"these", "those", "they", "them", "their", "such"})


def _points_back(head: list[Token]) -> bool:
    """Whether the opening words of a sentence hold a word pointing back ("such offences",
    "this", "it"); not "such" in "such problems as X", which points forward to its examples."""
    for i, t in enumerate(head):
        if t.norm not in lx.ANAPHORS:
            continue
        if t.norm == "such" and any(u.norm == "as" for u in head[i + 1 : i + 5]):
            continue
        return True
    return False


def _is_example(tokens: list[Token], lo: int, first: int) -> bool:
    """Whether the mention starting at ``first`` is one example among others, introduced in its
    clause by "such as", "including", "ranging from", "like" or "e.g."."""
    window = tokens[max(lo, first - 14) : first]
    norms = [t.norm for t in window]
    for i, w in enumerate(norms):
        nxt = norms[i + 1] if i + 1 < len(norms) else ""
        if (w, nxt) in (("such", "as"), ("ranging", "from"), ("e", "g")) or w in (
            "including",
            "like",
        ):
            return True
    return False


def _own_object(tokens: list[Token], loose_cues: list[tuple[ClauseInfo, Match[Cue], bool]]) -> bool:
    """Whether every loose cue is a verb of support or opposition followed by an object of its
    own, named in words that point nowhere back ("China supports efforts to address wildlife
    crime"): such a sentence speaks of that object, not of the paragraph's topic."""
    for c, cue_match, _negated in loose_cues:
        cue = cue_match.payload
        if cue.direction != lx.AFTER or cue.position not in (lx.SUPPORT, lx.OPPOSE):
            return False
        nxt = cue_match.last + 1
        if nxt >= c.hi:
            return False
        words = [t.norm for t in tokens[nxt : min(c.hi, nxt + 3)]]
        if words[0] in ("the", "a", "an", "that", "to", "all") or any(
            w in lx.ANAPHORS for w in words
        ):
            return False
    return bool(loose_cues)


def _turns_next(next_sentence: list[ClauseInfo]) -> bool:
    """Whether the next sentence of the paragraph opens with a contrast ("However, ...")."""
    return bool(next_sentence) and next_sentence[0].clause.contrast


def _asks(text: str, tokens: list[Token], group: list[ClauseInfo]) -> bool:
    """Whether a sentence (its clauses) is a question: a "?" right after its last word."""
    end = tokens[group[-1].hi - 1].end
    return text[end : end + 4].lstrip(" \"'”’)").startswith("?")


def describing_items(text: str, tokens: list[Token], clauses: list[ClauseInfo]) -> None:
    """Skip the items listed under a lead-in that describes a text ("The Convention comprises
    nine chapters designed to: - strengthen international cooperation; ..."): an item's verb
    continues the description, it is not the speaker's call. ``link`` passes over them; marked
    here, before what the rules declined is told to the learned layer."""
    grouped = sentences_of(clauses)
    for key, lead in _lead_ins(text, grouped).items():
        if _describes(tokens, grouped[lead]):
            for c in grouped[key]:
                c.skip = True


def _lead_ins(
    text: str, by_sentence: dict[tuple[int, int], list[ClauseInfo]]
) -> dict[tuple[int, int], tuple[int, int]]:
    """Item sentence -> the lead-in above it: a sentence ending with a colon, then the bulleted
    or numbered items that follow it, one after the other."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    lead = None
    for key, group in by_sentence.items():
        start, end = group[0].clause.start, group[-1].clause.end
        if lead is not None and _ITEM_MARK.match(_line_head(text, start)):
            out[key] = lead
            continue
        ends_with_colon = text[end : end + 2].lstrip(" \t").startswith(":")
        lead = key if ends_with_colon or text[start:end].rstrip().endswith(":") else None
    return out


def _line_head(text: str, start: int) -> str:
    """The line a sentence starts on, from its beginning (the bullet may precede the clause)."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[line_start : start + 8]


# "essential for / to", "esencial para", "essentiel pour"; "à" (folded "a"), "au", "al" only
# right after the cue ("essentiel à la coopération"): a cue may end in the English "a" ("need a").
_CONDITION_LINKS = frozenset({"for", "to", "para", "pour"})
_CONDITION_LINKS_AFTER = frozenset({"a", "au", "aux", "al"})


def _safeguard_first(
    index: ProvisionIndex,
    tokens: list[Token],
    cue_match: Match[Cue],
    mentions: list[Mention],
    bound: list[tuple[Mention, str, float]],
) -> list[tuple[Mention, str, float]]:
    """ "Respect for human rights is essential for / a precondition for international
    cooperation": the safeguard named before the cue is supported, what it is a condition for
    is qualified (cooperation, but on that condition)."""
    last = cue_match.last
    if tokens[last].norm not in _CONDITION_LINKS and not (
        last + 1 < len(tokens)
        and tokens[last + 1].norm in _CONDITION_LINKS | _CONDITION_LINKS_AFTER
    ):
        return bound
    safeguards = index.domain.safeguard_issues
    conditions = [m for m in mentions if m.last < cue_match.first and m.slug in safeguards]
    conditioned = [
        m
        for m in mentions
        if m.first > last
        and m.slug not in safeguards
        and m.first - last <= lx.MAX_DISTANCE
        and index.kinds.get(m.slug) == "issue"
    ]
    if not conditions or not conditioned:
        return bound
    strength = strength_of(cue_match.payload, False)
    out = [(m, p, c) for m, p, c in bound if m not in conditioned and m not in conditions]
    out += [(m, lx.SUPPORT, strength) for m in conditions]
    out += [(m, lx.QUALIFIED, max(strength * 0.9, lx.QUALIFIED_WINS_AT)) for m in conditioned]
    return out


_ACCEPT_STEMS = ("accept", "support", "agre", "endors", "go along", "join")


def _after_condition(
    text: str,
    tokens: list[Token],
    sentence_lo: int,
    c: ClauseInfo,
    cue_match: Match[Cue],
    negated: bool,
    bound: list[tuple[Mention, str, float]],
) -> list[tuple[Mention, str, float]]:
    """ "If the safeguards are strengthened, we could accept X", "Provided that ..., we support
    X", "Should ..., we would be able to support X": a sentence that opens on a condition and
    then accepts is acceptance on that condition, qualified. After "if" (and the inverted
    "should") only a hypothetical acceptance counts ("we could / would / can"): "if we want
    to succeed, we must strengthen X" wants X. What the condition itself names is not touched."""
    cue = cue_match.payload
    if cue.position != lx.SUPPORT or negated or not bound:
        return bound
    k = sentence_lo
    while k < cue_match.first and tokens[k].norm in lx.CONDITION_OPENER_SKIP:
        k += 1  # "And if ...", "But, if ..."
    if k >= cue_match.first:
        return bound
    opener = tokens[k].norm
    explicit = any(
        [t.norm for t in tokens[k : k + len(lead)]] == lead for lead in _EXPLICIT_OPENERS
    )
    if not explicit and opener not in ("if", "should"):
        return bound
    if opener == "if" and any(
        " ".join(t.norm for t in tokens[k : k + len(p.split())]) == p for p in lx.PURPOSE_IF
    ):
        return bound  # "if we are to succeed", "if we want ...": a purpose, not a condition
    # The condition ends at a comma before the cue: "If ..., we could accept X".
    between = text[tokens[k].end : tokens[cue_match.first].start]
    if "," not in between:
        return bound
    if opener == "should" and text[tokens[cue_match.last].end :].split(".")[0].find("?") >= 0:
        return bound  # "Should the text include X, would we ...?": a question
    if not explicit:
        ahead = [t.norm for t in tokens[max(sentence_lo, cue_match.first - 5) : cue_match.last + 1]]
        if not any(w in ahead for w in ("could", "would", "might", "can")):
            return bound
    comma = text.rfind(",", tokens[k].end, tokens[cue_match.first].start)
    return [
        (m, lx.QUALIFIED, conf) if tokens[m.first].start > comma else (m, position, conf)
        for m, position, conf in bound
    ]


_EXPLICIT_OPENERS = (
    ["provided", "that"],
    ["provided"],
    ["as", "long", "as"],
    ["so", "long", "as"],
    ["on", "condition", "that"],
    ["on", "the", "condition", "that"],
    ["only", "if"],
    ["only", "when"],
    ["only", "where"],
    ["unless"],
)


def _on_condition(
    text: str,
    tokens: list[Token],
    c: ClauseInfo,
    cue_match: Match[Cue],
    negated: bool,
    bound: list[tuple[Mention, str, float]],
) -> list[tuple[Mention, str, float]]:
    """ "We could accept X if ...", "we would support X if ...", "we cannot accept X without
    ..." / "unless ...": X is accepted on a condition, qualified. What follows the condition
    word is not touched (it is the condition, read on its own)."""
    cue = cue_match.payload
    after = [t.norm for t in tokens[cue_match.last + 1 : c.hi]]
    ahead = [t.norm for t in tokens[max(c.lo, cue_match.first - 5) : cue_match.last + 1]]
    refusal = (
        cue.position == lx.OPPOSE
        and any(w in ahead for w in lx.NEGATORS | {"cannot"})
        and any(cue.phrase.find(s) >= 0 for s in _ACCEPT_STEMS)
        # "We would never have agreed to X without consent": looking back, a refusal.
        and "never" not in ahead
    )
    if cue.position == lx.SUPPORT and not negated:
        if not any(w in ahead for w in ("could", "would", "might", "can")):
            return bound
        words = ("if", "unless")
    elif refusal:
        words = ("without", "unless")
    else:
        return bound
    for k, w in enumerate(after):
        if w in words and (k == 0 or after[k - 1] not in ("even", "as")):
            limit = cue_match.last + 1 + k
            # The condition follows what is accepted closely, in the same stretch of words:
            # not "... a document drafted by a few States without ...".
            objects = [m.last for m, _p, _c in bound if cue_match.last < m.last < limit]
            if not objects or limit - max(objects) > 6:
                return bound
            if "," in text[tokens[cue_match.last].end : tokens[limit].start]:
                return bound
            return [
                (m, lx.QUALIFIED, conf) if m.first < limit else (m, position, conf)
                for m, position, conf in bound
            ]
    return bound


def _describes(tokens: list[Token], lead_in: list[ClauseInfo]) -> bool:
    """Whether a lead-in describes a text rather than speaks ("The Convention comprises nine
    chapters designed to: ..."): a verb of description, no one in the first person, no cue."""
    words = tokens[lead_in[0].lo : lead_in[-1].hi]
    if any(c.cues for c in lead_in) or any(t.norm in lx.FIRST_PERSON for t in words):
        return False
    return any(t.stem.startswith(s) for t in words for s in lx.DESCRIPTION_STEMS)
