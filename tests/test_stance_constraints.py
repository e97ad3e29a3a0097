import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from delegations.models import Delegation
from positions.models import Stance, Statement
from positions.services import stance_create
from provisions.models import Provision, Session


@pytest.fixture
def statement(db):
    return Statement.objects.create(
        delegation=Delegation.objects.get(code="FRA"),
        session=Session.objects.get(code="AHC-2"),
        title="Statement by France",
        text="France supports article 39. We object to content offences.",
    )


def make_stance(source, provision_slug="art-39", **fields):
    values = {
        "delegation": source.delegation,
        "provision": Provision.objects.get(slug=provision_slug),
        "statement": source,
        "session": source.session,
        "position": "support",
        "stated_on": datetime.date(2022, 5, 30),
        "status": "confirmed",
    }
    values.update(fields)
    return Stance.objects.create(**values)


def test_second_live_stance_for_same_statement_and_provision_is_rejected(statement):
    make_stance(statement)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_stance(statement, position="oppose", status="proposed")


def test_a_rejected_stance_does_not_block_a_new_live_one(statement):
    make_stance(statement, status="rejected")
    make_stance(statement, status="withdrawn")
    make_stance(statement)
    assert Stance.objects.filter(statement=statement).count() == 3


def test_stances_without_a_statement_may_repeat(statement):
    make_stance(statement, statement=None)
    make_stance(statement, statement=None, position="oppose")
    assert Stance.objects.filter(statement=None, delegation__code="FRA").count() == 2


@pytest.mark.parametrize(
    "start,end,evidence",
    [
        (10, 5, "x"),  # end before start
        (0, 10, "France"),  # length does not match the evidence
        (0, None, "France"),  # one offset without the other
    ],
)
def test_inconsistent_offsets_are_rejected_by_the_database(statement, start, end, evidence):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_stance(statement, evidence=evidence, evidence_start=start, evidence_end=end)


def test_offsets_need_a_statement(statement):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_stance(statement, statement=None, evidence="France", evidence_start=0, evidence_end=6)


def test_confidence_must_be_between_0_and_1(statement):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_stance(statement, confidence=1.5)


def test_evidence_must_be_the_statement_text_at_its_offsets(statement):
    with pytest.raises(ValidationError, match="does not match"):
        stance_create(
            delegation=statement.delegation,
            provision=Provision.objects.get(slug="art-39"),
            position="support",
            statement=statement,
            evidence="Frances",
            evidence_start=1,
            evidence_end=8,
        )
    assert not Stance.objects.filter(statement=statement).exists()


def test_service_computes_offsets_and_date(statement):
    stance = stance_create(
        delegation=statement.delegation,
        provision=Provision.objects.get(slug="content-offences"),
        position="oppose",
        statement=statement,
        evidence="We object to content offences.",
    )
    assert statement.text[stance.evidence_start : stance.evidence_end] == stance.evidence
    assert stance.stated_on == datetime.date(2022, 5, 30)  # AHC-2's first day
    assert stance.session.code == "AHC-2"


def test_stance_must_belong_to_the_speaking_delegation(statement):
    with pytest.raises(ValidationError, match="delegation that made the statement"):
        stance_create(
            delegation=Delegation.objects.get(code="JPN"),
            provision=Provision.objects.get(slug="art-39"),
            position="support",
            statement=statement,
        )


@pytest.mark.parametrize("model_path", ["provision", "statement", "delegation", "session"])
def test_deleting_what_a_stance_points_to_is_protected(statement, model_path):
    stance = make_stance(statement)
    target = getattr(stance, model_path)
    with pytest.raises(ProtectedError), transaction.atomic():
        target.delete()
    assert Stance.objects.filter(pk=stance.pk).exists()
