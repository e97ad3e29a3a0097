import datetime

from django.urls import reverse


def test_home_page_shows_what_the_database_holds(admin_client, django_assert_max_num_queries):
    # 10 (the latest statements are two: the dated and the undated ones), and 3 for "changes
    # since your last visit" (api/): read the visit, write it, and the first time create its row.
    with django_assert_max_num_queries(13):
        response = admin_client.get(reverse("home"))
    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts["statements"] == 2
    assert counts["stances"]["confirmed"] == 22
    assert counts["delegations"] == 207
    assert counts["provisions"] == {"chapter": 9, "article": 68, "issue": 23}
    assert response.context["position_counts"]["oppose"] == 4
    assert len(response.context["latest_statements"]) == 2
    assert b"Statement by the Representative of Japan" in response.content
    assert b"bootstrap/css/bootstrap.min.css" in response.content


def test_latest_statements_are_the_newest_dated_and_undated_in_one_order(admin_client):
    """The home page's latest statements (read as the dated and the undated ones) are the first
    of `latest_first()`: by delivery date or, without one, the session's first day."""
    from analysis.selectors.home import LATEST_STATEMENTS
    from positions.models import Statement

    japan = Statement.objects.filter(delegation__code="JPN").first()
    for i in range(14):
        japan.pk = None
        japan.title = f"Statement {i}"
        japan.delivered_on = None if i % 3 == 0 else datetime.date(2030, 1, 1 + i)
        japan.session = None if i % 6 == 0 else japan.session
        japan.text_digest = f"digest-{i}"
        japan.save()
    response = admin_client.get("/")
    expected = list(Statement.objects.active().latest_first().values_list("pk", flat=True))
    shown = [s.pk for s in response.context["latest_statements"]]
    assert shown == expected[:LATEST_STATEMENTS]
    assert len(shown) == 10


def test_proposals_awaiting_review_link_to_the_queue_for_reviewers_only(client, alice, charlie):
    from tests.review_helpers import make_statement

    make_statement("JPN", title="A statement with proposals")  # the extractor proposes stances
    client.force_login(alice)
    html = client.get("/").content.decode()
    assert f'<a href="{reverse("positions:review")}">' in html
    assert "awaiting review</a>" in html

    client.force_login(charlie)  # an analyst reads everything and reviews nothing
    html = client.get("/").content.decode()
    assert "awaiting review" in html and "awaiting review</a>" not in html


def test_a_statement_with_a_date_and_no_session_shows_no_stray_separator(admin_client):
    from positions.models import Statement

    japan = Statement.objects.filter(delegation__code="JPN").first()
    japan.pk, japan.session, japan.text_digest = None, None, "no-session"
    japan.delivered_on = datetime.date(2031, 1, 1)
    japan.save()
    html = admin_client.get("/").content.decode()
    assert '<span class="text-muted small">1 Jan 2031</span>' in html
    assert "> · 1 Jan 2031" not in html


def test_the_figures_are_kept_until_the_next_write(admin_client, settings):
    """With PAGE_CACHE_SECONDS on, the counts and latest statements are read once per data
    version: the next view reads no statement; a new statement shows at once."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from common import data_version
    from tests.review_helpers import make_statement

    settings.PAGE_CACHE_SECONDS = 600
    caches[data_version.CACHE].clear()

    def statement_reads():
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get("/")
        reads = sum('FROM "positions_statement"' in q["sql"] for q in queries)
        return response.context["counts"]["statements"], reads

    assert statement_reads() == (2, 3)  # the count, the latest dated and undated ones
    assert statement_reads() == (2, 0)
    make_statement("JPN", title="A third statement")
    assert statement_reads() == (3, 3)
    assert b"A third statement" in admin_client.get("/").content
