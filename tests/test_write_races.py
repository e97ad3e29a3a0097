"""Concurrent writes on PostgreSQL, with real concurrent connections (one thread each).

Issue 10, item 5: identical stance creates, creates racing an edit and creates without a
statement for one pair answered IntegrityError (500); four identical statement creates saved
four. Item 8: a re-extraction racing a review deadlocked. Each write now takes its locks in one
order (the statement's row, then its stances, then the current-position pairs) and a refused
write is the message a form shows.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from delegations.models import Delegation
from positions.models import CurrentStance, Stance, Statement
from positions.services import (
    ConflictError,
    DuplicateStatementError,
    stance_accept,
    stance_create,
    stance_update,
    statement_create,
    statement_extract_stances,
)
from provisions.models import Provision, Session
from tests.review_helpers import TEXT, make_statement

pytestmark = pytest.mark.usefixtures("live_data")


@pytest.fixture(autouse=True)
def postgresql_only(live_data):
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks and concurrent connections (PostgreSQL)")


def run_at_once(*calls):
    """Run each call in its own thread and connection, released together; their outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = ("ok", call())
        except (ValidationError, ConflictError) as error:
            outcomes[index] = ("refused", error)
        except Exception as error:  # noqa: BLE001 - the test reports what else went wrong
            outcomes[index] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a write never finished"
    return outcomes


def kinds(outcomes):
    return sorted(kind for kind, _ in outcomes)


def consistent() -> bool:
    maintained = set(CurrentStance.objects.values_list("stance_id", flat=True))
    return maintained == set(Stance.objects.current_by_definition().values_list("pk", flat=True))


def test_identical_stance_creates_save_one_and_refuse_the_others_with_the_message():
    statement = make_statement("JPN", extract=False)
    provision = Provision.objects.get(slug="art-7")

    def create():
        return stance_create(
            delegation=statement.delegation,
            provision=provision,
            position="support",
            statement=statement,
            evidence="Japan strongly supports",
        )

    outcomes = run_at_once(*[create] * 8)
    assert kinds(outcomes) == ["ok"] + ["refused"] * 7, outcomes
    refused = [error for kind, error in outcomes if kind == "refused"]
    assert all("already has a stance" in str(error) for error in refused)
    assert Stance.objects.filter(statement=statement).count() == 1
    assert consistent()


def test_creates_without_a_statement_for_one_pair_keep_the_current_position_right():
    japan = Delegation.objects.get(code="JPN")
    provision = Provision.objects.get(slug="art-7")
    session = Session.objects.get(code="AHC-4")

    def create(position):
        return lambda: stance_create(
            delegation=japan, provision=provision, position=position, session=session
        )

    outcomes = run_at_once(*(create(p) for p in ["support", "oppose", "neutral", "qualified"]))
    assert kinds(outcomes) == ["ok"] * 4, outcomes
    assert CurrentStance.objects.filter(delegation=japan, provision=provision).count() == 1
    assert consistent()


def test_a_create_racing_an_edit_onto_the_same_provision_is_refused_with_the_message():
    statement = make_statement("JPN", extract=False)
    art7 = Provision.objects.get(slug="art-7")
    existing = stance_create(
        delegation=statement.delegation,
        provision=Provision.objects.get(slug="art-39"),
        position="oppose",
        statement=statement,
        evidence="We object to the transfer of criminal proceedings.",
    )

    def create():
        return stance_create(
            delegation=statement.delegation,
            provision=art7,
            position="support",
            statement=statement,
            evidence="Japan strongly supports",
        )

    def edit():
        return stance_update(
            stance=existing,
            expected_version=existing.version,
            delegation=statement.delegation,
            provision=art7,
            position="oppose",
            statement=statement,
            evidence=existing.evidence,
        )

    outcomes = run_at_once(create, edit)
    assert kinds(outcomes) == ["ok", "refused"], outcomes
    assert "already has a stance" in str(next(e for k, e in outcomes if k == "refused"))
    assert Stance.objects.live().filter(statement=statement, provision=art7).count() == 1


