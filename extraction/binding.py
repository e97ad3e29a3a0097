"""Step 5a: which provisions a cue speaks of, and in which position.

A cue binds to the nearest provisions of its clause in its direction ("we object to X": after;
"X is essential": before), with those coordinated with them ("X, Y and Z"), each kind of
provision apart; confidence decays with distance. Harm cues, limits, narrowing cues, removals and
exclusions turn or split the reading.
"""

from __future__ import annotations

import re

from . import lexicon as lx
from .cues import excludes, is_harm, limit_or_flip, removed_after, strength_of
from .mentions import _DETERMINERS, ProvisionIndex
from .pieces import ClauseInfo, Cue, Mention
from .text import Match, Token

_PASSIVE = frozenset({"be", "been", "being"})
_COORDINATION = re.compile(
    r"(?:[\s,;/()]|\b(?:and|or|as well as|including|in particular|notably|such as|other|"
    r"especially|both|either|also|the|its|their|on|of|[a-z]\)|\d{1,2}\)|"
    # "articles 45 and 46 and the provisions on X", "including those on X, Y and Z".
    r"provisions?|articles?|chapters?|sections?|parts?|draft|those|relating to|"
    r"related to|regarding|concerning|dealing with|with regard to)"
    # The same in Spanish and French: "X y la Y", "X así como Y", "X et de l'Y", "X ainsi que Y".
    r"|\b(?:y|e|o|u|así como|incluid[oa]s?|en particular|en especial|como|el|la|los|las|sus|del|"
    r"de|sobre|disposiciones|artículos?|capítulos?|et|ou|ainsi que|y compris|notamment|le|les|l|"
    r"des|du|d|sur|dispositions|chapitres?|relatives? à|relatifs? à|relatives? aux)\b|['’])*",
    re.IGNORECASE,
)
_CONJUNCTION = re.compile(
    r"[,;/]|\b(?:and|or|as well as|including|such as|y|e|o|u|así como|et|ou|ainsi que)\b",
    re.IGNORECASE,
)


def _placed(tokens: list[Token], m: Mention) -> bool:
    """Whether a mention follows a preposition of place ("in the future Conference")."""
    i = m.first - 1
    while i >= 0 and tokens[i].norm in _DETERMINERS:
        i -= 1
    return i >= 0 and tokens[i].norm in lx.PLACE_PREPOSITIONS


def coordinated(text: str, tokens: list[Token], a: Mention, b: Mention) -> bool:
    """Whether two mentions are items of one list ("X, Y as well as Z")."""
    lo, hi = (a, b) if a.first < b.first else (b, a)
    if hi.first <= lo.last:
        return True
    gap = text[tokens[lo.last].end : tokens[hi.first].start]
    return bool(_COORDINATION.fullmatch(gap) and _CONJUNCTION.search(gap))


def bind(
    index: ProvisionIndex,
    text: str,
    tokens: list[Token],
    cue_match: Match[Cue],
    negated: bool,
    mentions: list[Mention],
    directed: bool = True,
    max_distance: int = lx.MAX_DISTANCE,
) -> list[tuple[Mention, str, float]]:
    """The provisions a cue speaks of, with the position and confidence for each."""
    cue = cue_match.payload
    if cue.phrase in lx.SELF_STATING_CUES or cue.phrase in lx.INSTRUMENT_STATING_CUES:
        # "All countries have to work together": the cue states the need for what it names.
        inside = [m for m in mentions if m.first <= cue_match.last and m.last >= cue_match.first]
        if not inside:
            # "No State can be compelled to extradite": without "alone", no call to act together,
            # and the cue says nothing of what follows.
            return []
        position = limit_or_flip(cue, negated, before=False, passive=False)
        return [(m, position, strength_of(cue, negated)) for m in inside[:1]]
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

    def distance(m: Mention) -> int:
        if m.first > cue_match.last:
            return m.first - cue_match.last - 1
        return max(0, cue_match.first - m.last - 1)

    passive = cue_match.last + 1 < len(tokens) and tokens[cue_match.last + 1].norm in _PASSIVE
    # "X must not undermine / create conflicting ...": a safeguard protecting something, not
    # a limit put on X.
    protective = cue.position == lx.LIMIT and any(
        is_harm(t) for t in tokens[cue_match.last + 1 : cue_match.last + 4]
    )
    # On each side, the nearest provision and those coordinated with it ("X, Y and Z"),
    # for each kind apart: "the powers in chapter IV" names an issue and a chapter.
    targets: list[Mention] = []
    for kind in dict.fromkeys(index.kinds.get(m.slug) for m in primary):
        of_kind = [m for m in primary if index.kinds.get(m.slug) == kind]
        for side in (
            sorted((m for m in of_kind if m.first > cue_match.last), key=distance),
            sorted((m for m in of_kind if m.last < cue_match.first), key=distance),
        ):
            for k, m in enumerate(side):
                if k and not coordinated(text, tokens, side[k - 1], m):
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
            and any(t.norm in lx.RELATIVE_PRONOUNS for t in tokens[cue_match.last + 1 : m.first])
        ):
            continue
        position = limit_or_flip(cue, negated, before=is_before, passive=passive)
        if harm:
            # "X would undermine Y": X is opposed, Y is what the speaker protects.
            if is_before and negated:
                continue
            position = lx.OPPOSE if is_before else lx.SUPPORT
        elif cue.phrase in lx.LEFT_TO_CUES and is_before:
            # "The details of X should be left to domestic law": kept, with a limit.
            subject = tokens[max(0, m.first - 4) : m.first] + tokens[m.last + 1 : cue_match.first]
            if any(t.norm in lx.DETAIL_WORDS for t in subject):
                position = lx.QUALIFIED
        if cue.phrase in lx.RED_LINE_CUES and is_before and not negated:
            subject = tokens[max(0, m.first - 4) : m.last + 1]
            acts = any(t.norm in lx.RED_LINE_ACTS or t.stem in lx.RED_LINE_ACTS for t in subject)
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
            and any(is_harm(t) for t in tokens[cue_match.last + 1 : m.first])
        ):
            position = lx.SUPPORT
        elif not is_before and (
            any(t.norm in lx.PRIVATIVES for t in tokens[cue_match.last + 1 : m.first])
            or (
                cue.position in (lx.SUPPORT, lx.OPPOSE)
                and (
                    excludes(tokens, cue_match.last + 1, m.first + 1)
                    or (cue.direction == lx.AFTER and removed_after(tokens, m))
                )
            )
        ):
            # "We are relieved that the text does not criminalize X / X was deleted".
            position = {lx.SUPPORT: lx.OPPOSE, lx.OPPOSE: lx.SUPPORT}.get(position, position)
        decay = max(lx.DISTANCE_FLOOR, 1 - lx.DISTANCE_DECAY * distance(m))
        kind = index.kinds.get(m.slug)
        conf = strength_of(cue, negated) * factor * decay * (lx.RANK_FACTOR ** rank.get(kind, 0))
        rank[kind] = rank.get(kind, 0) + 1
        out.append((m, position, conf))
    return out


def clause_weight(c: ClauseInfo, conf: float) -> float:
    if c.clause.contrast:
        conf += lx.CONTRAST_BONUS
    if c.clause.concessive:
        conf *= lx.CONCESSIVE_FACTOR
    return min(conf, 1.0)


def condition_objects(
    tokens: list[Token],
    cue_match: Match[Cue],
    c: ClauseInfo,
    bound: list[tuple[Mention, str, float]],
) -> list[tuple[Mention, str, float]]:
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
