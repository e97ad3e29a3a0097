"""statements_extract_stances: many statements in one call, as one by one, in a few queries."""

import pytest
from django.db import connection

from positions.models import Stance, Statement
from positions.services import statement_extract_stances, statements_extract_stances
from provisions.models import Provision
from tests.review_helpers import NAMED_TEXT, TEXT, make_statement

pytestmark = pytest.mark.django_db

# The fields that say what a proposal is (the ids and the times differ from run to run).
READING = (
    "delegation_id",
    "provision_id",
    "session_id",
    "stated_on",
    "position",
    "evidence",
    "evidence_start",
    "evidence_end",
    "confidence",
    "cue",
    "origin",
    "status",
    "version",
    "proposed_position",
    "proposed_provision_id",
    "extractor_model_id",
)
SPEAKERS = [("JPN", TEXT), ("CHN", NAMED_TEXT), ("JPN", NAMED_TEXT), ("CHN", TEXT)]


def readings(statement):
    return sorted(
        tuple(getattr(s, f) for f in READING) for s in Stance.objects.filter(statement=statement)
    )


def history(statement):
    return sorted(
        (h.history_type, h.history_change_reason, *(getattr(h, f) for f in READING))
        for h in Stance.history.filter(statement_id=statement.pk)
    )


def test_many_statements_at_once_get_the_proposals_and_history_of_one_by_one():
    one_by_one = [make_statement(code, text=text, extract=False) for code, text in SPEAKERS]
    together = [make_statement(code, text=text, extract=False) for code, text in SPEAKERS]
    expected = [statement_extract_stances(statement=s) for s in one_by_one]

    results = statements_extract_stances(statements=[s.pk for s in together])

    assert [results[s.pk] for s in together] == expected
    for alone, batched in zip(one_by_one, together, strict=True):
        assert readings(batched) == readings(alone) and readings(alone)
        assert history(batched) == history(alone)


def test_running_many_again_updates_and_withdraws_as_one_by_one():
    statements = [make_statement(code, text=text) for code, text in SPEAKERS]
    # As if the extractor had changed: every reading of the first differs, one of the second is
    # no longer found.
    Stance.objects.filter(statement=statements[0]).update(confidence=0.01)
    gone = Stance.objects.filter(statement=statements[1]).order_by("pk").first()
    Stance.objects.filter(pk=gone.pk).update(provision=Provision.objects.get(slug="art-1"))

    results = statements_extract_stances(statements=[s.pk for s in reversed(statements)])

    first, second = results[statements[0].pk], results[statements[1].pk]
    assert (first.updated, first.created, first.deleted) == (4, 0, 0)
    assert second.deleted == 1 and second.created == 1
    assert [results[s.pk].unchanged for s in statements[2:]] == [
        results[s.pk].candidates for s in statements[2:]
    ]
    assert Stance.history.filter(id=gone.pk, history_type="-").exists()
    assert set(
        Stance.objects.filter(statement=statements[0]).values_list("version", flat=True)
    ) == {2}


def test_many_statements_cost_the_queries_of_one():
    from django.test.utils import CaptureQueriesContext

    statements = [make_statement(code, text=text, extract=False) for code, text in SPEAKERS]
    statement_extract_stances(statement=make_statement(extract=False))  # the extractor compiled
    Statement.objects.filter(pk__in=[s.pk for s in statements]).update(language="en")

    with CaptureQueriesContext(connection) as one:
        statements_extract_stances(statements=[statements[0].pk])
    with CaptureQueriesContext(connection) as four:
        statements_extract_stances(statements=[s.pk for s in statements[1:]])

    # The same reads (the statements, their stances, the extractor's check) and one insert.
    assert len(four) == len(one), [q["sql"][:120] for q in four.captured_queries]


def test_a_statement_that_does_not_exist_is_left_out():
    statement = make_statement(extract=False)

    results = statements_extract_stances(statements=[statement.pk, statement.pk + 1000])

    assert list(results) == [statement.pk] and results[statement.pk].created == 4
    with pytest.raises(Statement.DoesNotExist):
        statement_extract_stances(statement=Statement(pk=statement.pk + 1000))


def test_a_proposal_that_does_not_validate_leaves_every_statement_as_it_was(monkeypatch):
    from django.core.exceptions import ValidationError

    statements = [make_statement(code, text=text, extract=False) for code, text in SPEAKERS]
    real = Stance.clean

    def refuse_the_last(self):
        if self.statement_id == statements[-1].pk:
            raise ValidationError("misread")
        real(self)

    monkeypatch.setattr(Stance, "clean", refuse_the_last)
    with pytest.raises(ValidationError):
        statements_extract_stances(statements=[s.pk for s in statements])

    assert not Stance.objects.filter(statement__in=statements).exists()
    assert not Stance.history.filter(statement_id__in=[s.pk for s in statements]).exists()