def test_a_double_submitted_statement_saves_once(alice):
    def create():
        return statement_create(
            delegation=Delegation.objects.get(code="JPN"),
            session=Session.objects.get(code="AHC-3"),
            title="Sent four times",
            text=TEXT,
            created_by=alice,
        )

    outcomes = run_at_once(*[create] * 4)
    assert kinds(outcomes) == ["ok"] * 4, outcomes
    assert len({statement.pk for _, statement in outcomes}) == 1
    assert Statement.objects.filter(title="Sent four times").count() == 1


def test_statements_with_one_text_at_once_save_one_and_name_it_to_the_others(alice):
    """Not a double submit (each has its own title): the duplicate check, which each create
    makes under the delegation's lock, sees the one saved first."""

    def create(title):
        return lambda: statement_create(
            delegation=Delegation.objects.get(code="JPN"),
            title=title,
            text=TEXT,
            created_by=alice,
            extract=False,
            refuse_duplicates=True,
        )

    outcomes = run_at_once(*[create(f"Copy {n}") for n in range(4)])
    saved = [value for kind, value in outcomes if kind == "ok"]
    refused = [value for kind, value in outcomes if kind == "error"]
    assert len(saved) == 1 and len(refused) == 3, outcomes
    assert all(isinstance(error, DuplicateStatementError) for error in refused), outcomes
    assert all(error.duplicates == saved for error in refused)
    assert Statement.objects.filter(title__startswith="Copy ").count() == 1


def lock_waits() -> int:
    """How many lock requests are waiting right now (all connections)."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0]


def test_re_extraction_racing_a_review_neither_deadlocks_nor_fails(alice, monkeypatch):
    """The interleaving that deadlocked, made to happen: the reviewer has claimed a proposal
    when the re-extraction starts; the reviewer goes on only once the extraction waits."""
    from positions.services import review

    statement = make_statement("JPN")
    stance = statement.stances.filter(status="proposed").first()
    # Readings that differ from what the extractor finds now (as after a lexicon change): the
    # run must rewrite every proposal, the one under review included.
    statement.stances.update(confidence=0.01)
    claimed, go_on = threading.Event(), threading.Event()
    claim = review.claim_version

    def claim_then_wait(*args, **kwargs):
        row = claim(*args, **kwargs)
        claimed.set()
        assert go_on.wait(timeout=30)
        return row

    monkeypatch.setattr(review, "claim_version", claim_then_wait)
    outcomes = {}

    def run(name, call):
        try:
            outcomes[name] = ("ok", call())
        except ConflictError as error:
            outcomes[name] = ("refused", error)
        except Exception as error:  # noqa: BLE001 - a deadlock lands here
            outcomes[name] = ("error", error)
        finally:
            connections.close_all()

    reviewer = threading.Thread(
        target=run,
        args=("review", lambda: stance_accept(stance=stance, user=alice, expected_version=1)),
    )
    extractor = threading.Thread(
        target=run, args=("extract", lambda: statement_extract_stances(statement=statement))
    )
    reviewer.start()
    assert claimed.wait(timeout=30)
    extractor.start()
    for _ in range(3000):  # until the extraction waits for a lock (at most 30 s)
        if lock_waits() or not extractor.is_alive():
            break
        threading.Event().wait(0.01)
    go_on.set()
    reviewer.join(timeout=60)
    extractor.join(timeout=60)
    assert not reviewer.is_alive() and not extractor.is_alive(), "a write never finished"
    assert outcomes["review"][0] == "ok" and outcomes["extract"][0] == "ok", outcomes
    stance.refresh_from_db()
    assert stance.status == Stance.Status.CONFIRMED  # accepted first, kept by the extraction
    text = Statement.objects.get(pk=statement.pk).text
    for live in Stance.objects.filter(statement=statement).live():
        assert text[live.evidence_start : live.evidence_end] == live.evidence
    assert consistent()
