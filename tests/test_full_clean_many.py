"""full_clean_many: a batch of stances validated as `full_clean` validates each, in fewer steps;
and the extraction service refusing a bad proposal with a clear error, writing nothing."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import ValidationError

from common.validation import full_clean_many
from positions import extraction_inputs
from positions.models import Stance
from positions.services import statement_extract_stances
from positions.services.extraction import _NOT_VALIDATED, _StanceRows
from provisions.models import Provision
from tests.review_helpers import make_statement

pytestmark = pytest.mark.django_db

# What the service leaves out of validation (the related rows it has just read, the users).
RELATED = _NOT_VALIDATED


def batch(statement, readings):
    """Proposals as the service builds them, one per (provision, position, start, end)."""
    provisions = list(Provision.objects.order_by("pk")[: len(readings)])
    rows = _StanceRows(
        delegation=statement.delegation,
        statement=statement,
        session=statement.session,
        stated_on=statement.session.start_date,
        origin=Stance.Origin.EXTRACTED,
        status=Stance.Status.PROPOSED,
        created_by=None,
    )
    return [
        rows.new(
            provision_id=p.pk,
            position=position,
            evidence=statement.text[start:end],
            evidence_start=start,
            evidence_end=end,
            confidence=0.5,
            cue="support: test",
            proposed_position=position,
        )
        for p, (position, start, end) in zip(provisions, readings, strict=True)
    ]


def error_of(callable_):
    with pytest.raises(ValidationError) as raised:
        callable_()
    return raised.value.message_dict


def test_rows_built_from_a_template_are_the_rows_keywords_build():
    statement = make_statement(extract=False)
    provision = Provision.objects.order_by("pk").first()
    shared = {
        "delegation": statement.delegation,
        "statement": statement,
        "session": statement.session,
        "stated_on": statement.session.start_date,
        "origin": Stance.Origin.EXTRACTED,
        "status": Stance.Status.PROPOSED,
        "created_by": None,
    }
    reading = {"position": "oppose", "evidence": statement.text[0:5], "evidence_start": 0}

    built = _StanceRows(**shared).new(provision_id=provision.pk, evidence_end=5, **reading)
    expected = Stance(provision=provision, evidence_end=5, **shared, **reading)

    for field in Stance._meta.concrete_fields:
        assert getattr(built, field.attname) == getattr(expected, field.attname), field.name
    assert built._state.adding and built.pk is None
    # The related rows given are cached as keywords cache them: no query to read them back.
    assert built.statement is statement and built.delegation is statement.delegation


def test_a_valid_batch_passes_and_is_cleaned_as_full_clean_cleans_each():
    statement = make_statement(extract=False)
    stances = batch(statement, [("support", 0, 10), ("oppose", 11, 20), ("qualified", 0, 4)])
    for stance in stances:
        stance.stated_on = "2022-03-01"  # shared: cleaned once, the date given to every row
    stances[1].confidence = "0.25"  # one row's own value: cleaned on that row

    full_clean_many(stances, exclude=RELATED)

    assert {s.stated_on for s in stances} == {datetime.date(2022, 3, 1)}
    assert stances[1].confidence == 0.25 and stances[0].confidence == 0.5


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda s: setattr(s[2], "position", "maybe"), "position"),  # one row's value
        (lambda s: [setattr(x, "origin", "scraped") for x in s], "origin"),  # a shared value
        (lambda s: setattr(s[1], "cue", "x" * 301), "cue"),
        (lambda s: setattr(s[1], "evidence", "not what the text says"), "evidence"),  # clean()
        (lambda s: setattr(s[0], "delegation_id", s[0].statement.delegation_id + 1), "delegation"),
        (lambda s: setattr(s[2], "evidence_start", -1), "evidence_start"),
    ],
)
def test_a_bad_value_is_refused_with_the_error_full_clean_gives(change, field):
    statement = make_statement(extract=False)
    stances = batch(statement, [("support", 0, 10), ("oppose", 11, 20), ("qualified", 0, 4)])
    change(stances)
    bad = next(s for s in stances if error_of_or_none(s))

    got = error_of(lambda: full_clean_many(stances, exclude=RELATED))

    assert field in got
    assert got == error_of(lambda: bad.full_clean(exclude=RELATED, validate_constraints=False))


def error_of_or_none(stance):
    try:
        stance.full_clean(exclude=RELATED, validate_constraints=False)
    except ValidationError as error:
        return error.message_dict
    return None


def test_the_service_refuses_a_bad_proposal_and_writes_nothing(monkeypatch):
    statement = make_statement(extract=False)
    compiled = extraction_inputs.compiled_provisions(negotiation=statement.session.negotiation)
    extract = compiled.extractor.extract

    def misread(text, speaker=()):
        found = extract(text, speaker=speaker)
        return [*found[:-1], dataclasses.replace(found[-1], position="perhaps")]

    monkeypatch.setattr(compiled.extractor, "extract", misread)

    with pytest.raises(ValidationError) as raised:
        statement_extract_stances(statement=statement)

    assert "position" in raised.value.message_dict
    assert "not a valid choice" in raised.value.message_dict["position"][0]
    assert not statement.stances.exists()
