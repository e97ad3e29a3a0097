"""/review/: who sees which proposals, and the accept / edit / reject / bulk-accept actions."""

import pytest
from django.urls import reverse

from positions.models import Stance
from positions.services import statement_extract_stances
from tests.review_helpers import NAMED_TEXT, TEXT, make_statement, personas

pytestmark = pytest.mark.django_db

QUEUE = "/review/"


@pytest.fixture
def people():
    return personas()


@pytest.fixture
def japan():
    return make_statement("JPN")


def proposal(statement, slug):
    return statement.stances.select_related("provision").get(provision__slug=slug)


def login(client, user):
    client.force_login(user)
    return client


def shown(response):
    return {s.pk for s, _ in response.context["cards"]}


def test_queue_url_name():
    assert reverse("positions:review") == QUEUE


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_see_only_their_own_delegations_proposals(client, people, japan):
    china = make_statement("CHN")

    response = login(client, people["alice"]).get(QUEUE)

    assert response.status_code == 200
    assert shown(response) == set(japan.stances.values_list("pk", flat=True))
    assert not shown(response) & set(china.stances.values_list("pk", flat=True))


def test_staff_also_see_the_groups_their_delegation_belongs_to(client, people):
    eu = make_statement("EU")
    make_statement("JPN")

    response = login(client, people["bob"]).get(QUEUE)

    assert shown(response) == set(eu.stances.values_list("pk", flat=True))


def test_administrators_see_every_proposal(client, people, japan):
    china = make_statement("CHN")

    response = login(client, people["root"]).get(QUEUE + "?per_page=50")

    assert shown(response) == set(
        Stance.objects.filter(statement__in=[japan, china]).values_list("pk", flat=True)
    )


def test_analysts_may_not_use_the_queue(client, people, japan):
    stance = proposal(japan, "technical-assistance")
    login(client, people["charlie"])

    assert client.get(QUEUE).status_code == 403
    response = client.post(
        reverse("positions:review-accept", args=[stance.pk]), {"version": stance.version}
    )
    assert response.status_code == 403
    assert (
        client.post(reverse("positions:review-bulk-accept"), {"stance": [stance.pk]}).status_code
        == 403
    )
    assert client.get(reverse("positions:review-edit", args=[stance.pk])).status_code == 403
    stance.refresh_from_db()
    assert stance.status == Stance.Status.PROPOSED


def test_staff_cannot_act_on_another_delegations_proposal(client, people, japan):
    stance = proposal(japan, "technical-assistance")

    response = login(client, people["bob"]).post(
        reverse("positions:review-reject", args=[stance.pk]), {"version": stance.version}
    )

    assert response.status_code == 403
    stance.refresh_from_db()
    assert stance.status == Stance.Status.PROPOSED


def test_each_card_marks_the_evidence_in_its_paragraph_with_the_cue(client, people, japan):
    stance = proposal(japan, "transfer-of-proceedings")

    response = login(client, people["alice"]).get(QUEUE, {"provision": stance.provision.slug})

    html = response.content.decode()
    assert shown(response) == {stance.pk}
    assert (
        '<mark class="evidence">We object to the transfer of criminal proceedings.</mark>' in html
    )
    # The rest of the paragraph is shown around it.
    assert "The Convention should not cover content-related offences." in html
    # One proposal per passage: the article read with the issue is noted, not proposed again.
    assert "oppose: &quot;object to&quot; (also art-39)" in html
    assert f"/admin/positions/statement/{japan.pk}/change/" not in html  # alice is not admin staff


def test_a_named_article_is_one_card_noting_its_issue(client, people):
    statement = make_statement("JPN", text=NAMED_TEXT)
    login(client, people["alice"])

    article = client.get(QUEUE, {"provision": "art-39"})
    issue = client.get(QUEUE, {"provision": "transfer-of-proceedings"})

    assert shown(article) == {proposal(statement, "art-39").pk}
    assert "(also transfer-of-proceedings)" in article.content.decode()
    assert shown(issue) == set()


