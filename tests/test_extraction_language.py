"""Language detection offline: stored on the statement; English, Spanish and French are read,
other languages yield no proposals; the learned layer reads English only."""

from extraction import Extractor
from extraction.language import (
    LEARNED_LANGUAGES,
    SUPPORTED_LANGUAGES,
    detect_language,
    keep_readable,
    language_name,
)
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
PORTUGUESE = (
    "O Brasil apoia plenamente a cooperação internacional contra o crime cibernético e a "
    "assistência técnica aos países em desenvolvimento."
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


def test_english_spanish_and_french_are_read_by_the_rules_and_english_alone_by_the_heads():
    assert {"en", "es", "fr"} == SUPPORTED_LANGUAGES
    assert {"en"} == LEARNED_LANGUAGES


def test_a_statement_in_spanish_or_french_yields_proposals():
    for text in (SPANISH, FRENCH):
        found = default_extractor().extract(text + "\n\n" + text)
        assert ("international-cooperation", "support") in {
            (c.provision, c.position) for c in found
        }


def test_a_statement_in_a_language_not_read_yields_no_proposals():
    assert detect_language(PORTUGUESE) == "pt"
    assert default_extractor().extract(PORTUGUESE + "\n\n" + PORTUGUESE) == []


def test_the_english_half_of_a_bilingual_statement_is_read():
    text = f"{PORTUGUESE}\n\n{PORTUGUESE}\n\n{ENGLISH}\n\n{PORTUGUESE}"
    masked, main = keep_readable(text, paragraphs_spans(text))
    assert main == "pt"
    assert len(masked) == len(text)
    assert ENGLISH in masked and "Brasil" not in masked

    found = default_extractor().extract(text)
    assert ("international-cooperation", "support") in {(c.provision, c.position) for c in found}
    for c in found:
        assert c.evidence == text[c.start : c.end]


def test_a_spanish_paragraph_in_an_english_statement_is_read_in_spanish():
    spanish = (
        "Asimismo, mi delegación se opone a la remisión de actuaciones penales, que no tiene "
        "cabida en este instrumento."
    )
    text = f"{ENGLISH}\n\n{spanish}"
    masked, main = keep_readable(text, paragraphs_spans(text))
    assert masked == text

    found = {(c.provision, c.position) for c in default_extractor().extract(text)}
    assert ("transfer-of-proceedings", "oppose") in found
    assert ("international-cooperation", "support") in found


class _RecordingLayer:
    """A learned layer that records the texts it is given and adds nothing."""

    def __init__(self):
        self.texts = []

    def add(self, extractor, text, candidates, speaker, reading=None):
        self.texts.append(text)
        return candidates


def test_the_learned_layer_reads_english_statements_only():
    base = default_extractor()
    layer = _RecordingLayer()
    extractor = Extractor(base.provisions, learned=layer)

    extractor.extract(f"{ENGLISH}\n\n{ENGLISH}")
    spanish = extractor.extract(f"{SPANISH}\n\n{SPANISH}")
    extractor.extract(f"{FRENCH}\n\n{FRENCH}")

    assert len(layer.texts) == 1 and "We strongly support" in layer.texts[0]
    assert spanish == base.extract(f"{SPANISH}\n\n{SPANISH}")  # the rules alone


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
