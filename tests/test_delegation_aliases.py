import pytest

from delegations.models import Delegation, DelegationAlias
from extraction.names import normalise_name


@pytest.mark.parametrize(
    "name,code",
    [
        ("Japan", "JPN"),
        ("JPN", "JPN"),
        ("the Japanese delegation", "JPN"),
        ("The Representative of  Japan", "JPN"),
        ("Japon", "JPN"),
        ("JAPÓN", "JPN"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("the delegation of the United States of America", "USA"),
        ("European Union", "EU"),
        ("Côte d’Ivoire", "CIV"),
    ],
)
def test_get_by_name_resolves_aliases(db, name, code):
    delegation = Delegation.objects.get_by_name(name)
    assert delegation is not None and delegation.code == code
    assert DelegationAlias.objects.get_by_name(name) == delegation


@pytest.mark.parametrize("name", ["", "Atlantis", "the delegation of Narnia"])
def test_get_by_name_returns_none_for_unknown_names(db, name):
    assert Delegation.objects.get_by_name(name) is None


def test_normalise_name_folds_case_accents_punctuation_and_leading_article():
    assert normalise_name("  The Representative of JAPÓN. ") == "representative of japon"
    assert normalise_name("Côte d'Ivoire") == normalise_name("cote divoire")


def test_aliases_are_unique_once_normalised(db):
    from django.db import IntegrityError, transaction

    japan = Delegation.objects.get(code="JPN")
    with pytest.raises(IntegrityError), transaction.atomic():
        DelegationAlias.objects.create(
            delegation=japan, name="JAPON", normalized=normalise_name("JAPON")
        )
