"""/agreement/: what reviewers did with the extractor's proposals, per provision, on counts
worked out by hand."""

from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from analysis.selectors import cohen_kappa, extractor_agreement
from positions.models import ExtractorModel, Stance
from provisions.models import Provision
from tests.review_helpers import make_statement

pytestmark = pytest.mark.django_db

URL = "/agreement/"


def reviewed(proposed_slug, proposed, *, status="confirmed", position=None, slug=None, model=None):
    """An extracted stance on its own statement, proposed as (proposed_slug, proposed), then
    reviewed: confirmed as (slug, position) (default: as proposed) or rejected."""
    statement = make_statement("JPN", extract=False)
    proposed_provision = Provision.objects.get(slug=proposed_slug)
    return Stance.objects.create(
        delegation=statement.delegation,
        statement=statement,
        session=statement.session,
        stated_on=statement.date,
        provision=Provision.objects.get(slug=slug) if slug else proposed_provision,
        position=position or proposed,
        proposed_provision=proposed_provision,
        proposed_position=proposed,
        origin=Stance.Origin.EXTRACTED,
        status=status,
        reviewed_at=timezone.now() if status != "proposed" else None,
        extractor_model=model,
    )


@pytest.fixture
def reviews():
    """On technical assistance: 3 accepted, 2 revised (a position, a provision), 1 rejected; on
    the transfer of proceedings, 1 accepted. Not counted: a pending proposal, a hand-logged stance.

    Kappa on technical assistance, by hand: pairs (extractor, reviewer) are (s, s) x2, (s, q),
    (o, o), (s, none) x2; p_o = 3/6; extractor marginals s 5, o 1; reviewer s 2, q 1, o 1,
    none 2; p_e = (5*2 + 1*1)/36 = 11/36; kappa = (18/36 - 11/36) / (25/36) = 7/25 = 0.28.
    """
    ta = "technical-assistance"
    reviewed(ta, "support")
    reviewed(ta, "support")
    reviewed(ta, "support", position="qualified")
    reviewed(ta, "oppose")
    reviewed(ta, "support", status="rejected")
    reviewed(ta, "support", slug="content-offences")
    reviewed("transfer-of-proceedings", "oppose")
    reviewed(ta, "support", status="proposed")
    manual = reviewed(ta, "support")
    Stance.objects.filter(pk=manual.pk).update(origin=Stance.Origin.MANUAL)


def test_agreement_url_name():
    assert reverse("analysis:agreement") == URL


def test_cohen_kappa_on_a_textbook_table():
    # p_o = 0.7; p_e = (25*30 + 25*20) / 50^2 = 0.5; kappa = 0.2 / 0.5 = 0.4.
    pairs = Counter({("y", "y"): 20, ("y", "n"): 5, ("n", "y"): 10, ("n", "n"): 15})
    assert cohen_kappa(pairs) == pytest.approx(0.4)


def test_cohen_kappa_is_undefined_when_both_raters_use_one_label():
    assert cohen_kappa(Counter({("support", "support"): 4})) is None
    assert cohen_kappa(Counter()) is None


def test_counts_precision_and_kappa_per_provision(reviews):
    rows, total = extractor_agreement()

    by_slug = {row.provision.slug: row for row in rows}
    assert set(by_slug) == {"technical-assistance", "transfer-of-proceedings"}
    ta = by_slug["technical-assistance"]
    assert (ta.accepted, ta.revised, ta.rejected, ta.reviewed) == (3, 2, 1, 6)
    assert ta.precision == pytest.approx(0.5)
    assert ta.kappa == pytest.approx(0.28)
    top = by_slug["transfer-of-proceedings"]
    assert (top.accepted, top.revised, top.rejected) == (1, 0, 0)
    assert top.kappa is None  # one label throughout: undefined
    assert (total.accepted, total.revised, total.rejected) == (4, 2, 1)
    assert total.precision == pytest.approx(4 / 7)


def test_counts_narrow_to_one_version_of_the_heads(reviews):
    model = ExtractorModel.objects.create(version=1, heads="{}", heads_digest="x")
    reviewed("content-offences", "oppose", status="rejected", model=model)

    rows, total = extractor_agreement(model=model)
    assert [(r.provision.slug, r.rejected) for r in rows] == [("content-offences", 1)]
    _rows, default = extractor_agreement(model="default")
    assert default.reviewed == 7


def test_page_shows_the_figures_within_its_query_budget(
    analyst_client, reviews, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = analyst_client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-provision="technical-assistance"' in html
    ta = [r for r in response.context["rows"] if r.provision.slug == "technical-assistance"][0]
    assert (ta.accepted, ta.revised, ta.rejected) == (3, 2, 1)
    assert "0.28" in html and "0.50" in html
    assert "Cohen" in html


def test_page_says_when_nothing_was_reviewed(analyst_client):
    response = analyst_client.get(URL)
    assert 'data-role="empty"' in response.content.decode()


def test_review_queue_and_provision_page_link_to_it(client, alice, charlie):
    client.force_login(alice)
    assert URL in client.get("/review/").content.decode()
    client.force_login(charlie)
    assert URL in client.get("/provisions/technical-assistance/").content.decode()