def test_filters_by_delegation_and_statement(client, people, japan):
    china = make_statement("CHN")
    login(client, people["root"])

    by_delegation = client.get(QUEUE, {"delegation": "CHN", "per_page": 50})
    by_statement = client.get(QUEUE, {"statement": japan.pk, "per_page": 50})

    assert shown(by_delegation) == set(china.stances.values_list("pk", flat=True))
    assert shown(by_statement) == set(japan.stances.values_list("pk", flat=True))


def test_filters_take_codes_and_slugs_like_the_stance_table(client, people, japan):
    china = make_statement("CHN")
    transfer = proposal(japan, "transfer-of-proceedings")
    login(client, people["root"])

    lower = client.get(QUEUE, {"delegation": "chn", "per_page": 50})
    both = client.get(QUEUE, {"delegation": ["CHN", "JPN"], "per_page": 50})
    by_slug = client.get(
        QUEUE, {"delegation": "JPN", "provision": "transfer-of-proceedings", "per_page": 50}
    )

    assert shown(lower) == set(china.stances.values_list("pk", flat=True))
    assert shown(both) == set(
        Stance.objects.filter(statement__in=[china, japan]).values_list("pk", flat=True)
    )
    assert shown(by_slug) == {transfer.pk}


def test_a_database_id_is_not_a_delegation_code(client, people, japan):
    login(client, people["root"])
    response = client.get(QUEUE, {"delegation": str(japan.delegation_id)})
    assert response.context["filter"].errors["delegation"]


def test_filters_stay_valid_after_the_last_proposal_is_accepted(client, people, japan):
    login(client, people["alice"])
    stances = list(japan.stances.filter(status="proposed"))
    url = f"{QUEUE}?delegation=JPN&statement={japan.pk}&provision=transfer-of-proceedings"

    response = client.post(
        reverse("positions:review-bulk-accept"),
        {
            "stance": [s.pk for s in stances],
            **{f"version-{s.pk}": s.version for s in stances},
            "next": url,
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == url
    assert not response.context["filter"].errors
    assert "Select a valid choice" not in response.content.decode()
    assert shown(response) == set()
    form = response.context["filter"].form
    assert form["delegation"].value() == ["JPN"]
    assert form["statement"].value() == str(japan.pk)


def test_staff_are_offered_only_the_delegations_they_review_for(client, people, japan):
    login(client, people["bob"])  # France, a member of the EU
    response = client.get(QUEUE)
    codes = [code for code, _ in response.context["filter"].form.fields["delegation"].choices]
    assert sorted(codes) == ["EU", "FRA"]
    assert client.get(QUEUE, {"delegation": "JPN"}).context["filter"].errors["delegation"]


def test_accept_confirms_and_records_who_and_when(client, people, japan):
    stance = proposal(japan, "technical-assistance")

    response = login(client, people["alice"]).post(
        reverse("positions:review-accept", args=[stance.pk]),
        {"version": stance.version, "next": QUEUE + "?page=1"},
    )

    assert response.status_code == 302
    assert response["Location"] == QUEUE + "?page=1"
    stance.refresh_from_db()
    assert stance.status == Stance.Status.CONFIRMED
    assert stance.reviewed_by == people["alice"]
    assert stance.reviewed_at is not None
    assert stance.history.first().history_change_reason == "Accepted in review"


def test_accepting_a_stale_version_changes_nothing(client, people, japan):
    stance = proposal(japan, "technical-assistance")
    login(client, people["alice"])

    response = client.post(
        reverse("positions:review-accept", args=[stance.pk]),
        {"version": stance.version - 1},
        follow=True,
    )

    assert "changed since you opened the page" in response.content.decode()
    stance.refresh_from_db()
    assert stance.status == Stance.Status.PROPOSED


def test_a_second_reviewer_is_told_who_got_there_first(client, people, japan):
    stance = proposal(japan, "technical-assistance")
    version = stance.version
    login(client, people["root"]).post(
        reverse("positions:review-reject", args=[stance.pk]), {"version": version}
    )

    response = login(client, people["alice"]).post(
        reverse("positions:review-accept", args=[stance.pk]), {"version": version}, follow=True
    )

    assert "already rejected by root" in response.content.decode()
    stance.refresh_from_db()
    assert stance.status == Stance.Status.REJECTED


def test_reject_keeps_the_stance_with_who_and_when_and_it_is_not_proposed_again(
    client, people, japan
):
    stance = proposal(japan, "content-offences")

    login(client, people["alice"]).post(
        reverse("positions:review-reject", args=[stance.pk]), {"version": stance.version}
    )
    statement_extract_stances(statement=japan)

    stance.refresh_from_db()
    assert stance.status == Stance.Status.REJECTED
    assert stance.reviewed_by == people["alice"] and stance.reviewed_at
    assert japan.stances.filter(provision__slug="content-offences").count() == 1


def test_edit_then_accept_recomputes_the_evidence_offsets(client, people, japan):
    stance = proposal(japan, "safeguards-human-rights")
    login(client, people["alice"])
    url = reverse("positions:review-edit", args=[stance.pk])
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "position": "support",
            "provision": stance.provision_id,
            "evidence": "only where domestic law provides for them",
            "note": "Reads as support with a caveat.",
            "version": stance.version,
        },
    )

    assert response.status_code == 302
    stance.refresh_from_db()
    assert (stance.status, stance.position) == ("confirmed", "support")
    assert stance.evidence == "only where domestic law provides for them"
    assert japan.text[stance.evidence_start : stance.evidence_end] == stance.evidence
    assert stance.note == "Reads as support with a caveat."
    assert stance.reviewed_by == people["alice"]


