"""Markup of long lists written in Python, the same as the templates wrote it.

A delegation or provision page lists hundreds of rows; through the template each row paid for
its `{% url %}`, `|date` and `|truncatechars` (half of the page's time at a million stances).
These helpers write the same text at a fraction of the cost: the views build a row's markup
with them and escape every value they put in it.
"""

import unicodedata

from django.utils.dates import MONTHS_3
from django.utils.text import Truncator


class Dates:
    """Dates as the `date` filter writes them, with the month names translated once (per page,
    so they follow the active language)."""

    def __init__(self):
        # What `DateFormat.M()` returns: the abbreviated month, capitalised.
        self.months = {month: MONTHS_3[month].title() for month in MONTHS_3}

    def day_month_year(self, value) -> str:
        """`value|date:"j M Y"`: "3 Dec 2026"."""
        return f"{value.day} {self.months[value.month]} {value.year:04d}"

    @staticmethod
    def year(value) -> str:
        """`value|date:"Y"`."""
        return f"{value.year:04d}"


def truncate_chars(text: str, length: int) -> str:
    """`text|truncatechars:length` (before escaping): cut to `length` characters with an
    ellipsis. Text without combining characters (nearly all) is cut here; other text goes
    through Django's Truncator, which does not count them."""
    text = unicodedata.normalize("NFC", text)
    if len(text) <= length:
        return text
    if text.isascii() or not any(unicodedata.combining(char) for char in text):
        return text[: length - 1] + "…"
    return Truncator(text).chars(length)


def page_links(request, page, param: str, anchor: str) -> dict:
    """Previous, numbered and next links of `page` (a Django `Page`) in the query parameter
    `param`, keeping the request's other parameters, each ending in `#anchor` so that it opens
    on its own section of the page."""
    params = request.GET.copy()

    def url(number) -> str:
        params[param] = number
        return f"?{params.urlencode()}#{anchor}"

    paginator = page.paginator
    return {
        "previous": url(page.previous_page_number()) if page.has_previous() else "",
        "next": url(page.next_page_number()) if page.has_next() else "",
        "numbers": [
            (number, "" if number == paginator.ELLIPSIS else url(number))
            for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ],
    }
