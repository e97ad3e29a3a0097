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


def _langdetect_itself(text):
    from langdetect import DetectorFactory, detector_factory
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    detector_factory.init_factory()
    detector = detector_factory._factory.create()
    detector.append(text)
    try:
        return [(lang.lang, lang.prob) for lang in detector.get_probabilities()]
    except LangDetectException:
        return None


def test_the_fast_detector_answers_what_langdetect_answers_float_for_float():
    from langdetect import DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    from extraction import langdetect_fast

    DetectorFactory.seed = 0  # as `language._detected` sets it
    texts = [
        ENGLISH,
        SPANISH,
        FRENCH,
        f"{FRENCH}\n\n{ENGLISH}",
        "Die Bundesrepublik Deutschland unterstützt den Entwurf des Übereinkommens nachdrücklich.",
        "Россия поддерживает проект конвенции о противодействии использованию ИКТ в преступных целях.",
        "中国代表团支持公约草案关于国际合作的章节，并愿意与各方共同努力。",
        "日本政府は、サイバー犯罪に関する条約案の国際協力の章を支持します。",
        "대한민국 대표단은 협약 초안의 국제 협력 장을 지지합니다.",
        "تؤيد المملكة العربية السعودية مشروع الاتفاقية بشأن مكافحة الجرائم الإلكترونية.",
        "Việt Nam ủng hộ dự thảo công ước về hợp tác quốc tế phòng chống tội phạm mạng.",
        "THE EU AND ITS MEMBER STATES SUPPORT ARTICLE 35 (see https://example.org/x?y=1, mail@ex.org)",
        "  Spaces   everywhere,\tand tabs;  1234 numbers — and dashes…  ",
        "România susține articolul: șapte țări, ţări și şapte.",
        "12345 67890 !!! ???",
    ]
    for text in texts:
        try:
            fast = [(lang.lang, lang.prob) for lang in langdetect_fast.get_probabilities(text)]
        except LangDetectException:
            fast = None
        assert fast == _langdetect_itself(text), text