def test_edit_refuses_evidence_that_is_not_in_the_statement(client, people, japan):
    stance = proposal(japan, "safeguards-human-rights")

    response = login(client, people["alice"]).post(
        reverse("positions:review-edit", args=[stance.pk]),
        {
            "position": "support",
            "provision": stance.provision_id,
            "evidence": "Japan never said this.",
            "version": stance.version,
        },
    )

    assert response.status_code == 200
    assert "This passage is not in the statement" in response.content.decode()
    stance.refresh_from_db()
    assert (stance.status, stance.position) == ("proposed", "qualified")


def test_edit_refuses_a_provision_that_already_has_a_live_stance(client, people, japan):
    stance = proposal(japan, "technical-assistance")
    other = proposal(japan, "transfer-of-proceedings")

    response = login(client, people["alice"]).post(
        reverse("positions:review-edit", args=[stance.pk]),
        {
            "position": "support",
            "provision": other.provision_id,
            "evidence": stance.evidence,
            "version": stance.version,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    stance.refresh_from_db()
    assert (stance.status, stance.provision_id, stance.version) == (
        "proposed",
        proposal(japan, "technical-assistance").provision_id,
        proposal(japan, "technical-assistance").version,
    )


def test_bulk_accept_accepts_the_selected_and_reports_the_stale(client, people, japan):
    a, b, c = (
        proposal(japan, s)
        for s in ("technical-assistance", "transfer-of-proceedings", "content-offences")
    )
    untouched = proposal(japan, "safeguards-human-rights")

    response = login(client, people["alice"]).post(
        reverse("positions:review-bulk-accept"),
        {
            "stance": [a.pk, b.pk, c.pk],
            f"version-{a.pk}": a.version,
            f"version-{b.pk}": b.version,
            f"version-{c.pk}": c.version + 5,
        },
        follow=True,
    )

    html = response.content.decode()
    assert "Accepted 2 proposals." in html
    assert "changed since you opened the page" in html
    statuses = dict(
        Stance.objects.filter(pk__in=[a.pk, b.pk, c.pk, untouched.pk]).values_list("pk", "status")
    )
    assert statuses == {
        a.pk: "confirmed",
        b.pk: "confirmed",
        c.pk: "proposed",
        untouched.pk: "proposed",
    }


def test_bulk_accept_ignores_other_delegations_stances(client, people, japan):
    china = make_statement("CHN")
    theirs = proposal(china, "technical-assistance")

    login(client, people["alice"]).post(
        reverse("positions:review-bulk-accept"),
        {"stance": [theirs.pk], f"version-{theirs.pk}": theirs.version},
    )

    theirs.refresh_from_db()
    assert theirs.status == Stance.Status.PROPOSED


def test_actions_only_accept_post(client, people, japan):
    stance = proposal(japan, "technical-assistance")
    login(client, people["alice"])

    assert client.get(reverse("positions:review-accept", args=[stance.pk])).status_code == 405
    assert client.get(reverse("positions:review-reject", args=[stance.pk])).status_code == 405
    assert client.get(reverse("positions:review-bulk-accept")).status_code == 405


def test_next_must_stay_on_this_site(client, people, japan):
    stance = proposal(japan, "technical-assistance")

    response = login(client, people["alice"]).post(
        reverse("positions:review-accept", args=[stance.pk]),
        {"version": stance.version, "next": "https://evil.example/"},
    )

    assert response["Location"] == QUEUE


@pytest.mark.parametrize("per_page", [10, 50])
def test_queue_query_budget_does_not_grow_with_the_page(
    client, people, per_page, django_assert_max_num_queries
):
    for n in range(13):  # 52 proposals
        make_statement("JPN", title=f"Statement {n}")
    login(client, people["alice"])

    # 13: one of them lists the statements in a language the extractor does not read.
    with django_assert_max_num_queries(13):
        response = client.get(QUEUE, {"per_page": per_page})

    assert len(response.context["cards"]) == per_page


def test_paragraphs_are_found_in_text_typed_in_a_browser(client, people):
    statement = make_statement("JPN", text=TEXT.replace("\n", "\r\n"))
    stance = proposal(statement, "content-offences")

    response = login(client, people["alice"]).get(QUEUE, {"provision": stance.provision.slug})

    html = response.content.decode()
    assert (
        '<mark class="evidence">The Convention should not cover content-related offences.</mark>'
        in html
    )
    assert "Human rights safeguards" not in html
    assert "Mr. Chair" not in html


def test_a_proposal_removed_by_re_extraction_is_no_longer_found(client, people, japan):
    stance = proposal(japan, "content-offences")
    japan.text = japan.text.replace("The Convention should not cover content-related offences.", "")
    japan.save()
    statement_extract_stances(statement=japan)

    response = login(client, people["alice"]).post(
        reverse("positions:review-accept", args=[stance.pk]),
        {"version": stance.version},
        follow=True,
    )

    assert response.status_code == 404
    assert not Stance.objects.filter(pk=stance.pk).exists()


def test_pages_follow_the_queue_order_across_statements_of_one_day(client, people):
    """A page's rows are picked by id from the ordered proposals, then read with their
    statements: every page holds the next rows of the order, none twice, none lost."""
    for n in range(6):  # 24 proposals, all of the same day
        make_statement("JPN", title=f"Statement {n}")
    login(client, people["root"])
    expected = list(
        Stance.objects.filter(status="proposed")
        .order_by("-stated_on", "statement_id", "evidence_start", "pk")
        .values_list("pk", flat=True)
    )
    assert len(expected) > 20
    pages = [
        [s.pk for s, _ in client.get(QUEUE, {"per_page": 10, "page": n}).context["cards"]]
        for n in (1, 2, 3)
    ]
    assert pages[0] + pages[1] + pages[2] == expected
    first = client.get(QUEUE, {"per_page": 10}).context["cards"][0][0]
    assert first.statement.text and first.delegation.code == "JPN"  # joined, not read again
