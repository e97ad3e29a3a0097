"""The lexicon and the domain profile load from their data files, well formed."""

from extraction import lexicon
from extraction.domain import load_domain
from extraction.lexicon import CUE_POSITIONS, DIRECTIONS, load_cues


def test_every_cue_is_well_formed():
    cues, _sets = load_cues()
    assert len(cues) > 2000
    for phrase, position, strength, direction in cues:
        assert phrase == phrase.strip() and phrase
        assert position in CUE_POSITIONS
        assert direction in DIRECTIONS
        assert 0 <= strength <= 1


def test_generated_families_expand_in_slot_order():
    assert ("cannot have accept", "oppose", 0.88, "after") in lexicon.CUES
    assert "be left to national law" in lexicon.LEFT_TO_CUES
    assert "provided each" in lexicon.AFTER_COMMA_CUES


def test_word_sets_are_frozensets_and_weights_numbers():
    assert "not" in lexicon.NEGATORS
    assert isinstance(lexicon.NEGATORS, frozenset)
    assert lexicon.MAX_DISTANCE == 12


def test_domain_profile_holds_what_is_specific_to_the_negotiation():
    domain = load_domain("cybercrime")
    assert domain.instrument_issue == "new-instrument"
    assert domain.existing_instruments_issue == "budapest-convention"
    assert "cybercrime" in domain.anchors
    assert domain.other_instrument.match(" of the ICCPR")
    assert not hasattr(lexicon, "DOMAIN_ANCHORS")
