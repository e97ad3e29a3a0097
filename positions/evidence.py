"""Where a quoted passage sits in a statement, and the statement text with passages marked.

Pure functions over strings; the services store what `evidence_locate` finds, the statement page
renders `evidence_highlight`, the stance page and the review queue `evidence_in_context`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def evidence_locate(text: str, passage: str) -> Span | None:
    """The first place `passage` occurs in `text`, or None.

    An exact match wins. Otherwise runs of whitespace (spaces, line breaks) are treated as equal
    whatever their length, and curly and straight quotes as the same, so a passage copied from a
    reflowed page still matches. `text[span.start:span.end]` is what to store as the evidence.
    """
    passage = passage.strip()
    if not passage:
        return None
    index = text.find(passage)
    if index >= 0:
        return Span(index, index + len(passage))
    words = passage.translate(_QUOTES).split()
    pattern = r"\s+".join(re.escape(word) for word in words)
    match = re.search(pattern, text.translate(_QUOTES))  # same length: offsets carry over
    if match:
        return Span(match.start(), match.end())
    return None


CONTEXT_CHARS = 400  # at most this much text either side of the evidence
_BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n")  # paragraphs; text from browsers has CRLF


@dataclass(frozen=True)
class EvidenceInContext:
    """The paragraph around a passage, split so a template can mark the passage."""

    before: str
    evidence: str
    after: str
    clipped_before: bool
    clipped_after: bool


def evidence_in_context(text: str, start: int | None, end: int | None) -> EvidenceInContext | None:
    """The paragraph of `text` holding `text[start:end]`, clipped to `CONTEXT_CHARS` either side.

    None when there is no passage (no offsets).
    """
    if start is None or end is None:
        return None
    para_start = 0
    for blank in _BLANK_LINE.finditer(text, 0, start):
        para_start = blank.end()
    following = _BLANK_LINE.search(text, end)
    para_end = following.start() if following else len(text)
    lo, hi = max(para_start, start - CONTEXT_CHARS), min(para_end, end + CONTEXT_CHARS)
    return EvidenceInContext(
        before=text[lo:start],
        evidence=text[start:end],
        after=text[end:hi],
        clipped_before=lo > para_start,
        clipped_after=hi < para_end,
    )


def stance_evidence(stance) -> EvidenceInContext | None:
    """The paragraph around a stance's evidence in its statement (None without evidence)."""
    if stance.statement_id is None:
        return None
    return evidence_in_context(stance.statement.text, stance.evidence_start, stance.evidence_end)


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    url: str
    label: str
    css: str = ""
    kind: str = "evidence"  # the <mark> class: "evidence" (a stance) or "proposal" (to review)


def evidence_highlight(text: str, marks: Iterable[Mark]) -> SafeString:
    """The escaped text with each mark's span wrapped in `<mark><a href=url>`.

    Overlapping spans are cut at every boundary; a piece covered by several marks links to the
    first (by start; an "evidence" mark before a "proposal") and names them all in its title. Text is escaped piece by piece.
    """
    marks = sorted(
        (m for m in marks if 0 <= m.start < m.end <= len(text)), key=lambda m: (m.start, m.end)
    )
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        piece = text[start:end]
        covering = [m for m in marks if m.start <= start and end <= m.end]
        if not covering:
            out.append(conditional_escape(piece))
            continue
        # A confirmed stance's mark shows over a proposal's on the same words.
        first = min(covering, key=lambda m: m.kind != "evidence")
        out.append(
            format_html(
                '<mark class="{} {}" title="{}"><a href="{}">{}</a></mark>',
                first.kind,
                first.css,
                "; ".join(m.label for m in covering),
                first.url,
                piece,
            )
        )
    return mark_safe("".join(out))
