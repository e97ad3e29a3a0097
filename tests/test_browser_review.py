"""A delegation's staff member saves a statement, then reviews what was extracted from it."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse

from delegations.models import Delegation
from positions.models import Stance, Statement
from provisions.models import Session
from tests.review_helpers import PASSWORD, TEXT, make_user

pytestmark = pytest.mark.browser


def card(page, slug):
    return page.locator(f"[data-provision='{slug}']")


def statement_page_url(statement) -> str:
    """The statement's own page once it exists (issue 3), else its admin page."""
    try:
        return reverse("positions:statement-detail", args=[statement.pk])
    except NoReverseMatch:
        return reverse("admin:positions_statement_change", args=[statement.pk])


def test_staff_save_a_statement_and_review_its_proposals(live_server, live_data, page, screenshot):
    # Until the statement forms arrive, staff save statements in the admin.
    alice = make_user("alice", delegation="JPN", group="staff", password=PASSWORD)
    alice.is_staff = True
    alice.save()
    alice.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "add_statement",
                "change_statement",
                "view_statement",
                "view_stance",
                "view_delegation",
                "view_session",
            ]
        )
    )
    japan = Delegation.objects.get(code="JPN")
    session = Session.objects.get(code="AHC-1")

    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")

    # Save a statement.
    page.goto(live_server.url + "/admin/positions/statement/add/")
    for field, pk, label in [
        ("delegation", japan.pk, str(japan)),
        ("session", session.pk, str(session)),
    ]:
        # The admin's autocomplete widgets load their options on demand; pick the value directly.
        page.evaluate(
            "([id, pk, label]) => { const s = document.getElementById(id);"
            " s.append(new Option(label, pk, true, true)); s.dispatchEvent(new Event('change')); }",
            [f"id_{field}", str(pk), label],
        )
    page.fill("#id_title", "Statement on the consolidated draft")
    page.fill("#id_text", TEXT)
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r".*/admin/positions/statement/$"))
    assert (
        "Stance extraction: 6 candidates: 6 proposed" in page.locator(".messagelist").inner_text()
    )
    statement = Statement.objects.get(title="Statement on the consolidated draft")
    screenshot("1-statement-saved")

    # The proposals wait in the review queue, evidence marked, cue shown.
    page.goto(live_server.url + reverse("positions:review") + f"?statement={statement.pk}")
    assert page.locator("[data-count=proposals]").inner_text() == "6"
    transfer = card(page, "transfer-of-proceedings")
    assert transfer.locator("mark.evidence").inner_text() == (
        "We object to the transfer of criminal proceedings."
    )
    assert 'oppose: "object to"' in transfer.locator("[data-role=cue]").inner_text()
    screenshot("2-queue")

    # Accept one.
    transfer.get_by_role("button", name="Accept").click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").inner_text().startswith("Accepted: Japan opposes")
    assert card(page, "transfer-of-proceedings").count() == 0

    # Reject one.
    card(page, "content-offences").get_by_role("button", name="Reject").click()
    page.wait_for_load_state()
    assert "Rejected: Japan opposes" in page.locator(".alert-success").inner_text()
    screenshot("3-accepted-and-rejected")

    # Edit one, then accept it.
    card(page, "safeguards-human-rights").get_by_role("link", name="Edit then accept").click()
    page.wait_for_url(re.compile(r".*/review/\d+/edit/.*"))
    page.select_option("#id_position", "support")
    page.fill("#id_evidence", "Human rights safeguards should apply")
    page.fill("#id_note", "Support, read with the condition that follows.")
    screenshot("4-edit")
    page.get_by_role("button", name="Save and accept").click()
    page.wait_for_url(re.compile(r".*/review/\?statement=.*"))
    assert "Edited and accepted" in page.locator(".alert-success").inner_text()
    assert page.locator("[data-count=proposals]").inner_text() == "3"
    screenshot("5-after-edit")

    statuses = dict(
        Stance.objects.filter(statement=statement).values_list("provision__slug", "status")
    )
    assert statuses["transfer-of-proceedings"] == "confirmed"
    assert statuses["content-offences"] == "rejected"
    assert statuses["safeguards-human-rights"] == "confirmed"
    edited = Stance.objects.get(statement=statement, provision__slug="safeguards-human-rights")
    assert (edited.position, edited.reviewed_by) == ("support", alice)
    assert statement.text[edited.evidence_start : edited.evidence_end] == edited.evidence

    # The statement's page shows the reviewed stances.
    page.goto(live_server.url + statement_page_url(statement))
    if "/admin/" in page.url:
        # Alice may view stances in the admin, not change them: the inline is read-only text.
        shown = page.locator("td.field-status").all_inner_texts()
        assert sorted(s.strip().lower() for s in shown) == sorted(statuses.values())
    else:
        assert "Transfer of criminal proceedings" in page.content()
    screenshot("6-statement-page")
