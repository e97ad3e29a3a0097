"""What an uploaded statement says about itself: a title, a date and a speaker to suggest.

Staff upload first and fill in the details after; these guesses fill the boxes they left empty,
for them to check. Pure functions over the extracted text; nothing is saved from here.
"""

import datetime
import re
from dataclasses import dataclass

from extraction.speaker import split_header

_HEAD_CHARS = 1500  # statements say who, when and what in their first lines
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Spanish and French month names: statements in both are read, and dated in their own words
# ("2 de septiembre de 2023", "le 10 janvier 2023"). Accents are optional, as typed.
_MONTHS.update(
    {
        name: number
        for number, names in enumerate(
            [
                ("enero", "janvier"),
                ("febrero", "février", "fevrier"),
                ("marzo", "mars"),
                ("abril", "avril"),
                ("mayo", "mai"),
                ("junio", "juin"),
                ("julio", "juillet"),
                ("agosto", "août", "aout"),
                ("septiembre", "setiembre", "septembre"),
                ("octubre", "octobre"),
                ("noviembre", "novembre"),
                ("diciembre", "décembre", "decembre"),
            ],
            start=1,
        )
        for name in names
    }
)
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|º|°)?\s+(?:de\s+)?({_MONTH})\.?,?\s+(?:de\s+)?(\d{{4}})\b",
    re.I,
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SPEAKER = re.compile(
    r"\b(?:delivered|presented|read out|made)\s+by\s+(?P<name>[^\n,;]{3,120})", re.IGNORECASE
)
_SALUTATION = re.compile(r"^\s*(?:mr\.?|madam|madame|thank you|excellenc|distinguished)", re.I)
_TITLE_MAX = 200
_HEADER_KEYS = {
    "title": ("title", "subject"),
    "date": ("date", "delivered on", "delivered"),
    "speaker": ("speaker", "delivered by", "by"),
}


@dataclass(frozen=True)
class Suggestions:
    """Guesses for a statement's details from its text; empty where the text says nothing."""

    title: str = ""
    delivered_on: datetime.date | None = None
    speaker: str = ""


def _date(text: str) -> datetime.date | None:
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy"), (_ISO, "ymd")):
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups(), strict=True))
            month = parts["m"]
            month = int(month) if month.isdigit() else _MONTHS[month.lower()]
            try:
                return datetime.date(int(parts["y"]), month, int(parts["d"]))
            except ValueError:
                continue
    return None


def _header_value(header: dict[str, str], field: str) -> str:
    folded = {key.casefold(): value for key, value in header.items()}
    return next((folded[key] for key in _HEADER_KEYS[field] if folded.get(key)), "")


def statement_suggestions(text: str) -> Suggestions:
    """A title (a "Title:" header line, else the first line that is not a salutation), a date
    (a "Date:" header, else the first date written out in the opening) and a speaker ("Speaker:",
    or "delivered by ...") from the opening of a statement's text."""
    header, body, _ = split_header(text[: _HEAD_CHARS * 2])
    head = (body or text)[:_HEAD_CHARS]
    title = _header_value(header, "title")
    if not title:
        for line in head.splitlines():
            line = " ".join(line.split())
            if not line:
                continue
            if not _SALUTATION.match(line) and len(line) <= _TITLE_MAX:
                title = line.rstrip(":")
            break
    delivered_on = _date(_header_value(header, "date")) or _date(head)
    speaker = _header_value(header, "speaker")
    if not speaker and (match := _SPEAKER.search(head)):
        # "delivered by Mr. X on 10 January 2023": the name stops before the date.
        speaker = re.split(r"\s+on\s+(?=\d|[A-Z])", match.group("name"))[0].strip().rstrip(".")
    return Suggestions(title=title[:_TITLE_MAX], delivered_on=delivered_on, speaker=speaker[:200])
