"""Language detection offline: stored on the statement; unread languages yield no proposals."""

from extraction.language import detect_language, keep_readable, language_name
from extraction.segment import paragraphs_spans
from tests.extraction_helpers import default_extractor

ENGLISH = (
    "We strongly support the chapter on international cooperation and mutual legal assistance."
)
SPANISH = (
    "Colombia celebra la adopción de la Convención y apoya plenamente la cooperación "
    "internacional contra el ciberdelito."
)
FRENCH = (
    "Le Canada est fier d’être déjà partie à la Convention de Budapest et soutient la "
    "coopération internationale."
)


def test_short_real_looking_snippets_are_told_apart():
    assert detect_language(ENGLISH) == "en"
    assert detect_language(SPANISH) == "es"
    assert detect_language(FRENCH) == "fr"
    assert language_name("fr") == "French"


def test_too_short_to_tell_is_unknown():
    assert detect_language("Thank you, Chair.") is None


def test_detection_is_repeatable():
    assert {detect_language(SPANISH) for _ in range(5)} == {"es"}


def test_a_statement_in_spanish_yields_no_proposals():
    assert default_extractor().extract(SPANISH + "\n\n" + SPANISH) == []


def test_the_english_half_of_a_bilingual_statement_is_read():
    text = f"{FRENCH}\n\n{FRENCH}\n\n{ENGLISH}\n\n{FRENCH}"
    masked, main = keep_readable(text, paragraphs_spans(text))
    assert main == "fr"
    assert len(masked) == len(text)
    assert ENGLISH in masked and "Canada" not in masked

    found = default_extractor().extract(text)
    assert ("international-cooperation", "support") in {(c.provision, c.position) for c in found}
    for c in found:
        assert c.evidence == text[c.start : c.end]
