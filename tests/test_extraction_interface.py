"""The extractor's public interface: what other code relies on."""

import dataclasses

import pytest

from extraction import (
    Candidate,
    Extractor,
    ProvisionSpec,
    extract,
    lexicon,
)
from extraction.text import phrase_key, stem
from tests.extraction_helpers import default_extractor, load_provisions

TOY = (
    ProvisionSpec(
        slug="transfer-of-proceedings",
        kind="issue",
        title="Transfer of criminal proceedings",
        keywords=("transfer of prosecution",),
        related=("art-39",),
    ),
    ProvisionSpec(
        slug="art-39",
        kind="article",
        title="Transfer of criminal proceedings",
        number=39,
        related=("transfer-of-proceedings",),
        parent="ch-5",
    ),
    ProvisionSpec(slug="ch-5", kind="chapter", title="International cooperation", number=5),
)


def test_dataclasses_are_frozen():
    candidate = Candidate("x", "support", "e", 0, 1, 0.5, "support")
    with pytest.raises(dataclasses.FrozenInstanceError):
        candidate.position = "oppose"
    with pytest.raises(dataclasses.FrozenInstanceError):
        TOY[0].slug = "y"


def test_extract_convenience_matches_extractor():
    text = "We object to the transfer of prosecutions in this convention."
    assert extract(text, TOY) == Extractor(TOY).extract(text)


def test_keywords_match_inflections():
    extractor = Extractor(
        [ProvisionSpec("crim", "issue", "Criminalization", keywords=("criminalize",))]
    )
    for word in ("criminalization", "criminalising", "criminalizes", "criminalised"):
        found = extractor.extract(f"We support the {word} of these acts.")
        assert [c.provision for c in found] == ["crim"], word


def test_one_candidate_per_provision_sorted_by_start():
    text = (
        "We support the transfer of prosecution. We strongly support article 39. "
        "We welcome chapter V."
    )
    found = Extractor(TOY).extract(text)
    slugs = [c.provision for c in found]
    assert len(slugs) == len(set(slugs))
    assert [c.start for c in found] == sorted(c.start for c in found)
    assert {"transfer-of-proceedings", "art-39", "ch-5"} <= set(slugs)


def test_empty_and_blank_texts():
    assert Extractor(TOY).extract("") == []
    assert Extractor(TOY).extract("   \n\n  ") == []
    assert Extractor([]).extract("We support everything.") == []


def test_thousands_of_keywords_compile_and_match():
    provisions = [
        ProvisionSpec(f"p{i}", "issue", f"Topic {i}", keywords=(f"zeta{i} measure", f"omega{i}"))
        for i in range(3000)
    ]
    found = Extractor(provisions).extract("We support zeta2999 measures in cyberspace.")
    assert [(c.provision, c.position) for c in found] == [("p2999", "support")]


def test_cue_phrases_contain_no_skipped_word():
    # A skipped word inside a cue would silently shorten it ("clearly define" -> "define").
    for phrase, *_ in lexicon.CUES:
        words = phrase.split()
        assert not set(words) & lexicon.CUE_SKIP_WORDS, phrase


def test_stemmer_groups_inflections():
    assert stem("criminalization") == stem("criminalize") == stem("criminalising")
    assert stem("transferred") == stem("transfer")
    assert phrase_key("transfer of the prisoners", lexicon.KEYWORD_SKIP_WORDS) == phrase_key(
        "transfer of prisoners", lexicon.KEYWORD_SKIP_WORDS
    )


def test_helper_builds_linked_provisions():
    provisions = {p.slug: p for p in load_provisions()}
    assert len([p for p in provisions.values() if p.kind == "issue"]) == 23
    assert provisions["art-39"].related == ("transfer-of-proceedings",)
    assert "art-44" in provisions["mutual-legal-assistance"].related
    assert provisions["art-39"].parent == "ch-5"
    assert all(provisions[s].keywords for s in provisions if provisions[s].kind == "issue")
    assert default_extractor().kind_of("art-1") == "article"


def test_the_speaker_named_in_the_third_person_is_not_another_party():
    text = (
        "The delegation of Cuba has always advocated for a comprehensive convention on cybercrime."
    )
    extractor = default_extractor()

    assert extractor.extract(text) == []
    found = extractor.extract(text, speaker=("Cuba", "Republic of Cuba"))
    assert [(c.provision, c.position) for c in found] == [("new-instrument", "support")]


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("Cuba will sign the Convention today.", "support"),
        (
            "Cuba signs this Convention today because the harm does not stop at our shores.",
            "support",
        ),
        ("Cuba intends to ratify the Convention as soon as its procedures allow.", "support"),
        ("Cuba is not ready to sign this Convention.", "oppose"),
    ],
)
def test_the_speaker_signing_or_refusing_to_sign_in_the_third_person(text, position):
    """ "We will sign" and "Cuba will sign", said by Cuba, are the same act; said by another
    party, or with another subject ("many States will sign"), they say nothing of the speaker."""
    extractor = default_extractor()

    found = extractor.extract(text, speaker=("Cuba",))
    assert [(c.provision, c.position) for c in found] == [("new-instrument", position)]
    assert extractor.extract(text, speaker=("Japan",)) == []
    assert extractor.extract("Many States will sign the Convention today.", speaker=("Cuba",)) == []
