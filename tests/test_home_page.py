from django.urls import reverse


def test_home_page_shows_what_the_database_holds(admin_client, django_assert_max_num_queries):
    # 9, and 3 for "changes since your last visit" (api/): read the visit, write it, and
    # the first time create its row.
    with django_assert_max_num_queries(12):
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
