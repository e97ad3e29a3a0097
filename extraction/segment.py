"""Paragraphs, sentences and clauses with offsets into the original text.

Real statements come as PDF or web text: hard line breaks inside sentences, paragraphs cut by a
page break, salutations on their own line, CRLF line ends. Every span here indexes the original
string, so ``text[span.start:span.end]`` is always the exact passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_TERMINAL_END = re.compile(r"[.!?:;][\"”’)\]»]*\s*$")
_LOWER_START = re.compile(r"^\s*[a-zß-öø-ÿ(]")
_NEW_ITEM_START = re.compile(r"^\s*(?:[A-ZÀ-ÖØ-Þ0-9\"“‘«¿¡(•\-–*]|[a-z][.)]\s)")
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)\]»]*(?=\s|$)")
# Spanish opens questions and exclamations with ¿ ¡; French quotes with « »; capitals may bear accents.
_NEXT_STARTS_SENTENCE = re.compile(r"\s+(?:[\"“‘«¿¡(\[]?\s?[A-ZÀ-ÖØ-Þ0-9•\-–]|$)")
# Words after which a full stop does not end a sentence.
_ABBREVIATIONS_TEXT = (
    "mr mrs ms dr prof amb h.e no nos art arts para paras e.g i.e etc vs cf st u.s u.k u.n op "
    "ibid sect ch vol fig approx inc ltd co jr sr gen rev"
)
_ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())
_SALUTATION = re.compile(
    r"^\s*(?:(?:mr\.?|madam|madame|mister|distinguished|dear|excellencies|excellency|ladies"
    r"|colleagues|thank you|chair|chairperson|president"
    r"|señora?|excelencias|excelentísimos?|distinguid[oa]s|estimad[oa]s|muchas gracias|gracias"
    r"|monsieur|excellences|chers|chères|merci)\b[^.!?]{0,80})$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int
    concessive: bool = False  # "Despite ...", "Although ..." : conceded, not the main point
    contrast: bool = False  # "However, ...", "but ...": the speaker's main point
    item: bool = False  # an enumerated item: "b) participation in ..."


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    clauses: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    sentences: tuple[Sentence, ...]


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line without its line break."""
    out = []
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        line = m.group()
        out.append((m.start(), m.start() + len(line.rstrip("\r\n"))))
    return out


