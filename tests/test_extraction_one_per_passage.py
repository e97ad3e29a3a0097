"""One proposal per passage (issue 15, item 7), with ``Extractor(one_per_passage=True)``.

Without it, "We support article 37" is proposed for the article and again for its issue, and
reviewers decide twice. With it, the issue is proposed and its cue notes the article; an article
that no issue covers is still proposed on its own. Hand-labelled data (``../shared/eval``, the
corpus) records issues even where the article is named, so the issue is the one kept.
"""

from functools import cache

import pytest

from extraction import Extractor
from tests.extraction_helpers import default_extractor, load_provisions


@cache
def merging() -> Extractor:
    return Extractor(load_provisions(), one_per_passage=True)


def read(text: str, extractor: Extractor | None = None) -> dict[str, tuple[str, str]]:
    return {c.provision: (c.position, c.cue) for c in (extractor or merging()).extract(text)}


@pytest.mark.parametrize(
    ("text", "issue", "position", "article"),
    [
        (
            "We can accept article 38 as drafted.",
            "transfer-of-sentenced-persons",
            "support",
            "art-38",
        ),
        (
            "My delegation supports the transfer of criminal proceedings between States Parties.",
            "transfer-of-proceedings",
            "support",
            "art-39",
        ),
        (
            "We propose to delete draft article 39(2), which goes beyond what this text needs.",
            "transfer-of-proceedings",
            "oppose",
            "art-39",
        ),
        ("We welcome chapter VII as a whole.", "technical-assistance", "support", "ch-7"),
    ],
)
def test_the_issue_is_proposed_once_noting_the_article(text, issue, position, article):
    found = read(text)
    assert set(found) == {issue}
    assert found[issue][0] == position
    assert found[issue][1].endswith(f"(also {article})")
    # Without the option both are proposed, as before.
    assert {issue, article} <= set(read(text, default_extractor()))


def test_a_range_of_articles_of_one_issue_is_one_proposal():
    found = read("We support articles 40 to 46 as they stand.")
    assert set(found) == {"mutual-legal-assistance"}
    assert "art-40" in found["mutual-legal-assistance"][1]
    assert "art-46" in found["mutual-legal-assistance"][1]


def test_an_article_no_issue_covers_is_still_proposed():
    assert read("We support article 48 on joint investigations.")["art-48"][0] == "support"


def test_two_issues_of_one_passage_keep_a_proposal_each():
    found = read(
        "We welcome the provisions on extradition and on the transfer of sentenced persons."
    )
    assert {"extradition", "transfer-of-sentenced-persons"} <= set(found)
    assert not {"art-37", "art-38"} & set(found)
