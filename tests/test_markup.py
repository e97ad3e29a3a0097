"""analysis.markup: the lists the delegation and provision pages write in Python say exactly
what the template filters said."""

import datetime

import pytest
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from django.utils import translation

from analysis.markup import Dates, truncate_chars

DAYS = [
    datetime.date(2026, 12, 3),
    datetime.date(2015, 5, 1),
    datetime.date(2023, 9, 30),
    datetime.date(999, 1, 9),  # "Y" pads the year to four digits
    *(datetime.date(2024, month, 28) for month in range(1, 13)),
]


@pytest.mark.parametrize("day", DAYS)
def test_dates_read_as_the_date_filter_writes_them(day):
    dates = Dates()
    assert dates.day_month_year(day) == date_filter(day, "j M Y")
    assert dates.year(day) == date_filter(day, "Y")


def test_month_names_follow_the_active_language():
    with translation.override("fr"):
        assert Dates().day_month_year(datetime.date(2024, 2, 1)) == date_filter(
            datetime.date(2024, 2, 1), "j M Y"
        )


TEXTS = [
    "",
    "Short.",
    "x" * 160,
    "x" * 161,
    "We support the article as drafted, " * 10,
    "Nous appuyons l’article tel qu’il est rédigé, " * 6,  # not ASCII, nothing combining
    "Cafe\u0301 " * 60,  # combining accents, which do not count (and NFC composes)
    "a\u0308\u0323" * 200,  # two combining marks per letter, one without a composed form
    "ℌ𝔢𝔩𝔩𝔬 " * 40,
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("length", [1, 2, 20, 160])
def test_truncate_chars_cuts_as_truncatechars(text, length):
    assert truncate_chars(text, length) == truncatechars(text, length)
