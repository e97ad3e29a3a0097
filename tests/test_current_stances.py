"""The maintained current positions (positions.CurrentStance) equal what the stance history says.

After every kind of write (services, bulk loads, the admin, the rebuild command), the table is
compared with `Stance.objects.current_by_definition()`, computed from the stances themselves.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from delegations.models import Delegation
from devdata.synthetic import synthetic_generate
from positions.models import CurrentStance, Stance
from positions.services import (
    current_stances_refresh,
    seed_load,
    stance_accept,
    stance_bulk_accept,
    stance_create,
    stance_reject,
    stance_revise_and_accept,
    stance_update,
    stance_withdraw,
    statement_create,
    statement_update,
    statement_withdraw,
)
from provisions.models import Provision, Session
from tests.review_helpers import TEXT, make_statement

pytestmark = pytest.mark.django_db


def maintained() -> set[tuple]:
    return set(
        CurrentStance.objects.values_list(
            "delegation_id", "provision_id", "stance_id", "position", "stated_on", "session_id"
        )
    )


def by_definition() -> set[tuple]:
    return set(
        Stance.objects.current_by_definition().values_list(
            "delegation_id", "provision_id", "pk", "position", "stated_on", "session_id"
        )
    )


def assert_consistent() -> None:
    assert maintained() == by_definition()


def noted(code, slug, position, *, day, session="AHC-4", status="confirmed"):
    """A stance noted in a closed meeting (no statement) through the service, stated on `day`."""
    stance = stance_create(
        delegation=Delegation.objects.get(code=code),
        provision=Provision.objects.get(slug=slug),
        position=position,
        session=Session.objects.get(code=session),
        status=status,
    )
    # stated_on follows the session; move it to the day the test needs and refresh the pair,
    # as a service that changes a date does.
    Stance.objects.filter(pk=stance.pk).update(stated_on=datetime.date.fromisoformat(day))
    current_stances_refresh(pairs=[(stance.delegation_id, stance.provision_id)])
    stance.refresh_from_db()
    return stance


def test_seed_data_and_the_migration_backfill_agree_with_the_definition():
    assert CurrentStance.objects.count() == Stance.objects.current_by_definition().count() > 0
    assert_consistent()


def test_a_new_confirmed_stance_becomes_current_and_a_proposal_does_not():
    older = noted("FRA", "extradition", "oppose", day="2022-03-01")
    assert CurrentStance.objects.get(stance=older).position == "oppose"
    newer = noted("FRA", "extradition", "support", day="2023-03-01")
    noted("FRA", "extradition", "neutral", day="2024-03-01", status="proposed")
    assert (
        CurrentStance.objects.get(delegation__code="FRA", provision__slug="extradition").stance
        == newer
    )
    assert_consistent()


def test_editing_a_stance_moves_it_between_pairs_and_changes_the_position():
    first = noted("FRA", "extradition", "oppose", day="2022-03-01")
    second = noted("FRA", "extradition", "support", day="2023-03-01")
    stance_update(
        stance=second,
        expected_version=second.version,
        delegation=second.delegation,
        provision=Provision.objects.get(slug="mutual-legal-assistance"),
        position="qualified",
        session=second.session,
    )
    # The earlier stance is current again on extradition; the edited one on its new provision.
    assert (
        CurrentStance.objects.get(provision__slug="extradition", delegation__code="FRA").stance
        == first
    )
    moved = CurrentStance.objects.get(
        provision__slug="mutual-legal-assistance", delegation__code="FRA"
    )
    assert (moved.stance_id, moved.position) == (second.pk, "qualified")
    assert_consistent()


def test_withdrawing_the_latest_stance_brings_back_the_one_before():
    first = noted("FRA", "extradition", "oppose", day="2022-03-01")
    second = noted("FRA", "extradition", "support", day="2023-03-01")
    stance_withdraw(stance=second, expected_version=second.version)
    assert (
        CurrentStance.objects.get(delegation__code="FRA", provision__slug="extradition").stance
        == first
    )
    stance_withdraw(stance=first, expected_version=first.version)
    assert not CurrentStance.objects.filter(delegation__code="FRA", provision__slug="extradition")
    assert_consistent()


def test_statement_edits_and_withdrawal_keep_the_current_positions():
    japan = Delegation.objects.get(code="JPN")
    statement = statement_create(
        delegation=japan,
        title="Later statement",
        text=TEXT,
        session=Session.objects.get(code="AHC-6"),
        delivered_on=datetime.date(2023, 8, 30),
        extract=False,
    )
    stance = stance_create(
        delegation=japan,
        provision=Provision.objects.get(slug="transfer-of-proceedings"),
        position="support",
        statement=statement,
        evidence="We object to the transfer of criminal proceedings.",
    )
    assert CurrentStance.objects.get(stance=stance)
    assert_consistent()
    # Dated before the seed statements: the seed stance on this provision is current again.
    statement = statement_update(
        statement=statement,
        expected_version=statement.version,
        delivered_on=datetime.date(2015, 1, 1),
        extract=False,
    )
    assert not CurrentStance.objects.filter(stance=stance)
    assert_consistent()
    statement = statement_update(
        statement=statement,
        expected_version=statement.version,
        delivered_on=datetime.date(2024, 1, 1),
        extract=False,
    )
    assert CurrentStance.objects.filter(stance=stance)
    statement_withdraw(statement=statement, expected_version=statement.version)
    assert not CurrentStance.objects.filter(stance=stance)
    assert_consistent()


def test_extraction_proposals_leave_the_current_positions_alone():
    before = maintained()
    statement = make_statement("JPN", title="Extracted statement")
    assert statement.stances.filter(status="proposed").exists()
    assert maintained() == before
    assert_consistent()


def test_review_actions_keep_the_current_positions(django_user_model):
    reviewer = django_user_model.objects.create_user("reviewer")
    statement = make_statement("JPN", session=Session.objects.get(code="AHC-CONC"))
    proposals = list(statement.stances.filter(status="proposed").order_by("pk"))
    assert len(proposals) >= 4
    accepted, rejected, revised, *rest = proposals
    stance_accept(stance=accepted, user=reviewer, expected_version=accepted.version)
    assert CurrentStance.objects.get(stance=accepted)
    stance_reject(stance=rejected, user=reviewer, expected_version=rejected.version)
    stance_revise_and_accept(
        stance=revised,
        user=reviewer,
        expected_version=revised.version,
        position="neutral",
        provision=Provision.objects.get(slug="extradition"),
        evidence="",
    )
    assert CurrentStance.objects.get(stance=revised).position == "neutral"
    stance_bulk_accept(stances=rest, versions={s.pk: s.version for s in rest}, user=reviewer)
    assert_consistent()


def test_seed_load_again_and_the_rebuild_command_agree(settings):
    CurrentStance.objects.all().delete()  # as after a write that bypassed the services
    seed_load(path=settings.BASE_DIR / "fixtures" / "seeds.json")
    assert_consistent()
    CurrentStance.objects.all().delete()
    call_command("refresh_current_stances", stdout=io.StringIO())
    assert_consistent()


def test_synthetic_load_refreshes_the_pairs_it_touched():
    synthetic_generate(stances=400, statements=40, delegations=30, provisions=40, seed=5)
    assert CurrentStance.objects.count() > 22
    assert_consistent()


def test_admin_withdrawals_refresh_the_current_positions(admin_client):
    first = noted("FRA", "extradition", "oppose", day="2022-03-01")
    second = noted("FRA", "extradition", "support", day="2023-03-01")
    url = reverse("admin:positions_stance_changelist")
    data = {"action": "withdraw", "_selected_action": [second.pk]}
    assert admin_client.post(url, data).status_code == 302
    second.refresh_from_db()
    assert second.status == "withdrawn"
    assert (
        CurrentStance.objects.get(delegation__code="FRA", provision__slug="extradition").stance
        == first
    )
    assert_consistent()
