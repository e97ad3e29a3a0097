"""Atom feeds of confirmed stance changes: all, per delegation (a group with its members), per
provision; a browser session or a token in the URL."""

import xml.etree.ElementTree as ET

import pytest

from api.services import api_token_create, api_token_revoke
from positions.models import Stance
from positions.services import stance_accept

from .review_helpers import make_statement

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
