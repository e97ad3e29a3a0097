"""One proposal per passage (issue 15, item 7), with ``Extractor(one_per_passage=True)``.

Without it, "We support article 37" is proposed for the article and again for its issue, and
reviewers decide twice. With it, one provision of the family (an issue, its articles, their
chapter) is proposed per passage and the others are noted on it (``Candidate.also`` and the cue's
"(also ...)"): the article where the passage names it ("article 39", "art. 39", "draft article
39"), else the issue. ``Extractor.in_kinds`` reads a named article's proposal as the issue it
notes, so hand-labelled data (which records issues) scores it as before.
"""

from functools import cache

import pytest

from extraction import Extractor
from tests.extraction_helpers import default_extractor, load_provisions


@cache
def merging() -> Extractor:
    return Extractor(load_provisions(), one_per_passage=True)


def read(text: str, extractor: Extractor | None = None) -> dict[str, tuple[str, str, tuple]]:
    return {
        c.provision: (c.position, c.cue, c.also) for c in (extractor or merging()).extract(text)
    }


@pytest.mark.parametrize(
    ("text", "issue", "position", "article"),
    [
        (
            "My delegation supports the transfer of criminal proceedings between States Parties.",
            "transfer-of-proceedings",
            "support",
            "art-39",
        ),
        (
            "We object to the transfer of sentenced persons.",
            "transfer-of-sentenced-persons",
            "oppose",
            "art-38",
        ),
        ("We welcome chapter VII as a whole.", "technical-assistance", "support", "ch-7"),
    ],
)
def test_an_unnamed_article_is_noted_on_its_issue(text, issue, position, article):
    found = read(text)
    assert set(found) == {issue}
    assert found[issue][0] == position
    assert found[issue][1].endswith(f"(also {article})")
    assert found[issue][2] == (article,)
    # Without the option both are proposed, as before.
    assert {issue, article} <= set(read(text, default_extractor()))


@pytest.mark.parametrize(
    ("text", "article", "position", "issue"),
    [
        (
            "We can accept article 38 as drafted.",
            "art-38",
            "support",
            "transfer-of-sentenced-persons",
        ),
        ("We object to art. 39.", "art-39", "oppose", "transfer-of-proceedings"),
        (
            "We propose to delete draft article 39(2), which goes beyond what this text needs.",
            "art-39",
            "oppose",
            "transfer-of-proceedings",
        ),
        (
            "We object to article 39 on the transfer of criminal proceedings.",
            "art-39",
            "oppose",
            "transfer-of-proceedings",
        ),
        # Named in the sentence before and pointed back to: still named.
        (
            "Article 39 is important to us. We support it.",
            "art-39",
            "support",
            "transfer-of-proceedings",
        ),
    ],
)
def test_a_named_article_is_proposed_noting_its_issue(text, article, position, issue):
    found = read(text)
    assert set(found) == {article}
    assert found[article][0] == position
    assert found[article][1].endswith(f"(also {issue})")
    assert found[article][2] == (issue,)
    assert {issue, article} <= set(read(text, default_extractor()))


def test_article_39_named_or_not_is_one_proposal_either_way():
    """The golden pair of issue 15, item 7: one passage names article 39, one only its topic."""
    named = merging().extract("We cannot support article 39 in its current form.")
    topic = merging().extract(
        "We cannot support the transfer of criminal proceedings in its current form."
    )
    assert [(c.provision, c.position, c.also) for c in named] == [
        ("art-39", "oppose", ("transfer-of-proceedings",))
    ]
    assert [(c.provision, c.position, c.also) for c in topic] == [
        ("transfer-of-proceedings", "oppose", ("art-39",))
    ]


def test_several_articles_of_one_issue_are_one_proposal_for_the_issue():
    ranged = read("We support articles 40 to 46 as they stand.")
    assert set(ranged) == {"mutual-legal-assistance"}
    assert ranged["mutual-legal-assistance"][2] == tuple(f"art-{n}" for n in range(40, 47))
    listed = read("We support articles 45 and 46.")
    assert set(listed) == {"mutual-legal-assistance"}
    assert listed["mutual-legal-assistance"][2] == ("art-45", "art-46")


def test_an_article_no_issue_covers_is_still_proposed():
    found = read("We support article 48 on joint investigations.")
    assert found["art-48"][0] == "support"
    assert found["art-48"][2] == ()


def test_two_issues_of_one_passage_keep_a_proposal_each():
    found = read(
        "We welcome the provisions on extradition and on the transfer of sentenced persons."
    )
    assert {"extradition", "transfer-of-sentenced-persons"} <= set(found)
    assert not {"art-37", "art-38"} & set(found)


def test_passages_apart_are_proposed_apart():
    found = read(
        "We object to article 39.\n\nOn another matter, we support the provisions on "
        "extradition as drafted."
    )
    assert found["art-39"][0] == "oppose"
    assert found["extradition"][0] == "support"
    assert "transfer-of-proceedings" not in found


@pytest.mark.parametrize(
    "text",
    [
        "We cannot support article 39 in its current form.",
        "We cannot support the transfer of criminal proceedings in its current form.",
        "We support articles 40 to 46 as they stand.",
        "We welcome chapter VII as a whole.",
    ],
)
def test_issues_read_the_same_with_or_without_the_option(text):
    def issues(extractor):
        return [
            (c.provision, c.position, c.evidence)
            for c in extractor.in_kinds(extractor.extract(text), ("issue",))
        ]

    assert issues(merging()) == issues(default_extractor())
    assert issues(merging())


def test_in_kinds_reads_a_named_article_as_its_issue_only_when_asked_for_issues():
    found = merging().extract("We object to art. 39.")
    assert [c.provision for c in merging().in_kinds(found, ("issue",))] == [
        "transfer-of-proceedings"
    ]
    assert [c.provision for c in merging().in_kinds(found, ("issue", "article"))] == ["art-39"]
    assert merging().in_kinds(found, ("chapter",)) == []
