"""Journeys in Chromium: staff of Japan upload a PDF statement and quote it in two stances; an
analyst is refused the new-statement page."""

import re

import pytest
from playwright.sync_api import expect

from positions.models import Stance, Statement
from provisions.models import Session
from tests.browser_helpers import sign_in
from tests.conftest import make_user
from tests.documents import STATEMENT_PAGES, make_pdf
from tests.test_browser_accessibility import serious_violations

pytestmark = pytest.mark.browser


def open_statement_page(page):
    page.click("text=Statement #")
    page.wait_for_url(re.compile(r".*/statements/\d+/$"))
    page.wait_for_selector("#statement-text")


def log_stance(page, provision_search, provision_slug, position, passage):
    page.click("text=Log a stance")
    page.wait_for_selector("#stance-form")
    box = page.locator("#id_provision-ts-control")
    box.click()
    box.press_sequentially(provision_search)
    # Suggestions arrive from the server as the user types; the box shows the provision's name
    # and the form submits its slug.
    option = page.locator(f"#id_provision-ts-dropdown [data-value='{provision_slug}']")
    option.click()
    wrapper = page.locator("#id_provision-ts-control").locator("..")
    expect(wrapper.locator(".item")).not_to_contain_text(provision_slug)
    assert page.input_value("#id_provision") == provision_slug
    page.check(f"input[name=position][value={position}]")
    page.fill("#id_evidence", passage)
    page.click("#stance-form input[type=submit][name=save]")
    page.wait_for_url(re.compile(r"/stances/\d+/$"))
    assert page.locator(".alert-success").count() == 1


def test_staff_upload_a_pdf_statement_and_quote_it_in_two_stances(
    live_server, live_data, media_root, page, screenshot, tmp_path
):
    make_user("alice", "staff", "JPN")
    sign_in(page, live_server.url, "alice")
    page.click("nav >> text=Statements")
    page.click("text=Add a statement")
    page.fill("#id_title", "Statement of Japan on international cooperation")
    page.select_option("#id_session", value=str(Session.objects.get(code="AHC-4").pk))
    page.fill("#id_delivered_on", "2023-01-10")
    page.fill("#id_speaker", "Mr. Taro Example")
    pdf = tmp_path / "japan-statement.pdf"
    pdf.write_bytes(make_pdf(STATEMENT_PAGES))
    page.set_input_files("#id_upload", str(pdf))
    page.click("input[name=preview]")
    page.wait_for_selector("#extracted-notice")
    text = page.input_value("#id_text")
    assert "international cooperation" in text  # hyphenation repaired
    assert "Page 1 of 2" not in text and "A/AC.291" not in text  # footers, headers gone
    assert page.input_value("#id_title") == "Statement of Japan on international cooperation"
    screenshot("extracted-text")
    page.click("input[name=save]")
    page.wait_for_url(re.compile(r"/statements/\d+/$"))
    statement = Statement.objects.get(title="Statement of Japan on international cooperation")
    assert statement.document.name.endswith(".pdf")

    log_stance(
        page,
        "mutual",
        "mutual-legal-assistance",
        "support",
        "Japan supports the inclusion of a robust chapter on international cooperation",
    )
    open_statement_page(page)
    log_stance(
        page,
        "content",
        "content-offences",
        "oppose",
        "Japan opposes broad content-related offences",
    )
    open_statement_page(page)
    marks = page.locator("#statement-text mark.evidence a")
    expect(marks).to_have_count(2)
    stances = Stance.objects.filter(statement=statement, origin="manual").order_by("evidence_start")
    # The extractor's readings of the same text are shown apart, as proposals to review.
    assert Stance.objects.filter(statement=statement, origin="extracted").exists()
    assert (
        page.locator("#proposals li").count()
        == Stance.objects.proposed().filter(statement=statement).count()
    )
    hrefs = [marks.nth(i).get_attribute("href") for i in range(2)]
    assert hrefs == [f"/stances/{stance.pk}/" for stance in stances]
    assert marks.nth(1).inner_text() == "Japan opposes broad content-related offences"
    screenshot("statement-with-highlights")


def test_analyst_is_refused_the_new_statement_page(live_server, live_data, page, screenshot):
    make_user("charlie", "analyst")
    sign_in(page, live_server.url, "charlie")
    assert page.locator("text=Add a statement").count() == 0
    response = page.goto(live_server.url + "/statements/new/")
    assert response.status == 403
    assert "You may not do this" in page.content()
    screenshot("refused")


def test_staff_pasting_a_text_japan_already_has_are_warned_then_save_anyway(
    live_server, live_data, page, screenshot
):
    make_user("alice", "staff", "JPN")
    first = Statement.objects.filter(delegation__code="JPN").active().order_by("pk").first()
    sign_in(page, live_server.url, "alice")
    page.goto(live_server.url + "/statements/new/")
    page.fill("#id_title", "Japan again, from the e-mail")
    page.fill("#id_speaker", "Ms. Hanako Example")
    # The same statement as pasted from an e-mail: other line breaks and letter case.
    page.fill("#id_text", " ".join(first.text.split()).upper())
    before = Statement.objects.count()
    page.click("input[name=save]")
    warning = page.locator("#duplicate-warning")
    expect(warning).to_be_visible()
    expect(warning.locator(f"a[href='/statements/{first.pk}/']")).to_contain_text(first.title)
    assert Statement.objects.count() == before
    assert page.input_value("#id_title") == "Japan again, from the e-mail"
    assert page.input_value("#id_speaker") == "Ms. Hanako Example"
    screenshot("duplicate-warning")
    assert serious_violations(page) == []  # axe, as on every page
    page.check("#id_confirm_duplicate")
    page.click("input[name=save]")
    page.wait_for_url(re.compile(r"/statements/\d+/$"))
    assert Statement.objects.count() == before + 1
    assert page.locator(".alert-success").count() == 1


def test_the_session_follows_the_date_typed_until_the_user_chooses_one(
    live_server, live_data, page, screenshot
):
    make_user("alice", "staff", "JPN")
    sign_in(page, live_server.url, "alice")
    page.goto(live_server.url + "/statements/new/")
    ahc4 = str(Session.objects.get(code="AHC-4").pk)
    ahc5 = str(Session.objects.get(code="AHC-5").pk)
    note = page.locator("[data-role=session-from-date]")

    page.fill("#id_delivered_on", "2023-01-10")  # during the fourth session
    page.locator("#id_delivered_on").dispatch_event("change")
    assert page.input_value("#id_session") == ahc4
    expect(note).to_contain_text("Chosen from the date")
    screenshot("session-from-date")

    page.fill("#id_delivered_on", "2023-03-01")  # between sessions: the script's choice undone
    page.locator("#id_delivered_on").dispatch_event("change")
    assert page.input_value("#id_session") == ""
    expect(note).to_have_text("")

    page.select_option("#id_session", value=ahc5)  # the user's own choice stays
    page.fill("#id_delivered_on", "2023-01-10")
    page.locator("#id_delivered_on").dispatch_event("change")
    assert page.input_value("#id_session") == ahc5
    expect(note).to_have_text("")
