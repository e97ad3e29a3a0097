"""/statements/ (filters, query budget) and /statements/<id>/ (text with marked evidence)."""

import datetime

import pytest
from django.urls import reverse

from delegations.models import Delegation
from positions.models import Stance, Statement
from positions.services import stance_create, statement_create, statement_update
from provisions.models import Provision, Session

LIST = reverse("positions:statement-list")


@pytest.fixture
def french_statements(db):
    france = Delegation.objects.get(code="FRA")
    return [
        statement_create(
            delegation=france,
            session=Session.objects.get(code="AHC-2"),
            delivered_on=datetime.date(2022, 6, day),
            title=f"France statement {day}",
            text="France supports article 39.",
        )
        for day in (1, 2, 3)
    ]


def titles(response):
    return [s.title for s in response.context["statements"]]


def test_list_filters_by_delegation_session_and_date(client, charlie, french_statements):
    client.force_login(charlie)
    france = Delegation.objects.get(code="FRA")
    by_delegation = client.get(LIST, {"delegation": france.pk})
    assert titles(by_delegation) == [
        "France statement 3",
        "France statement 2",
        "France statement 1",
    ]
    by_session = client.get(LIST, {"session": Session.objects.get(code="AHC-1").pk})
    assert all("Japan" in t for t in titles(by_session))
    by_date = client.get(LIST, {"delivered_after": "2022-06-02", "delivered_before": "2022-06-02"})
    assert titles(by_date) == ["France statement 2"]


def test_withdrawn_statements_are_hidden_unless_asked_for(client, alice, french_statements):
    client.force_login(alice)
    statement = Statement.objects.filter(delegation__code="JPN").first()
    client.post(
        reverse("positions:statement-withdraw", args=[statement.pk]),
        {"version": statement.version},
    )
    assert statement.title not in titles(client.get(LIST))
    assert statement.title in titles(client.get(LIST, {"withdrawn": "include"}))
    assert titles(client.get(LIST, {"withdrawn": "only"})) == [statement.title]


def test_list_query_budget(client, charlie, french_statements, django_assert_max_num_queries):
    for n in range(30):
        statement_create(
            delegation=Delegation.objects.get(code="DEU"),
            session=Session.objects.get(code="AHC-3"),
            title=f"Germany {n}",
            text="Germany supports article 7.",
        )
    client.force_login(charlie)
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["statements"]) == 35


def test_detail_query_budget(client, charlie, django_assert_max_num_queries):
    client.force_login(charlie)
    statement = Statement.objects.get(session__code="AHC-1")
    with django_assert_max_num_queries(15):
        response = client.get(reverse("positions:statement-detail", args=[statement.pk]))
    assert len(response.context["stances"]) == 16


def test_detail_marks_each_stances_evidence_and_links_to_it(client, charlie):
    client.force_login(charlie)
    statement = Statement.objects.get(session__code="AHC-1")
    response = client.get(reverse("positions:statement-detail", args=[statement.pk]))
    content = response.content.decode()
    for stance in statement.stances.all():
        assert reverse("positions:stance-detail", args=[stance.pk]) in content
    assert content.count('<mark class="evidence') >= 5


def test_statement_text_is_escaped_around_and_inside_marks(client, alice):
    japan = Delegation.objects.get(code="JPN")
    statement = statement_create(
        delegation=japan,
        title="<b>Bold</b> title",
        text="Intro <script>alert(1)</script>. Japan supports <i>article 7</i> & more.",
    )
    stance_create(
        delegation=japan,
        provision=Provision.objects.get(slug="art-7"),
        position="support",
        statement=statement,
        evidence="Japan supports <i>article 7</i>",
    )
    client.force_login(alice)
    content = client.get(reverse("positions:statement-detail", args=[statement.pk])).content
    content = content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "Japan supports &lt;i&gt;article 7&lt;/i&gt;</a></mark>" in content
    assert "&amp; more" in content
    assert "<b>Bold</b>" not in content


def test_editing_date_and_session_moves_the_stances_along(alice):
    statement = Statement.objects.get(session__code="AHC-1")
    statement_update(
        statement=statement,
        expected_version=1,
        updated_by=alice,
        session=Session.objects.get(code="AHC-2"),
        delivered_on=datetime.date(2022, 6, 1),
    )
    stances = Stance.objects.filter(statement=statement)
    assert {s.session.code for s in stances} == {"AHC-2"}
    assert {s.stated_on for s in stances} == {datetime.date(2022, 6, 1)}
    assert all(s.history.first().history_user == alice for s in stances)


