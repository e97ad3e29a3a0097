"""positions.statement_suggestions: title, date and speaker guessed from a statement's opening."""

import datetime

import pytest

from positions.statement_suggestions import statement_suggestions


def test_header_lines_give_title_date_and_speaker():
    text = (
        "Title: Statement of Japan on chapter IV\nDate: 10 January 2023\n"
        "Speaker: Mr. Taro Example\n\nThank you, Chair."
    )
    found = statement_suggestions(text)
    assert found.title == "Statement of Japan on chapter IV"
    assert found.delivered_on == datetime.date(2023, 1, 10)
    assert found.speaker == "Mr. Taro Example"


def test_first_line_date_in_words_and_delivered_by():
    text = (
        "Statement by the Representative of Japan\n"
        "Delivered by H.E. Ms. Hanako Example, Ambassador, on February 28, 2022\n\n"
        "Madam Chair, Japan supports the draft."
    )
    found = statement_suggestions(text)
    assert found.title == "Statement by the Representative of Japan"
    assert found.delivered_on == datetime.date(2022, 2, 28)
    assert found.speaker == "H.E. Ms. Hanako Example"


def test_iso_dates_and_ordinals():
    assert statement_suggestions("Note\n2024-08-08").delivered_on == datetime.date(2024, 8, 8)
    assert statement_suggestions("Note\n3rd Sept. 2021").delivered_on == datetime.date(2021, 9, 3)


def test_a_text_that_opens_with_a_salutation_suggests_no_title():
    found = statement_suggestions("Mr. Chair,\nJapan supports the draft.")
    assert found.title == ""
    assert found.delivered_on is None and found.speaker == ""


def test_impossible_dates_are_skipped():
    assert statement_suggestions("X\n31 February 2022, then 1 March 2022").delivered_on == (
        datetime.date(2022, 3, 1)
    )


def test_the_speaker_stops_before_the_date():
    found = statement_suggestions("T\nDelivered by Mr. Taro Example on 10 January 2023\n")
    assert found.speaker == "Mr. Taro Example"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Declaración de México\n2 de septiembre de 2023", datetime.date(2023, 9, 2)),
        ("Intervención\nViena, 15 de Mayo, 2022", datetime.date(2022, 5, 15)),
        ("Déclaration de la France\nle 10 janvier 2023", datetime.date(2023, 1, 10)),
        ("Déclaration\nVienne, 1er février 2022", datetime.date(2022, 2, 1)),
        ("Déclaration\n1er aout 2024", datetime.date(2024, 8, 1)),
    ],
)
def test_spanish_and_french_dates(text, day):
    assert statement_suggestions(text).delivered_on == day
