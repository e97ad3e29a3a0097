"""Every admin page renders for a superuser: changelists, add forms, change forms, history."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from delegations.models import Delegate, Delegation
from positions.models import Stance, Statement


def make_delegate():
    user = User.objects.create_user("delegate-for-admin-test")
    return Delegate.objects.create(user=user, delegation=Delegation.objects.get(code="JPN"))


MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"delegations", "provisions", "positions"}
    # Read only, no add page (rows come from train_extractor): test_extractor_versions.py.
    and model._meta.label != "positions.ExtractorModel"
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_render(admin_client, model):
    opts = model._meta
    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == 200
    obj = model._default_manager.first() or make_delegate()
    change = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert change.status_code == 200
    history = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    )
    assert history.status_code == 200


def test_changelist_search_works(admin_client):
    response = admin_client.get(reverse("admin:delegations_delegation_changelist"), {"q": "japan"})
    assert response.status_code == 200
    assert b"JPN" in response.content


def test_admin_edit_writes_history_with_field_diffs(admin_client, admin_user):
    stance = Stance.objects.get(provision__slug="transfer-of-proceedings")
    url = reverse("admin:positions_stance_change", args=[stance.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["position"] = "qualified"
    data["note"] = "Softened at AHC-2"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    stance.refresh_from_db()
    assert stance.position == "qualified"
    latest = stance.history.first()
    assert latest.history_user == admin_user
    diff = latest.diff_against(latest.prev_record)
    assert {change.field for change in diff.changes} >= {"position", "note"}
    history_page = admin_client.get(reverse("admin:positions_stance_history", args=[stance.pk]))
    assert b"qualified" in history_page.content


def test_admin_can_revert_a_stance_to_an_earlier_version(admin_client):
    stance = Stance.objects.get(provision__slug="transfer-of-proceedings")
    original = stance.history.earliest()
    stance.position = "support"
    stance.save()
    url = reverse("admin:positions_stance_simple_history", args=[stance.pk, original.history_id])
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    response = admin_client.post(url, data)
    assert response.status_code == 302
    stance.refresh_from_db()
    assert stance.position == "oppose"


def test_statement_change_page_shows_its_stances_inline(admin_client):
    statement = Statement.objects.get(session__code="AHC-1")
    response = admin_client.get(reverse("admin:positions_statement_change", args=[statement.pk]))
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.queryset.count() == 16


@pytest.mark.parametrize("model", ["statement", "stance"])
def test_admin_cannot_delete_what_a_service_withdraws(admin_client, model):
    row = (Statement if model == "statement" else Stance).objects.first()
    delete = reverse(f"admin:positions_{model}_delete", args=[row.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    changelist = admin_client.get(reverse(f"admin:positions_{model}_changelist"))
    actions = dict(changelist.context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions and "withdraw" in actions
    assert type(row).objects.filter(pk=row.pk).exists()


def test_admin_statement_edit_goes_through_the_service(admin_client, admin_user):
    statement = Statement.objects.get(session__code="AHC-1")
    url = reverse("admin:positions_statement_change", args=[statement.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if not v and v != 0 else v) for k, v in data.items() if k != "document"}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{formset.formset.prefix}-{name}"] = management[name].value()
        for inline in formset.formset.forms:
            for name in inline.fields:
                value = inline[name].value()
                data[inline.add_prefix(name)] = "" if value is None else value
    data["delivered_on"] = "2022-03-02"
    version = statement.version
    response = admin_client.post(url, data)
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.version == version + 1
    # The service keeps the stances in step: their date follows the statement's.
    dates = set(statement.stances.values_list("stated_on", flat=True))
    assert {str(d) for d in dates} == {"2022-03-02"}
    assert statement.history.first().history_user == admin_user
