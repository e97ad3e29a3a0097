"""Issue 14's walk-through, fixed: upload first then title; a bulk accept in a filtered review
queue; the pages that named things by codes and paths; the matrix read by a screen reader."""

import re

import pytest
from playwright.sync_api import expect

from positions.models import Stance, Statement
from tests.browser_helpers import sign_in
from tests.documents import STATEMENT_PAGES, make_docx, make_pdf
from tests.review_helpers import PASSWORD, make_statement, make_user

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_staff_upload_the_document_first_then_check_the_suggested_title(
    live_server, live_data, media_root, page, screenshot, tmp_path, width
):
    make_user("alice", delegation="JPN", group="staff", password=PASSWORD)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, "alice")
    page.goto(live_server.url + "/statements/new/")
    pdf = tmp_path / "japan-statement.pdf"
    pdf.write_bytes(make_pdf(STATEMENT_PAGES))
    # The file box comes first; nothing is typed before uploading.
    assert page.locator("#statement-form input, #statement-form select").first.get_attribute(
        "name"
    ) in ("upload", "csrfmiddlewaretoken")
    page.set_input_files("#id_upload", str(pdf))
    page.click("input[name=preview]")
    page.wait_for_selector("#extracted-notice")
    expect(page.locator("[data-role=suggested]")).to_contain_text("the title")
    expect(page.locator("[data-role=kept-file]")).to_have_text("japan-statement.pdf")
    assert page.input_value("#id_title") == "Statement by the Representative of Japan"
    assert "international cooperation" in page.input_value("#id_text")
    expect(page.get_by_text("This field is required")).to_have_count(0)
    screenshot(f"1-uploaded-{width}")
    page.fill("#id_title", "Statement of Japan on international cooperation")
    page.click("input[name=save]")
    page.wait_for_url(re.compile(r".*/statements/\d+/$"))
    statement = Statement.objects.get(title="Statement of Japan on international cooperation")
    assert statement.document.name.endswith(".pdf")
    # The statement page names the language and shows the document by its file name.
    details = page.locator("dl").first
    expect(details).to_contain_text("English")
    expect(
        details.get_by_role("link", name=re.compile(r"^japan-statement.*\.pdf$"))
    ).to_be_visible()
    assert "statements/20" not in details.inner_text()
    screenshot(f"2-saved-{width}")


def test_staff_upload_a_docx_before_typing_anything(
    live_server, live_data, media_root, page, tmp_path
):
    make_user("alice", delegation="JPN", group="staff", password=PASSWORD)
    sign_in(page, live_server.url, "alice")
    page.goto(live_server.url + "/statements/new/")
    docx = tmp_path / "japan.docx"
    docx.write_bytes(
        make_docx(
            [
                "Statement of Japan on safeguards",
                "Delivered by Mr. Taro Example on 10 January 2023",
                "Madam Chair, Japan supports strong human rights safeguards.",
            ]
        )
    )
    page.set_input_files("#id_upload", str(docx))
    page.click("input[name=preview]")
    page.wait_for_selector("#extracted-notice")
    assert page.input_value("#id_title") == "Statement of Japan on safeguards"
    assert page.input_value("#id_delivered_on") == "2023-01-10"
    assert page.input_value("#id_speaker") == "Mr. Taro Example"
    page.click("input[name=save]")
    page.wait_for_url(re.compile(r".*/statements/\d+/$"))


def test_bulk_accept_in_a_queue_filtered_by_delegation_keeps_the_filter(
    live_server, live_data, page, screenshot
):
    make_user("root", group="admin", password=PASSWORD)
    japan = make_statement("JPN")
    china = make_statement("CHN")
    sign_in(page, live_server.url, "root")
    page.goto(live_server.url + "/review/")
    box = page.locator("#id_delegation-ts-control")
    box.click()
    box.press_sequentially("chin")
    page.locator("#id_delegation-ts-dropdown").get_by_role("option", name="China (CHN)").click()
    page.locator("h1").click()
    expect(page.locator("#id_delegation-ts-dropdown")).to_be_hidden()
    page.locator("form.filter-form [type=submit]").click()
    expect(page).to_have_url(re.compile(r".*delegation=CHN.*"))
    proposals = china.stances.filter(status="proposed").count()
    expect(page.locator("[data-count=proposals]")).to_have_text(str(proposals))
    screenshot("1-filtered")

    for checkbox in page.locator("input[name=stance]").all():
        checkbox.check()
    page.get_by_role("button", name="Accept selected").click()
    expect(page.locator(".alert-success")).to_contain_text(f"Accepted {proposals} proposals")
    # Back on the same filtered queue: the filter still reads China, no "Select a valid choice".
    assert "delegation=CHN" in page.url
    expect(page.get_by_text("Select a valid choice")).to_have_count(0)
    expect(page.locator("#id_delegation-ts-control").locator("..")).to_contain_text("China")
    expect(page.locator("[data-role=empty]")).to_be_visible()
    screenshot("2-after-bulk-accept")
    assert not china.stances.filter(status="proposed").exists()
    assert japan.stances.filter(status="proposed").exists()


def test_analyst_reads_names_not_codes(live_server, live_data, page, screenshot):
    make_user("charlie", group="analyst", password=PASSWORD)
    sign_in(page, live_server.url, "charlie")
    # Home: why 22 confirmed stances and fewer current positions.
    expect(page.locator("[data-role=current-explained]")).to_contain_text("latest confirmed")
    screenshot("1-home")

    # A stance page links its delegation and provision.
    stance = Stance.objects.filter(provision__slug="transfer-of-proceedings").first()
    page.goto(live_server.url + f"/stances/{stance.pk}/")
    page.get_by_role("link", name=str(stance.delegation), exact=True).first.click()
    expect(page).to_have_url(re.compile(r".*/delegations/JPN/$"))
    page.go_back()
    page.locator("dl").get_by_role("link", name=str(stance.provision)).click()
    expect(page).to_have_url(re.compile(r".*/provisions/transfer-of-proceedings/$"))

    # The matrix: every cell is named for a screen reader.
    page.goto(live_server.url + "/matrix/")
    cell = page.locator("#matrix td a").first
    expect(cell).to_have_attribute(
        "aria-label", re.compile(r"^Japan, .+: (support|qualified|neutral|oppose)$")
    )
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('#matrix td a')].filter(a => !a.getAttribute('aria-label')).length"
    )
    assert unlabelled == 0
    screenshot("2-matrix")


def test_statement_text_history_shows_the_changed_words(live_server, live_data, page, screenshot):
    from positions.services import statement_update

    alice = make_user("alice", delegation="JPN", group="staff", password=PASSWORD)
    statement = Statement.objects.get(session__code="AHC-1")
    marker = "strongly "
    at = statement.text.index(" ", len(statement.text) - 120) + 1  # at a word's start
    new_text = statement.text[:at] + marker + statement.text[at:]
    statement_update(statement=statement, expected_version=1, updated_by=alice, text=new_text)
    sign_in(page, live_server.url, "alice")
    page.goto(live_server.url + f"/statements/{statement.pk}/")
    diff = page.locator("#history [data-role=text-diff]").first
    expect(diff.locator("ins")).to_have_text(re.compile(r"\s*strongly\s*"))
    expect(diff).to_contain_text("unchanged words")
    diff.scroll_into_view_if_needed()
    page.locator("#history").screenshot(
        path=str(screenshot("history").with_name("history-diff.png"))
    )
