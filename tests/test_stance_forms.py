"""/stances/new/ and /stances/<id>/edit/: evidence offsets computed, object-level rules, current."""

import datetime

import pytest
from django.urls import reverse

from delegations.models import Delegation
from positions.models import Stance
from positions.services import statement_create
from provisions.models import Provision, Session

URL = reverse("positions:stance-create")


@pytest.fixture
def statement(alice):
    return statement_create(
        delegation=Delegation.objects.get(code="JPN"),
        session=Session.objects.get(code="AHC-3"),
        delivered_on=datetime.date(2022, 9, 1),
        title="Japan on chapter II",
        text="Japan supports article 7.\nWe cannot accept\n   the current text of article 16, "
        "which is too broad.",
        created_by=alice,
        extract=False,  # these tests log stances by hand; proposals are tested elsewhere
    )


def post(client, statement, **changes):
    data = {
        "delegation": statement.delegation_id,
        "statement": statement.pk,
        "provision": "art-7",
        "position": "support",
        "evidence": "Japan supports article 7.",
        "note": "",
        "session": "",
    }
    data.update(changes)
    return client.post(URL, data)


def test_stance_is_logged_with_computed_offsets(client, alice, statement):
    client.force_login(alice)
    response = post(client, statement)
    assert response.status_code == 302
    stance = Stance.objects.get(statement=statement)
    assert (stance.evidence_start, stance.evidence_end) == (0, 25)
    assert stance.status == "confirmed" and stance.created_by == alice
    assert stance.stated_on == datetime.date(2022, 9, 1)
    assert stance.session.code == "AHC-3"
    assert response["Location"] == reverse("positions:stance-detail", args=[stance.pk])


def test_evidence_differing_only_in_whitespace_is_found(client, alice, statement):
    client.force_login(alice)
    passage = "We cannot accept the current text of article 16"
    response = post(client, statement, provision="art-16", position="oppose", evidence=passage)
    assert response.status_code == 302
    stance = Stance.objects.get(statement=statement)
    assert stance.evidence == "We cannot accept\n   the current text of article 16"
    assert statement.text[stance.evidence_start : stance.evidence_end] == stance.evidence


def test_evidence_not_in_the_text_is_a_form_error(client, alice, statement):
    client.force_login(alice)
    response = post(client, statement, evidence="Japan opposes everything.")
    assert response.status_code == 200
    assert "not in the statement" in response.context["form"].errors["evidence"][0]
    assert not Stance.objects.filter(statement=statement).exists()


def test_provision_may_be_given_as_an_article_number(client, alice, statement):
    client.force_login(alice)
    assert post(client, statement, provision="Article 7").status_code == 302
    assert Stance.objects.get(statement=statement).provision.slug == "art-7"


def test_unknown_provision_is_a_form_error(client, alice, statement):
    client.force_login(alice)
    response = post(client, statement, provision="no-such-thing")
    assert "No provision matches" in str(response.context["form"].errors["provision"])


def test_second_live_stance_on_the_same_statement_and_provision_is_refused(
    client, alice, statement
):
    client.force_login(alice)
    post(client, statement)
    response = post(client, statement, position="oppose")
    assert response.status_code == 200
    assert "already has a stance" in str(response.context["form"].errors)
    assert Stance.objects.filter(statement=statement).count() == 1


def test_a_later_stance_becomes_current_and_the_earlier_stays(client, alice, statement):
    client.force_login(alice)
    japan = Delegation.objects.get(code="JPN")
    provision = Provision.objects.get(slug="transfer-of-proceedings")
    earlier = Stance.objects.current().get(delegation=japan, provision=provision)
    assert earlier.position == "oppose"
    later = statement_create(
        delegation=japan,
        session=Session.objects.get(code="AHC-6"),
        title="Japan at the sixth session",
        text="Japan can now support the transfer of criminal proceedings.",
    )
    response = post(
        client,
        later,
        provision="transfer-of-proceedings",
        evidence="Japan can now support the transfer of criminal proceedings.",
    )
    assert response.status_code == 302
    current = Stance.objects.current().get(delegation=japan, provision=provision)
    assert current.statement == later and current.position == "support"
    assert Stance.objects.filter(pk=earlier.pk, status="confirmed").exists()


def test_staff_may_speak_for_a_group_their_delegation_belongs_to(client, bob):
    client.force_login(bob)
    france, eu = Delegation.objects.get(code="FRA"), Delegation.objects.get(code="EU")
    statement = statement_create(
        delegation=france,
        on_behalf_of=eu,
        title="EU statement",
        text="The EU and its member States support article 7.",
    )
    response = post(
        client,
        statement,
        delegation=eu.pk,
        evidence="The EU and its member States support article 7.",
    )
    assert response.status_code == 302
    assert Stance.objects.get(statement=statement, origin="manual").delegation == eu
    # The extractor read the same sentence for the group; the hand-logged stance superseded it.
    proposal = Stance.objects.get(statement=statement, origin="extracted", provision__slug="art-7")
    assert (proposal.delegation, proposal.status) == (eu, "rejected")


def test_staff_cannot_log_a_stance_on_another_delegations_statement(client, bob, statement):
    client.force_login(bob)
    response = client.get(URL + f"?statement={statement.pk}")
    assert response.status_code == 403


def test_staff_cannot_edit_another_delegations_stance(client, bob):
    client.force_login(bob)
    stance = Stance.objects.filter(delegation__code="JPN").first()
    assert client.get(reverse("positions:stance-edit", args=[stance.pk])).status_code == 403


def test_withdrawing_a_stance_keeps_it_and_restores_the_earlier_as_current(
    client, alice, statement
):
    client.force_login(alice)
    post(client, statement)
    stance = Stance.objects.get(statement=statement)
    url = reverse("positions:stance-withdraw", args=[stance.pk])
    assert client.post(url, {"version": stance.version}).status_code == 302
    stance.refresh_from_db()
    assert stance.status == "withdrawn" and stance.version == 2
    assert not Stance.objects.current().filter(pk=stance.pk).exists()


def test_stance_page_shows_evidence_in_context_and_history(client, charlie):
    client.force_login(charlie)
    stance = Stance.objects.get(provision__slug="transfer-of-proceedings")
    response = client.get(reverse("positions:stance-detail", args=[stance.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<mark class="evidence' in content
    assert "Seed data load" in content  # the history's change reason
    assert "Edit" not in content.split("<h1")[1].split("</div>")[0]  # analysts see no buttons


def test_provision_search_suggests_matching_provisions(client, charlie):
    client.force_login(charlie)
    response = client.get(reverse("positions:provision-search"), {"q": "transfer"})
    values = [item["value"] for item in response.json()["results"]]
    assert "transfer-of-proceedings" in values
    assert len(values) <= 20


def test_provision_box_is_not_a_select(client, alice):
    client.force_login(alice)
    response = client.get(URL)
    content = response.content.decode()
    assert 'name="provision"' in content
    assert '<select name="provision"' not in content
    assert "js/stance-form.js" in content
