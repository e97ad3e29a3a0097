"""An analyst filters the stance table, exports it, and clicks through the matrix to a statement."""

import csv
import io

import pytest
from django.urls import reverse

from positions.models import Statement
from tests.browser_helpers import sign_in
from tests.conftest import make_user

pytestmark = pytest.mark.browser


def test_analyst_filters_exports_and_clicks_through_the_matrix(
    live_server, live_data, page, screenshot
):
    make_user("charlie", "analyst")
    sign_in(page, live_server.url, "charlie")

    # The stance table, filtered to objections on transfer of criminal proceedings.
    page.click("nav >> text=Stances")
    page.wait_for_url("**/stances/")
    page.select_option("select[name=provision]", "transfer-of-proceedings")
    page.check("input[name=position][value=oppose]")
    page.click("form.filter-form input[type=submit], form.filter-form button[type=submit]")
    page.wait_for_url("**/stances/?*")
    assert "provision=transfer-of-proceedings" in page.url and "position=oppose" in page.url
    rows = page.locator("table.stance-table tbody tr")
    assert rows.count() == 1
    assert "we object to the inclusion of the transfer of prosecution" in rows.first.inner_text()
    assert rows.first.locator(".badge.position-oppose").inner_text() == "✖ oppose"
    screenshot("1-filtered-stances")

    # Export exactly that view as CSV.
    with page.expect_download() as download_info:
        page.click("a[data-export=csv]")
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as handle:
        exported = list(csv.DictReader(io.StringIO(handle.read())))
    assert [(r["delegation"], r["provision"], r["position"]) for r in exported] == [
        ("JPN", "transfer-of-proceedings", "oppose")
    ]

    # The matrix, then the cell behind Japan's objection.
    page.click("nav >> text=Matrix")
    page.wait_for_url("**/matrix/")
    # A cell links to /matrix/<code>/<slug>/, which redirects to the stances behind it.
    cell = page.locator("#matrix td > a[href='JPN/transfer-of-proceedings/']")
    assert cell.inner_text() == "✖"
    cell.hover()  # matrix.js names the cell from its row and column headers
    assert cell.get_attribute("title").startswith("Japan, ")
    assert cell.get_attribute("title").endswith(": oppose")
    screenshot("2-matrix")
    cell.click()
    page.wait_for_url("**/stances/?*")
    rows = page.locator("table.stance-table tbody tr")
    assert rows.count() == 1
    screenshot("3-stances-behind-the-cell")

    # And on to the statement it was taken from.
    statement = Statement.objects.get(stances__provision__slug="transfer-of-proceedings")
    link = rows.first.locator("a", has_text=statement.title)
    statement_url = reverse("positions:statement-detail", args=[statement.pk])
    link.click()
    page.wait_for_url(live_server.url + statement_url)
    assert statement.title in page.content()
    screenshot("4-statement")