def paragraphs_spans(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blank lines separate; a line ending a sentence followed by a line that
    opens a new item separates; a paragraph that stops mid-sentence and resumes in lower case
    after a blank line (a page break) is joined."""
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for start, end in _lines(text):
        line = text[start:end]
        if not line.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        if current:
            prev = text[current[-1][0] : current[-1][1]]
            if (_TERMINAL_END.search(prev) or _SALUTATION.match(prev)) and _NEW_ITEM_START.match(
                line
            ):
                blocks.append(current)
                current = []
        current.append((start, end))
    if current:
        blocks.append(current)

    spans: list[tuple[int, int]] = []
    for block in blocks:
        start, end = block[0][0], block[-1][1]
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if spans:
            prev_start, prev_end = spans[-1]
            prev = text[prev_start:prev_end]
            if (
                not _TERMINAL_END.search(prev)
                and not _SALUTATION.match(prev)
                and _LOWER_START.match(text[start:end])
            ):
                spans[-1] = (prev_start, end)
                continue
        spans.append((start, end))
    return spans


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside [start, end)."""
    out = []
    cursor = start
    for m in _SENTENCE_END.finditer(text, start, end):
        stop = m.end()
        if not _NEXT_STARTS_SENTENCE.match(text, stop, end) and stop < end:
            continue
        word = re.search(r"([\w.]+)\.$", text[max(start, m.start() - 12) : m.start() + 1])
        if m.group().startswith(".") and word:
            w = word.group(1).casefold().rstrip(".")
            # "Mr.", "e.g.", "art." and initials ("S.") do not end a sentence.
            if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                continue
            if w.isdigit() and len(w) <= 2 and m.start() - cursor < 4:
                continue  # a paragraph number: "1. The convention ..."
        out.append((cursor, stop))
        cursor = stop
    if cursor < end:
        out.append((cursor, end))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


_CONCESSIVE_START = re.compile(
    r"^(?:despite|in spite of|although|though|while|whilst|even though|notwithstanding"
    r"|aunque|si bien|a pesar de|pese a|bien que|bien qu|malgré|même si|quoique)\b",
    re.IGNORECASE,
)
_CONTRAST_START = re.compile(
    r"^(?:however|but|nevertheless|nonetheless|yet|that said|at the same time"
    r"|sin embargo|no obstante|pero|por el contrario|en cambio|al mismo tiempo"
    r"|mais|cependant|toutefois|néanmoins|en revanche|par contre|en même temps)\b",
    re.IGNORECASE,
)
# "..., while (also) safeguarding X" after a main clause: doing two things at once, no concession.
_AT_ONCE = re.compile(r"(?:while|whilst)\s+(?:also\s+|at the same time\s+|fully\s+)?\w+ing\b", re.I)
# Always a clause boundary.
_HARD_SPLIT = re.compile(
    r";\s+|:\s+(?=\S)|,?\s+but\s+|,\s*however,\s*|,\s+(?:while|whereas|because)\s+|\s+whereas\s+"
    # The same in Spanish and French ("..., pero", "; sin embargo, ...", "..., mais").
    r"|,?\s+(?:pero|mais)\s+|,\s*(?:sin embargo|no obstante|cependant|toutefois|néanmoins),\s*"
    r"|,\s+(?:mientras que|aunque|porque|alors que|bien que|parce que|car)\s+"
    # "We welcome X and thank all those who ...": the thanks is a clause of its own.
    r"|,?\s+and\s+(?=(?:thank|congratulate|express (?:our|its|my) (?:gratitude|appreciation))\b)",
    re.IGNORECASE,
)
# A left part ending in a subject, an auxiliary or a negator has its verb after the aside.
_OPEN_VERB = re.compile(
    r"\b(?:we|i|it|they|not|do|does|did|is|are|would|should|will|can|could|must|may|has|have)$",
    re.IGNORECASE,
)
# Enumerated items inside a sentence: "a) training, b) preservation of data".
_LIST_ITEM = re.compile(r"(?:[,;:]\s*|\s)(\(?[a-h]\)|\(?[ivx]{1,4}\)|\(\d{1,2}\))\s+")
_ITEM_START = re.compile(r"(?:\(?[a-h]\)|\(?[ivx]{1,4}\)|\(\d{1,2}\))\s")
# A boundary only when a new clause (with its own verb) starts after it.
_SOFT_SPLIT = re.compile(r",\s+(?:and|or)\s+", re.IGNORECASE)
_VERBISH = re.compile(
    r"\b(?:should|must|shall|will|would|can|could|may|might|need|needs|is|are|was|were|be|"
    r"we|it|there|has|have|had|do|does)\b",
    re.IGNORECASE,
)


_THANKS_HEAD = re.compile(
    r"(?:thank you|thanks|(?:muchas\s+)?gracias|merci)(?:\s+(?:very|so) much|\s+beaucoup)?"
    r"(?:,?\s+(?:(?:mr\.?|madam|madame|mister|señora?|monsieur\s+le|madame\s+la)\s+)?"
    r"(?:chair|chairperson|chairman|chairwoman|president|presidenta?|présidente?)\b[,;:]?\s+"
    r"|[,;:]\s+)",
    re.IGNORECASE,
)


# "We thank the Chair and support X": after a thanks, "and" with a verb of stance opens a clause.
_THANKS_LEAD = re.compile(
    r"^(?:(?:we|i|my delegation|our delegation|the delegation of [\w ]{2,40}?)\s+)?"
    r"(?:would (?:also )?like to\s+|wish to\s+|also\s+)?(?:thank|congratulate)s?\b",
    re.IGNORECASE,
)
_AND_STANCE = re.compile(
    r",?\s+and\s+(?=(?:also\s+|fully\s+|strongly\s+)?(?:support|welcome|oppose|reject|believe"
    r"|consider|urge|call|stress|underline|reiterate|regret|share|endorse|object|cannot|can not)"
    r"\b)",
    re.IGNORECASE,
)


def clause_spans(text: str, start: int, end: int) -> list[Clause]:
    """Split a sentence into clauses at semicolons, "but", "however", "while", and at ", and"
    when what follows has its own verb."""
    cuts: list[tuple[int, int]] = []  # (end of left part, start of right part)
    for m in _HARD_SPLIT.finditer(text, start, end):
        # "We do not, however, see ...": an aside inside a verb phrase, not a new clause.
        if "however" in m.group().casefold() and _OPEN_VERB.search(text, start, m.start()):
            continue
        if m.start() > start:
            word = re.search(
                r"but|however|pero|sin embargo|no obstante|mais|cependant|toutefois|néanmoins",
                m.group(),
                re.IGNORECASE,
            )
            during = re.search(r"while|whilst", m.group(), re.IGNORECASE)
            if not word and during and _AT_ONCE.match(text, m.start() + during.start()):
                # ", while also safeguarding X": the cue begins with "while".
                word = during
            # Keep "but"/"however" at the head of the right part: it marks the main point.
            cuts.append((m.start(), m.start() + word.start() if word else m.end()))
    for m in _SOFT_SPLIT.finditer(text, start, end):
        window = text[m.end() : min(end, m.end() + 60)]
        if _VERBISH.search(" ".join(window.split()[:7])):
            cuts.append((m.start(), m.end()))
    for m in _LIST_ITEM.finditer(text, start, end):
        cuts.append((m.start(), m.start(1)))
    sentence = text[start:end]
    # "Thank you, Chair, Australia supports ...": the thanks is a clause of its own.
    thanks = _THANKS_HEAD.match(sentence)
    if thanks and thanks.end() < len(sentence):
        cuts.append((start + len(thanks.group().rstrip(" ,;:\t\r\n")), start + thanks.end()))
    if _THANKS_LEAD.match(sentence):
        after_thanks = _AND_STANCE.search(sentence)
        if after_thanks:
            cuts.append((start + after_thanks.start(), start + after_thanks.end()))
    concessive_head = _CONCESSIVE_START.match(sentence)
    if concessive_head:
        comma = sentence.find(",", concessive_head.end())
        if comma > 0:
            cuts.append((start + comma, start + comma + 1))
    cuts.sort()
    pieces: list[tuple[int, int]] = []
    cursor = start
    for left_end, right_start in cuts:
        if left_end <= cursor:
            continue
        pieces.append((cursor, left_end))
        cursor = right_start
    pieces.append((cursor, end))
    clauses = []
    for s, e in pieces:
        while s < e and (text[s].isspace() or text[s] in ",;:"):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
            e -= 1
        if s >= e:
            continue
        head = text[s:e]
        clauses.append(
            Clause(
                s,
                e,
                concessive=bool(_CONCESSIVE_START.match(head))
                and not (s > start and _AT_ONCE.match(head)),
                contrast=bool(_CONTRAST_START.match(head)),
                item=bool(_ITEM_START.match(head)),
            )
        )
    return clauses


def segment(text: str) -> list[Paragraph]:
    """Paragraphs, their sentences and the sentences' clauses, all with original offsets."""
    paragraphs = []
    for p_start, p_end in paragraphs_spans(text):
        sentences = []
        for s_start, s_end in sentence_spans(text, p_start, p_end):
            sentences.append(Sentence(s_start, s_end, tuple(clause_spans(text, s_start, s_end))))
        paragraphs.append(Paragraph(p_start, p_end, tuple(sentences)))
    return paragraphs
