"""Watching delegations, groups and provisions: the button on their pages, the email digest
(`manage.py send_digests`), and "changes since your last visit" on the home page."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from api.models import Reader, Watch
from api.services import digests_send, reader_visit
from delegations.models import Delegation
from positions.services import stance_accept

from .review_helpers import make_statement

pytestmark = pytest.mark.django_db


def _accept_one(user, code="JPN"):
    statement = make_statement(code)
    proposal = statement.stances.proposed().order_by("pk").first()
    return stance_accept(stance=proposal, user=user, expected_version=proposal.version)


def test_watch_button_on_delegation_and_provision_pages(client, charlie):
    client.force_login(charlie)
    page = client.get(reverse("analysis:delegation-detail", args=["EU"]))
    assert b'data-watch="off"' in page.content
    response = client.post(
        reverse("watch"), {"delegation": "EU", "on": "1", "next": "/delegations/EU/"}
    )
    assert response.status_code == 302 and response["Location"] == "/delegations/EU/"
    assert Watch.objects.filter(user=charlie, delegation__code="EU").exists()
    assert (
        b'data-watch="on"' in client.get(reverse("analysis:delegation-detail", args=["EU"])).content
    )
    client.post(reverse("watch"), {"delegation": "EU", "on": "0"})
    assert not Watch.objects.filter(user=charlie).exists()
    client.post(
        reverse("watch"), {"provision": "art-39", "on": "1", "next": "https://evil.example/"}
    )
    assert Watch.objects.filter(user=charlie, provision__slug="art-39").exists()
    page = client.get(reverse("analysis:provision-detail", args=["art-39"]))
    assert b'data-watch="on"' in page.content


def test_digest_emails_watchers_the_changes_to_what_they_watch(charlie, alice):
    charlie.email = "charlie@example.org"
    charlie.save()
    Watch.objects.create(user=charlie, delegation=Delegation.objects.get(code="JPN"))
    stance = _accept_one(alice)
    result = digests_send()
    assert result.sent == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["charlie@example.org"]
    assert str(stance) in message.body and f"/stances/{stance.pk}/" in message.body
    # Nothing new since: no second email.
    assert digests_send().sent == 0 and len(mail.outbox) == 1


def test_digest_skips_changes_outside_what_is_watched(charlie, alice):
    charlie.email = "charlie@example.org"
    charlie.save()
    Watch.objects.create(user=charlie, delegation=Delegation.objects.get(code="FRA"))
    _accept_one(alice)
    assert digests_send().sent == 0 and mail.outbox == []


def test_send_digests_command_prints_a_summary(capsys, charlie, alice):
    charlie.email = "charlie@example.org"
    charlie.save()
    Watch.objects.create(user=charlie, delegation=Delegation.objects.get(code="EU"))
    call_command("send_digests")
    assert "0 digest(s) sent to 1 watcher(s)" in capsys.readouterr().out


def test_home_lists_changes_since_the_previous_visit(client, charlie, alice):
    client.force_login(charlie)
    assert b"since-last-visit" not in client.get("/").content  # first visit: nothing to compare
    reader = Reader.objects.get(user=charlie)
    reader.visit_at = timezone.now() - datetime.timedelta(hours=2)
    reader.save()
    stance = _accept_one(alice)
    page = client.get("/").content.decode()
    assert 'id="since-last-visit"' in page and str(stance) in page
    # Within the same visit the list stays; a new visit later starts from this one.
    assert str(stance) in client.get("/").content.decode()
    later = timezone.now() + datetime.timedelta(hours=1)
    reader_visit(user=charlie, now=later)
    reader.refresh_from_db()
    assert reader.previous_visit_at < reader.visit_at == later
