"""A delegation's staff member saves a statement, then reviews what was extracted from it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from positions.models import Stance, Statement
from provisions.models import Session
from tests.browser_helpers import sign_in
from tests.review_helpers import PASSWORD, TEXT, make_user

pytestmark = pytest.mark.browser


def card(page, slug):
    return page.locator(f"[data-provision='{slug}']")


def test_staff_save_a_statement_and_review_its_proposals(live_server, live_data, page, screenshot):
    alice = make_user("alice", delegation="JPN", group="staff", password=PASSWORD)
    session = Session.objects.get(code="AHC-1")

    sign_in(page, live_server.url, "alice")

    # Save a statement through the staff form; the extractor runs as it is saved.
    page.goto(live_server.url + reverse("positions:statement-create"))
    page.fill("#id_title", "Statement on the consolidated draft")
    page.select_option("#id_session", value=str(session.pk))
    page.fill("#id_text", TEXT)
    page.click("input[name=save]")
    page.wait_for_url(re.compile(r".*/statements/\d+/$"))
    statement = Statement.objects.get(title="Statement on the consolidated draft")
    assert statement.delegation.code == "JPN"
    expect(page.locator("#proposals li")).to_have_count(4)
    assert page.locator("#statement-text mark.proposal").count() >= 4
    screenshot("1-statement-saved")
    page.get_by_role("link", name="Review these proposals").click()
    page.wait_for_url(re.compile(r".*/review/\?statement=.*"))

    # The proposals wait in the review queue, evidence marked, cue shown: one per passage, the
    # article read with the issue noted on it.
    assert page.locator("[data-count=proposals]").inner_text() == "4"
    transfer = card(page, "transfer-of-proceedings")
    assert transfer.locator("mark.evidence").inner_text() == (
        "We object to the transfer of criminal proceedings."
    )
    assert (
        transfer.locator("[data-role=cue]")
        .inner_text()
        .endswith('oppose: "object to" (also art-39)')
    )
    expect(card(page, "art-39")).to_have_count(0)
    screenshot("2-queue")

    # Accept one.
    transfer.get_by_role("button", name="Accept").click()
    expect(page.locator(".alert-success")).to_contain_text("Accepted: Japan opposes")
    expect(card(page, "transfer-of-proceedings")).to_have_count(0)

    # Reject one.
    card(page, "content-offences").get_by_role("button", name="Reject").click()
    expect(page.locator(".alert-success")).to_contain_text("Rejected: Japan opposes")
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
    expect(page.locator(".alert-success")).to_contain_text("Edited and accepted")
    expect(page.locator("[data-count=proposals]")).to_have_text("1")
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

    # The statement's page shows the reviewed stances highlighted, the rest still proposed.
    page.goto(live_server.url + reverse("positions:statement-detail", args=[statement.pk]))
    confirmed = "".join(page.locator("#statement-text mark.evidence").all_inner_texts())
    assert "We object to the transfer of criminal proceedings." in confirmed
    assert "Human rights safeguards should apply" in confirmed
    assert page.locator("#stances").inner_text().count("Transfer of criminal proceedings") == 1
    expect(page.locator("#proposals li")).to_have_count(1)
    screenshot("6-statement-page")
