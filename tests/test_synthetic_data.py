"""The synthetic data generator: counts, determinism, valid rows, history (SQLite and PostgreSQL)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from delegations.models import Delegation
from devdata.synthetic import HISTORY_REASON, content_digest, synthetic_generate
from positions.models import Stance, Statement
from positions.services import stance_create
from provisions.models import Provision, Session

# Slightly more delegations, provisions and sessions than the reference data holds, so the
# synthetic ones are created too.
SMALL = {
    "stances": 400,
    "statements": 40,
    "delegations": 212,
    "provisions": 104,
    "sessions": 25,
}


def generate(seed=3, **overrides):
    return synthetic_generate(**{**SMALL, **overrides}, seed=seed)


def generated_stances():
    """The stances the generator added (the 22 seed stances come first)."""
    last_seed = Stance.objects.order_by("pk").values_list("pk", flat=True)[21]
    return Stance.objects.filter(pk__gt=last_seed).order_by("pk")


def test_generator_adds_the_requested_counts_with_their_history(db):
    result = generate()
    assert (result.statements, result.stances) == (40, 400)
    assert Statement.objects.count() == 2 + 40
    assert Stance.objects.count() == 22 + 400
    assert Statement.history.filter(history_change_reason=HISTORY_REASON).count() == 40
    assert (
        Stance.history.filter(history_change_reason=HISTORY_REASON, history_type="+").count() == 400
    )
    assert (result.delegations_created, result.provisions_created, result.sessions_created) == (
        5,
        4,
        2,
    )
    assert Delegation.objects.filter(code__startswith="SYN-").count() == 5
    assert Provision.objects.filter(slug__startswith="syn-").count() == 4
    assert Session.objects.filter(code__startswith="SYN-S").count() == 2
    assert result.rows_per_second > 0


def test_history_rows_copy_the_stance_they_record(db):
    generate()
    stance = Stance.objects.filter(statement__isnull=False).order_by("-pk").first()
    record = Stance.history.get(id=stance.pk)
    assert (record.position, record.evidence, record.status, record.history_type) == (
        stance.position,
        stance.evidence,
        stance.status,
        "+",
    )
    assert record.history_date == stance.created_at


def test_same_seed_gives_identical_rows_and_another_seed_does_not(db):
    digests = []
    for seed in (5, 5, 6):
        with transaction.atomic():
            generate(seed=seed)
            digests.append(content_digest())
            transaction.set_rollback(True)
    assert digests[0] == digests[1]
    assert digests[0] != digests[2]


def test_generated_stances_pass_validation_and_quote_their_statement(db):
    generate()
    stances = generated_stances().select_related("statement", "statement__session", "session")
    assert len(stances) == 400
    for stance in stances:
        stance.full_clean()
        if stance.statement_id is None:
            assert stance.evidence_start is None and stance.session_id
            continue
        statement = stance.statement
        assert statement.text[stance.evidence_start : stance.evidence_end] == stance.evidence
        assert stance.delegation_id == (statement.on_behalf_of_id or statement.delegation_id)
        assert stance.stated_on == statement.date
        assert stance.session_id == statement.session_id
    for statement in Statement.objects.filter(title__startswith="Statement by"):
        statement.full_clean()


def test_generated_data_mixes_statuses_origins_and_group_statements(db):
    generate(stances=2000, statements=200)
    new = generated_stances()
    assert set(new.values_list("status", flat=True)) == set(Stance.Status.values)
    assert set(new.values_list("origin", flat=True)) == set(Stance.Origin.values)
    assert new.confirmed().count() > new.count() * 0.7
    assert Statement.objects.filter(on_behalf_of__isnull=False).exists()
    assert new.filter(statement__isnull=True).exists()


def test_positions_mostly_persist_from_one_statement_to_the_next(db):
    generate(stances=2000, statements=200)
    rows = (
        generated_stances()
        .exclude(status="rejected")
        .values_list("delegation_id", "provision_id", "position")
    )
    last: dict = {}
    kept = changed = 0
    for delegation_id, provision_id, position in rows:
        previous = last.get((delegation_id, provision_id))
        if previous is not None:
            kept += previous == position
            changed += previous != position
        last[(delegation_id, provision_id)] = position
    assert kept + changed > 100
    assert kept > 3 * changed


def test_stances_can_be_created_normally_after_a_load(db):
    generate()
    statement = Statement.objects.filter(on_behalf_of__isnull=True).order_by("-pk").first()
    taken = statement.stances.values_list("provision_id", flat=True)
    stance = stance_create(
        delegation=statement.delegation,
        provision=Provision.objects.exclude(pk__in=taken).first(),
        position="support",
        statement=statement,
    )
    assert stance.pk > max(Stance.history.values_list("id", flat=True).exclude(id=stance.pk))
    assert stance.history.count() == 1


def test_more_stances_than_statements_can_hold_is_refused(db):
    with pytest.raises(ValueError, match="do not fit"):
        generate(stances=10_000, statements=2, provisions=10)


def test_command_prints_a_one_line_summary_with_rows_per_second(db, capsys):
    call_command(
        "generate_synthetic",
        "--stances=50",
        "--statements=5",
        "--delegations=20",
        "--provisions=30",
        "--no-progress",
    )
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "Generated 5 statements and 50 stances" in out
    assert "rows/s" in out
    with pytest.raises(CommandError):
        call_command("generate_synthetic", "--stances=-1", "--no-progress")
