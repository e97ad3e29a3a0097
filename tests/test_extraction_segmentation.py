"""Segmentation keeps offsets into the original text, whatever its line breaks."""

import pytest

from extraction.segment import segment
from tests.extraction_helpers import default_extractor

PDF_TEXT = (
    "Madam Chair,\n"
    "\n"
    "1. My delegation supports the chapter on international cooperation. We believe that\n"
    "mutual legal assistance is essential for the effective investigation of cybercrime,\n"
    "and we object to the inclusion of the transfer of sentenced persons in the\n"
    "\n"
    "convention, which is not the right place for it.\n"
    "\n"
    "Page 2 of 3\n"
)


def _spans(text):
    return [[text[s.start : s.end] for s in p.sentences] for p in segment(text)]


def test_salutation_is_its_own_paragraph_and_page_break_is_joined():
    paragraphs = _spans(PDF_TEXT)
    assert paragraphs[0] == ["Madam Chair,"]
    body = paragraphs[1]
    assert body[0] == "1. My delegation supports the chapter on international cooperation."
    assert body[1].startswith("We believe that\nmutual legal assistance")
    assert body[1].endswith("which is not the right place for it.")


def test_abbreviations_do_not_end_sentences():
    text = "Mr. Chair, we support Art. 24 and draft art. 6(2). Thank you, H.E. Ambassador."
    sentences = _spans(text)[0]
    assert sentences == [
        "Mr. Chair, we support Art. 24 and draft art. 6(2).",
        "Thank you, H.E. Ambassador.",
    ]


def test_clauses_split_at_however_and_semicolons():
    text = "We support X; we oppose Y, however, we could accept Z."
    clauses = [text[c.start : c.end] for c in segment(text)[0].sentences[0].clauses]
    assert clauses == ["We support X", "we oppose Y", "however, we could accept Z."]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_evidence_is_exact_slice_with_any_line_breaks(newline):
    text = PDF_TEXT.replace("\n", newline)
    candidates = default_extractor().extract(text)
    assert {(c.provision, c.position) for c in candidates} >= {
        ("mutual-legal-assistance", "support"),
        ("transfer-of-sentenced-persons", "oppose"),
    }
    for c in candidates:
        assert c.evidence == text[c.start : c.end]
        assert c.evidence == c.evidence.strip()


def test_offsets_cover_text_without_overlap():
    text = "First point.  Second point!\r\n\r\nThird, a new paragraph? Yes."
    previous_end = 0
    for paragraph in segment(text):
        for sentence in paragraph.sentences:
            assert sentence.start >= previous_end
            assert (
                text[sentence.start : sentence.end].strip() == text[sentence.start : sentence.end]
            )
            previous_end = sentence.end
