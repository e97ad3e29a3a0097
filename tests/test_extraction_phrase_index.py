"""PhraseIndex: matching one token list against several automata, as the extractor does."""

from extraction.text import PhraseIndex, tokenize


def index_of(phrases, skip=()):
    index = PhraseIndex(skip=skip)
    for phrase in phrases:
        index.add(phrase, phrase)
    return index


def found(index, tokens):
    return [(m.first, m.last, m.payload) for m in index.find(tokens)]


def test_one_token_list_matched_by_automata_with_other_skip_words_gets_each_its_own_matches():
    tokens = tokenize("We do not, however, support the transfer of proceedings.")
    plain = index_of(["not however support", "transfer of proceedings"])
    skipping = index_of(["not support"], skip=("however",))

    # Alternating, as the extractor matches provisions, cues, markers and names on one list.
    for _ in range(2):
        assert found(plain, tokens) == [
            (2, 4, "not however support"),
            (6, 8, "transfer of proceedings"),
        ]
        assert found(skipping, tokens) == [(2, 4, "not support")]


def test_another_token_list_of_the_same_length_is_read_afresh():
    plain = index_of(["criminal proceedings"])
    first = tokenize("We support criminal proceedings.")
    second = tokenize("We oppose criminal sanctions.")

    assert found(plain, first) == [(2, 3, "criminal proceedings")]
    assert found(plain, second) == []
    assert found(plain, list(first)) == [(2, 3, "criminal proceedings")]  # a copy: same matches