def test_editing_the_text_finds_the_evidence_again(alice):
    statement = Statement.objects.get(session__code="AHC-1")
    statement = statement_update(
        statement=statement, expected_version=1, text="Preface added.\n\n" + statement.text
    )
    assert statement.text.startswith("Preface added.")
    for stance in Stance.objects.filter(statement=statement, evidence_start__isnull=False):
        assert statement.text[stance.evidence_start : stance.evidence_end] == stance.evidence


def test_editing_away_a_quoted_passage_is_refused(client, alice):
    statement = Statement.objects.get(session__code="AHC-1")
    client.force_login(alice)
    response = client.post(
        reverse("positions:statement-edit", args=[statement.pk]),
        {
            "delegation": statement.delegation_id,
            "language": "en",
            "title": statement.title,
            "text": "Something else entirely.",
            "version": 1,
            "save": "1",
        },
    )
    assert response.status_code == 200
    assert "no longer contains the passages" in response.content.decode()
    statement.refresh_from_db()
    assert statement.version == 1 and "Something else" not in statement.text


def test_withdrawing_a_statement_withdraws_its_live_stances(client, alice):
    statement = Statement.objects.get(session__code="AHC-1")
    client.force_login(alice)
    response = client.post(
        reverse("positions:statement-withdraw", args=[statement.pk]), {"version": 1}
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.withdrawn_at is not None
    stances = Stance.objects.filter(statement=statement)
    assert {s.status for s in stances} == {"withdrawn"}
    assert all(s.history.first().history_change_reason == "Statement withdrawn" for s in stances)
    assert Statement.objects.filter(pk=statement.pk).exists()  # never deleted


def test_staff_of_another_delegation_cannot_edit_or_withdraw(client, bob):
    statement = Statement.objects.get(session__code="AHC-1")
    client.force_login(bob)
    for name in ("positions:statement-edit", "positions:statement-withdraw"):
        assert client.post(reverse(name, args=[statement.pk]), {"version": 1}).status_code == 403
    statement.refresh_from_db()
    assert statement.version == 1 and statement.withdrawn_at is None


def test_new_statement_form_presets_the_users_delegation(client, alice):
    client.force_login(alice)
    form = client.get(reverse("positions:statement-create")).context["form"]
    assert form["delegation"].value() == Delegation.objects.get(code="JPN").pk
    assert list(form.fields["delegation"].queryset.values_list("code", flat=True)) == ["JPN"]


def test_list_pages_keep_the_latest_first_order_with_undated_statements(
    client, charlie, french_statements
):
    """The list reads dated and undated statements apart and merges them: every page must
    match `latest_first()` (delivery date, else the session's start; neither: last)."""
    france = Delegation.objects.get(code="FRA")
    for n, session in enumerate(["AHC-1", "AHC-3", None, "AHC-2", None]):
        statement_create(
            delegation=france,
            session=Session.objects.get(code=session) if session else None,
            title=f"Undated {n}",
            text="France supports article 39.",
        )
    statement_create(
        delegation=france,
        session=None,
        delivered_on=datetime.date(2022, 6, 2),
        title="Same day, no session",
        text="France supports article 39.",
    )
    for day in range(50):  # past the page size of 50
        statement_create(
            delegation=france,
            session=Session.objects.get(code="AHC-3"),
            delivered_on=datetime.date(2023, 2, 1) + datetime.timedelta(days=day),
            title=f"Dated {day}",
            text="France supports article 39.",
        )
    expected = [s.title for s in Statement.objects.active().latest_first()]
    assert any(t.startswith("Undated") for t in expected[:-2])  # sessions' starts interleave
    client.force_login(charlie)
    shown = []
    page = 1
    while True:
        response = client.get(LIST, {"page": page})
        shown += titles(response)
        if not response.context["page_obj"].has_next():
            break
        page += 1
    assert shown == expected
    assert page > 1
    ids = Statement.objects.active().latest_first_ids()
    assert ids.count() == len(expected)
    assert [Statement.objects.get(pk=pk).title for pk in ids[3:9]] == expected[3:9]
