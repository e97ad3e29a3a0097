"""Every change to a statement or stance is kept with who, when and what: form, admin, service."""

from django.urls import reverse

from positions.models import Stance, Statement
from positions.services import stance_update, statement_update


def test_form_edit_writes_history_with_the_user(client, alice):
    stance = Stance.objects.get(provision__slug="transfer-of-proceedings")
    client.force_login(alice)
    client.post(
        reverse("positions:stance-edit", args=[stance.pk]),
        {
            "delegation": stance.delegation_id,
            "statement": stance.statement_id,
            "provision": stance.provision.slug,
            "position": "neutral",
            "evidence": stance.evidence,
            "note": "Reconsidered",
            "version": 1,
        },
    )
    latest = stance.history.first()
    assert latest.history_user == alice and latest.position == "neutral"
    diff = latest.diff_against(latest.prev_record)
    assert {change.field for change in diff.changes} >= {"position", "note", "version"}


def test_admin_edit_writes_history(admin_client, admin_user):
    statement = Statement.objects.get(session__code="AHC-1")
    url = reverse("admin:positions_statement_change", args=[statement.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {n: form[n].value() for n in form.fields if n != "document"}
    formset = page.context["inline_admin_formsets"][0].formset
    data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
    for _index, inline in enumerate(formset.forms):
        data.update({f"{inline.prefix}-{name}": inline[name].value() for name in inline.fields})
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["title"] = "Retitled in the admin"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    latest = statement.history.first()
    assert latest.history_user == admin_user and latest.title == "Retitled in the admin"


def test_service_change_writes_history_with_user_and_reason(bob):
    stance = Stance.objects.get(provision__slug="transfer-of-proceedings")
    stance_update(
        stance=stance,
        expected_version=1,
        updated_by=bob,
        delegation=stance.delegation,
        provision=stance.provision,
        statement=stance.statement,
        evidence=stance.evidence,
        position="qualified",
        reason="Bulk correction",
    )
    latest = stance.history.first()
    assert (latest.history_user, latest.history_change_reason) == (bob, "Bulk correction")


def test_statement_page_shows_its_history(client, alice, charlie):
    statement = Statement.objects.get(session__code="AHC-1")
    statement_update(statement=statement, expected_version=1, updated_by=alice, title="New title")
    client.force_login(charlie)
    content = client.get(reverse("positions:statement-detail", args=[statement.pk])).content
    content = content.decode()
    assert 'id="history"' in content
    assert "alice" in content and "New title" in content and "Seed data load" in content


def test_statement_text_history_shows_the_changed_words(client, alice):
    statement = Statement.objects.get(session__code="AHC-1")
    # A change far past the first 300 characters, which the cut values would hide.
    tail = statement.text[-200:]
    new_text = statement.text[:-200] + tail.replace(" ", " truly ", 1)
    statement_update(statement=statement, expected_version=1, updated_by=alice, text=new_text)
    client.force_login(alice)
    html = client.get(reverse("positions:statement-detail", args=[statement.pk])).content.decode()
    diff = html[html.index('data-role="text-diff"') :]
    diff = diff[: diff.index("</div>")]
    assert (
        '<ins class="diff-ins">truly </ins>' in diff or '<ins class="diff-ins"> truly</ins>' in diff
    )
    assert "unchanged words …]" in diff
    assert len(diff) < 1000
