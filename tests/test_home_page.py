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
