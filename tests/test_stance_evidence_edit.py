"""A stance's evidence can be changed (form, admin, review), found as every write finds it.

Issue 10, item 4: the model check used to compare the new passage with the old offsets, so
`POST /stances/<id>/edit/` with another passage of the same statement was refused. Issue 9: the
review's edit-then-accept found evidence with `text.find`, not the whitespace-tolerant locator.
"""

import datetime

import pytest
from django.urls import reverse

from delegations.models import Delegation
from positions.models import Stance
from positions.services import stance_create, statement_create
from provisions.models import Provision, Session
from tests.review_helpers import make_statement

TEXT = (
    "Japan supports article 7.\nWe cannot accept\n   the current text of article 16, "
    "which is too broad.\n\nArticle 7 is essential to us."
)


@pytest.fixture
def stance(alice):
    statement = statement_create(
        delegation=Delegation.objects.get(code="JPN"),
        session=Session.objects.get(code="AHC-3"),
        delivered_on=datetime.date(2022, 9, 1),
        title="Japan on chapter II",
        text=TEXT,
        created_by=alice,
        extract=False,
    )
    return stance_create(
        delegation=statement.delegation,
        provision=Provision.objects.get(slug="art-7"),
        position="support",
        statement=statement,
        evidence="Japan supports article 7.",
        created_by=alice,
    )


def edit_data(stance, **changes):
    data = {
        "delegation": stance.delegation_id,
        "statement": stance.statement_id,
        "provision": "art-7",
        "position": "support",
        "evidence": stance.evidence,
        "note": "",
        "session": "",
        "version": stance.version,
    }
    data.update(changes)
    return data


def test_staff_change_a_stances_evidence_to_another_passage(client, alice, stance):
    client.force_login(alice)
    url = reverse("positions:stance-edit", args=[stance.pk])
    response = client.post(url, edit_data(stance, evidence="Article 7 is essential to us."))
    assert response.status_code == 302, response.context["form"].errors
    stance.refresh_from_db()
    start = TEXT.index("Article 7 is essential")
    assert (stance.evidence, stance.evidence_start) == ("Article 7 is essential to us.", start)
    assert stance.evidence_end == start + len(stance.evidence)
    assert stance.version == 2
    assert stance.history.first().evidence == "Article 7 is essential to us."


def test_changed_evidence_is_found_whatever_its_spacing(client, alice, stance):
    client.force_login(alice)
    url = reverse("positions:stance-edit", args=[stance.pk])
    passage = "We cannot accept the current text of article 16"
    response = client.post(url, edit_data(stance, evidence=passage, position="oppose"))
    assert response.status_code == 302, response.context["form"].errors
    stance.refresh_from_db()
    assert stance.evidence == TEXT[stance.evidence_start : stance.evidence_end]
    assert stance.evidence.startswith("We cannot accept\n   the current")


def test_evidence_not_in_the_statement_is_still_refused(client, alice, stance):
    client.force_login(alice)
    url = reverse("positions:stance-edit", args=[stance.pk])
    response = client.post(url, edit_data(stance, evidence="Japan never said this."))
    assert response.status_code == 200
    assert "not in the statement" in str(response.context["form"].errors["evidence"])
    stance.refresh_from_db()
    assert stance.evidence == "Japan supports article 7." and stance.version == 1


def test_the_admin_changes_a_stances_evidence_and_its_offsets_follow(admin_client, stance):
    url = reverse("admin:positions_stance_change", args=[stance.pk])
    form = admin_client.get(url).context["adminform"].form
    assert "evidence_start" not in form.fields  # computed, not typed
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["evidence"] = "Article 7 is essential to us."
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    stance.refresh_from_db()
    assert stance.evidence_start == TEXT.index("Article 7 is essential")
    assert TEXT[stance.evidence_start : stance.evidence_end] == stance.evidence


def test_review_edit_finds_evidence_with_other_spacing(client, alice):
    statement = make_statement("JPN")
    proposal = statement.stances.get(provision__slug="safeguards-human-rights")
    client.force_login(alice)
    passage = "Human rights safeguards   should apply\nonly where domestic law provides for them"
    response = client.post(
        reverse("positions:review-edit", args=[proposal.pk]),
        {
            "position": "support",
            "provision": proposal.provision_id,
            "evidence": passage,
            "version": proposal.version,
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Stance.Status.CONFIRMED
    assert proposal.evidence == (
        "Human rights safeguards should apply only where domestic law provides for them"
    )
    assert statement.text[proposal.evidence_start : proposal.evidence_end] == proposal.evidence


def test_a_double_submitted_statement_is_saved_once(client, alice):
    client.force_login(alice)
    data = {
        "delegation": Delegation.objects.get(code="JPN").pk,
        "session": Session.objects.get(code="AHC-3").pk,
        "language": "en",
        "title": "Japan twice",
        "text": "Japan supports article 7.",
    }
    first = client.post(reverse("positions:statement-create"), data)
    second = client.post(reverse("positions:statement-create"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Delegation.objects.get(code="JPN").statements.filter(title="Japan twice").count() == 1
