import datetime

from django.db.models import Count

from delegations.models import Delegation, GroupMembership, RegionalGroup
from provisions.models import Provision, Session


def test_delegation_counts_by_kind(db):
    assert Delegation.objects.states().count() == 193
    assert Delegation.objects.filter(kind="observer").count() == 5
    assert Delegation.objects.groups().count() == 9


def test_japan_is_in_the_asia_pacific_group(db):
    japan = Delegation.objects.get(code="JPN")
    assert japan.regional_group == RegionalGroup.ASIA_PACIFIC
    assert japan.iso2 == "JP"
    assert japan.kind == "state"


def test_regional_groups_cover_every_state(db):
    assert not Delegation.objects.states().filter(regional_group="").exists()
    assert not Delegation.objects.groups().exclude(regional_group="").exists()
    assert Delegation.objects.in_regional_group(RegionalGroup.AFRICAN).count() == 54


def test_eu_has_27_members_and_african_group_54(db):
    assert GroupMembership.objects.current().filter(group__code="EU").count() == 27
    assert GroupMembership.objects.current().filter(group__code="AFRICAN-GROUP").count() == 54
    assert GroupMembership.objects.filter(group__code="EU", member__code="FRA").exists()


def test_memberships_of_every_group_are_listed(db):
    counts = dict(
        GroupMembership.objects.values_list("group__code").annotate(n=Count("pk")).order_by()
    )
    assert counts == {
        "EU": 28, "CARICOM": 14, "AFRICAN-GROUP": 54, "G77": 134, "ARAB-GROUP": 22,
        "OIC": 57, "ASEAN": 11, "CELAC": 33, "PIF": 14,
    }  # fmt: skip
    assert GroupMembership.objects.count() == 367


def test_memberships_are_dated(db):
    uk = GroupMembership.objects.get(group__code="EU", member__code="GBR")
    assert (uk.start_date, uk.end_date) == (datetime.date(1973, 1, 1), datetime.date(2020, 1, 31))
    assert not GroupMembership.objects.current().filter(member__code="GBR").exists()
    assert (
        GroupMembership.objects.current(datetime.date(2019, 6, 1))
        .filter(group__code="EU", member__code="GBR")
        .exists()
    )
    # Timor-Leste joined ASEAN on 26 October 2025; a year alone (the OIC's) is its 1 January.
    timor = GroupMembership.objects.get(group__code="ASEAN", member__code="TLS")
    assert timor.start_date == datetime.date(2025, 10, 26)
    afghanistan = GroupMembership.objects.get(group__code="OIC", member__code="AFG")
    assert afghanistan.start_date == datetime.date(1969, 1, 1)


def test_china_is_in_the_g77_and_japan_in_no_group(db):
    assert list(
        GroupMembership.objects.filter(member__code="CHN").values_list("group__code", flat=True)
    ) == ["G77"]
    assert not GroupMembership.objects.filter(member__code="JPN").exists()


def test_reload_removes_memberships_the_reference_no_longer_lists(db):
    from django.core.management import call_command

    eu, fra = Delegation.objects.get(code="EU"), Delegation.objects.get(code="FRA")
    GroupMembership.objects.create(group=eu, member=fra, start_date=None)  # an old undated row
    call_command("load_seed_data", "--no-seeds", verbosity=0)
    assert GroupMembership.objects.filter(group=eu, member=fra).count() == 1
    assert GroupMembership.objects.count() == 367


def test_sessions_are_loaded_with_their_dates(db):
    assert Session.objects.count() == 23
    ahc1 = Session.objects.get(code="AHC-1")
    assert (ahc1.start_date.isoformat(), ahc1.end_date.isoformat()) == ("2022-02-28", "2022-03-11")
    assert Session.objects.get(code="CCPCJ-24").city == "Vienna"


def test_chapters_articles_and_issues(db):
    assert Provision.objects.chapters().count() == 9
    assert Provision.objects.articles().count() == 68
    assert Provision.objects.issues().count() == 23


def test_article_39_is_transfer_of_criminal_proceedings_in_chapter_5(db):
    article = Provision.objects.get(slug="art-39")
    assert article.title == "Transfer of criminal proceedings"
    assert article.number == 39
    assert article.parent.slug == "ch-5"
    assert article.parent.kind == "chapter"


def test_issues_are_linked_to_their_articles_both_ways(db):
    issue = Provision.objects.get(slug="transfer-of-proceedings")
    assert issue.category == "international-cooperation"
    assert list(issue.related.values_list("slug", flat=True)) == ["art-39"]
    mla = Provision.objects.get(slug="mutual-legal-assistance")
    assert sorted(mla.related.values_list("number", flat=True)) == list(range(40, 47))
    assert (
        Provision.objects.get(slug="art-39").related.filter(slug="transfer-of-proceedings").exists()
    )
    assert not Provision.objects.get(slug="new-instrument").related.exists()


def test_reference_load_is_idempotent(db):
    from django.core.management import call_command

    before = (
        Delegation.objects.count(),
        GroupMembership.objects.count(),
        Provision.objects.count(),
    )
    call_command("load_seed_data", "--no-seeds", verbosity=0)
    after = (Delegation.objects.count(), GroupMembership.objects.count(), Provision.objects.count())
    assert before == after
