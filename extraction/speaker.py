"""Who is speaking, and the header block of a statement file."""

from __future__ import annotations

import re
from collections.abc import Mapping

# One normalisation for the whole project: the alias table stores names folded by it, and
# detect_delegation folds the heading the same way (pure Python, no Django).
from .names import normalise_name

_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z0-9 _\-/]{0,40}):[ \t]*(.*)")
# Where a heading ends: the first salutation starts the speech itself.
_SALUTATION = re.compile(
    r"^\s*(?:mr\.?|madam|madame|mister|your excellenc\w*|excellencies|distinguished|"
    r"thank you|good (?:morning|afternoon)|ladies)\b",
    re.IGNORECASE | re.MULTILINE,
)
_HEADING_LIMIT = 1500
# Words before a name in a heading that say it is the speaker ("... of Japan", "by China").
_SPEAKER_BEFORE = ("delegation ", "of ", "by ", "for ", "from ")
_SPEAKER_AFTER = (" delegation", " statement", " mission", " representative")


def split_header(text: str) -> tuple[dict[str, str], str, int]:
    """Split "Key: value" header lines, a blank line, then the body.

    Returns ``(header, body, offset)`` with ``body == text[offset:]``. A text that does not open
    with a header block comes back whole: ``({}, text, 0)``.
    """
    header: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        line = text[pos:line_end].rstrip("\r")
        next_pos = len(text) if nl < 0 else nl + 1
        if not line.strip():
            if header:
                # Skip further blank lines: the body starts at its first non-blank line.
                while next_pos < len(text):
                    nl2 = text.find("\n", next_pos)
                    candidate = text[next_pos : len(text) if nl2 < 0 else nl2]
                    if candidate.strip():
                        break
                    next_pos = len(text) if nl2 < 0 else nl2 + 1
                return header, text[next_pos:], next_pos
            return {}, text, 0
        m = _HEADER_LINE.fullmatch(line.strip())
        if not m:
            return {}, text, 0
        header[m.group(1).strip()] = m.group(2).strip()
        pos = next_pos
    return ({}, text, 0) if not header else (header, "", len(text))


def detect_delegation(text: str, aliases: Mapping[str, str]) -> str | None:
    """The code of the delegation speaking, from the heading of a statement.

    Looks for a "Delegation: X" header line first, then for names from ``aliases`` (normalised
    alias -> code) in the heading, preferring a name introduced as the speaker ("Statement by
    the Representative of Japan", "of the Chinese Delegation"). Returns ``None`` if no alias
    appears in the heading.
    """
    norm_aliases = {normalise_name(k): v for k, v in aliases.items() if normalise_name(k)}
    if not norm_aliases:
        return None
    for line in text.splitlines()[:20]:
        m = _HEADER_LINE.fullmatch(line.strip())
        if m and normalise_name(m.group(1)) in {"delegation", "speaker", "country"}:
            code = norm_aliases.get(normalise_name(m.group(2)))
            if code:
                return code
    salutation = _SALUTATION.search(text, 0, _HEADING_LIMIT)
    heading = text[: salutation.start() if salutation else _HEADING_LIMIT]
    padded = f" {normalise_name(heading)} "
    best: tuple[int, int, int, str] | None = None  # (speaker-marked, -position, length, code)
    for alias, code in norm_aliases.items():
        needle = f" {alias} "
        pos = padded.find(needle)
        while pos >= 0:
            before = padded[max(0, pos - 20) : pos + 1]
            after = padded[pos + len(needle) - 1 : pos + len(needle) + 20]
            # "of Japan" / "by China" name the speaker more surely than "Japan statement".
            marked = (
                2 if before.endswith(_SPEAKER_BEFORE) else int(after.startswith(_SPEAKER_AFTER))
            )
            key = (marked, -pos, len(alias), code)
            if best is None or key[:3] > best[:3]:
                best = key
            pos = padded.find(needle, pos + 1)
    return best[3] if best else None
