"""Who is speaking (``detect_delegation``), name normalisation and the header block."""

import pytest

from extraction import detect_delegation, normalise_name, split_header

ALIASES = {
    normalise_name(name): code
    for name, code in [
        ("Japan", "JPN"),
        ("the Japanese delegation", "JPN"),
        ("Japon", "JPN"),
        ("China", "CHN"),
        ("Chinese Delegation", "CHN"),
        ("United States of America", "USA"),
        ("United States", "USA"),
        ("Brazil", "BRA"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("Islamic Republic of Iran", "IRN"),
        ("Türkiye", "TUR"),
        ("European Union", "EU"),
    ]
}


def test_normalise_name():
    assert normalise_name("  The  Japanese   Delegation ") == "japanese delegation"
    assert normalise_name("Türkiye") == "turkiye"
    assert normalise_name("Iran (Islamic Republic of)") == "iran islamic republic of"
    assert normalise_name("Côte d’Ivoire") == "cote divoire"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Statement by the Representative of Japan\nat the First Session\n\nMadam Chair,", "JPN"),
        ("Statement by WANG Zhaoxue of the Chinese Delegation at the General Debate", "CHN"),
        ("Delegation: China\nForum: UNGA\n\nMr. Chairman, we thank Japan.", "CHN"),
        ("Déclaration du Japon\n\nMonsieur le Président,", "JPN"),
        ("Statement of the Islamic Republic of Iran to the Ad Hoc Committee", "IRN"),
        (
            "U.S. Statement as delivered by the United States\n\nMr. Chair, on the suggestion "
            "made by the delegation of Brazil, we sent an outline.",
            "USA",
        ),
        ("Statement on behalf of the European Union and its member States", "EU"),
        ("Statement by the Delegation of Türkiye", "TUR"),
        ("Madam Chair, thank you.", None),
    ],
)
def test_detect_delegation(text, code):
    assert detect_delegation(text, ALIASES) == code


def test_detect_delegation_prefers_the_speaker_over_a_name_in_the_title():
    text = "Cooperation with China: Statement by the Representative of Japan\n\nMr. Chair,"
    assert detect_delegation(text, ALIASES) == "JPN"


def test_split_header():
    text = "Delegation: Norway\r\nDate: 2018-05-14\r\n\r\nThank you Chair,\r\nWe support it."
    header, body, offset = split_header(text)
    assert header == {"Delegation": "Norway", "Date": "2018-05-14"}
    assert body == text[offset:]
    assert body.startswith("Thank you Chair,")


def test_split_header_without_header_returns_text_whole():
    text = "Madam Chair,\n\nWe support the convention."
    assert split_header(text) == ({}, text, 0)
    assert split_header("") == ({}, "", 0)


def test_split_header_value_with_colon_and_url():
    text = "Source: http://example.org/a:b\nSession: AHC-1: general debate\n\nBody."
    header, body, offset = split_header(text)
    assert header["Source"] == "http://example.org/a:b"
    assert header["Session"] == "AHC-1: general debate"
    assert body == "Body."
