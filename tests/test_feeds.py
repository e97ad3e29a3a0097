"""Atom feeds of confirmed stance changes: all, per delegation (a group with its members), per
provision; a browser session or a token in the URL."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from api.models import Watch
from api.selectors import watched_changes
from api.services import api_token_create, api_token_revoke
from delegations.models import Delegation, GroupMembership
from positions.models import Stance
from positions.services import stance_accept

from .review_helpers import make_statement
from .stance_factory import stance_make

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(response) -> ET.Element:
    """The feed, checked against what RFC 4287 requires of a feed and of each entry."""
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{name}") is not None, name
    return feed


def titles(feed) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]


def test_all_changes_feed_lists_confirmed_stances_newest_first(client, charlie, alice):
    statement = make_statement("JPN")
    proposal = statement.stances.proposed().order_by("pk").first()
    stance_accept(stance=proposal, user=alice, expected_version=proposal.version)
    client.force_login(charlie)
    feed = parse_atom(client.get("/feeds/"))
    assert titles(feed)[0] == str(Stance.objects.get(pk=proposal.pk))
    proposed = statement.stances.proposed().exclude(pk=proposal.pk).first()
    assert str(proposed) not in titles(feed)[:1]


def test_delegation_feed_of_a_group_includes_its_members(client, charlie):
    client.force_login(charlie)
    feed = parse_atom(client.get("/feeds/delegations/JPN/"))
    assert titles(feed) and all(t.startswith("Japan") for t in titles(feed))
    assert titles(parse_atom(client.get("/feeds/delegations/EU/"))) == []
    assert client.get("/feeds/delegations/NOPE/").status_code == 404


def test_provision_feed_includes_the_articles_of_an_issue(client, charlie):
    client.force_login(charlie)
    feed = parse_atom(client.get("/feeds/provisions/transfer-of-proceedings/"))
    assert all("ransfer" in t or "Article 39" in t for t in titles(feed))


def test_a_feed_reader_uses_a_token_in_the_url(client, charlie):
    assert client.get("/feeds/").status_code == 401
    token, key = api_token_create(user=charlie, name="reader", scope="feed")
    parse_atom(client.get("/feeds/", {"token": key}))
    api_token_revoke(token=token)
    assert client.get("/feeds/", {"token": key}).status_code == 401


def test_a_group_feed_counts_a_members_change_only_while_it_was_a_member(client, charlie):
    """France's stances stated before it joined the EU, or after it left, are not the EU's."""
    membership = GroupMembership.objects.get(group__code="EU", member__code="FRA")
    membership.start_date = datetime.date(2022, 1, 1)
    membership.end_date = datetime.date(2022, 12, 31)
    membership.save()
    before = stance_make("FRA", "extradition", "oppose", stated_on="2021-06-01")
    during = stance_make("FRA", "jurisdiction", "support", stated_on="2022-06-01")
    after = stance_make("FRA", "art-39", "neutral", stated_on="2023-02-01")
    own = stance_make("EU", "art-40", "qualified", stated_on="2023-02-01")
    outsider = stance_make("CHN", "art-41", "oppose", stated_on="2022-06-01")
    client.force_login(charlie)
    shown = titles(parse_atom(client.get("/feeds/delegations/EU/")))
    assert str(during) in shown and str(own) in shown
    for stance in (before, after, outsider):
        assert str(stance) not in shown
    # France's own feed keeps all of its stances.
    france = titles(parse_atom(client.get("/feeds/delegations/FRA/")))
    assert {str(before), str(during), str(after)} <= set(france)
    # The same scope for what a watcher of the EU is sent.
    Watch.objects.create(user=charlie, delegation=Delegation.objects.get(code="EU"))
    watched = {c.stance_id for c in watched_changes(user=charlie)}
    assert watched == {during.pk, own.pk}
