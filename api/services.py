"""Writes of the api app: tokens, watches, visits and digests."""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Case, F, Q, When
from django.template.loader import render_to_string
from django.utils import timezone

from delegations.models import Delegation
from provisions.models import Provision

from .models import VISIT_GAP, ApiToken, Reader, Watch, token_digest
from .selectors import watched_changes

KEY_PREFIX = "tpt_"  # so a leaked key is recognisable (secret scanners, logs)
MAX_ACTIVE_TOKENS = 20


@transaction.atomic
def api_token_create(*, user, name: str, scope: str = ApiToken.Scope.API) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns it with its key, which is shown once and never stored
    (only its SHA-256 is)."""
    name = name.strip()[:100] or "token"
    if user.api_tokens.active().count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(f"At most {MAX_ACTIVE_TOKENS} active tokens; revoke one first.")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, scope=scope, prefix=key[:12], digest=token_digest(key))
    token.full_clean()
    token.save()
    return token, key


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token at once (kept, with when, for the record); revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Note when a token was used (at most once a minute, to spare a write per request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timezone.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def watch_set(
    *, user, on: bool, delegation: Delegation | None = None, provision: Provision | None = None
) -> bool:
    """Start (`on`) or stop watching a delegation or a provision; returns whether it is watched."""
    if (delegation is None) == (provision is None):
        raise ValueError("Watch a delegation or a provision.")
    subject = {"delegation": delegation} if delegation is not None else {"provision": provision}
    if on:
        Watch.objects.get_or_create(user=user, **subject)
    else:
        Watch.objects.filter(user=user, **subject).delete()
    return on


def reader_visit(*, user, now=None) -> None:
    """Record that `user` opened the home page. A new visit (after `VISIT_GAP`) moves the
    previous visit forward, so "changes since your last visit" stays put within one visit.

    One UPDATE (an INSERT the first time): the home page pays for it on every view.
    """
    now = now or timezone.now()
    new_visit = Q(visit_at__isnull=True) | Q(visit_at__lt=now - VISIT_GAP)
    updated = Reader.objects.filter(user=user).update(
        previous_visit_at=Case(When(new_visit, then=F("visit_at")), default=F("previous_visit_at")),
        visit_at=now,
    )
    if not updated:
        Reader.objects.create(user=user, visit_at=now)


@dataclass(frozen=True)
class DigestResult:
    sent: int  # emails sent
    users: int  # people with watches and an email address
    changes: int  # changes listed over all emails


DIGEST_MAX_CHANGES = 200
DIGEST_FIRST_PERIOD = timezone.timedelta(days=1)


def digests_send(*, now=None) -> DigestResult:
    """Email each person who watches something the confirmed changes to what they watch since
    their last digest (the last day, for a first one); people with nothing new get no email.

    The digest time moves forward only when the email is sent (or there was nothing to send),
    so a failed send is retried at the next run.
    """
    now = now or timezone.now()
    from django.contrib.auth import get_user_model

    users = (
        get_user_model()
        .objects.filter(is_active=True, watches__isnull=False)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    sent = listed = count = 0
    for user in users:
        count += 1
        reader, _ = Reader.objects.get_or_create(user=user)
        since = reader.digest_sent_at or now - DIGEST_FIRST_PERIOD
        changes = watched_changes(user=user, since=since, until=now, limit=DIGEST_MAX_CHANGES)
        if changes:
            context = {
                "user": user,
                "changes": changes,
                "since": since,
                "site_url": settings.SITE_URL,
            }
            send_mail(
                subject=f"Treaty Position Tracker: {len(changes)} change(s) to what you watch",
                message=render_to_string("api/digest_email.txt", context),
                from_email=None,
                recipient_list=[user.email],
            )
            sent += 1
            listed += len(changes)
        reader.digest_sent_at = now
        reader.save(update_fields=["digest_sent_at"])
    return DigestResult(sent=sent, users=count, changes=listed)
