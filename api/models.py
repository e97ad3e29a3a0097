"""API tokens, what people watch, and when they last looked."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from delegations.models import Delegation
from provisions.models import Provision


def token_digest(key: str) -> str:
    """How a token is stored: its SHA-256 (a token is 32 random bytes, so no salt or slow hash
    is needed; the database never holds a usable key)."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        """Tokens not revoked."""
        return self.filter(revoked_at__isnull=True)

    def for_key(self, key: str):
        """The active token whose key is `key` (looked up by its digest)."""
        return self.active().filter(digest=token_digest(key))


class ApiToken(models.Model):
    """A key a person's scripts (or feed reader) use to act as that person, until revoked."""

    class Scope(models.TextChoices):
        API = "api", "API (read and write as you)"
        FEED = "feed", "Feeds only (read, in a feed reader's URL)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What it is for, e.g. 'briefing script'.")
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.API)
    prefix = models.CharField(
        max_length=12, help_text="The key's first characters, to recognise it in lists."
    )
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the key.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=["api", "feed"]), name="api_token_scope_valid"
            )
        ]

    def __str__(self):
        return f"{self.user}'s {self.get_scope_display().split(' ')[0]} token {self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Watch(models.Model):
    """A person follows the positions of a delegation (a group with its members) or on a provision."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches"
    )
    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    provision = models.ForeignKey(
        Provision, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(delegation__isnull=True, provision__isnull=False)
                | Q(delegation__isnull=False, provision__isnull=True),
                name="watch_one_subject",
            ),
            models.UniqueConstraint(
                fields=["user", "delegation"],
                condition=Q(delegation__isnull=False),
                name="watch_unique_delegation",
            ),
            models.UniqueConstraint(
                fields=["user", "provision"],
                condition=Q(provision__isnull=False),
                name="watch_unique_provision",
            ),
        ]

    def __str__(self):
        return f"{self.user} watches {self.delegation or self.provision}"


# A visit starts when the home page is opened this long after the last time it was.
VISIT_GAP = timezone.timedelta(minutes=30)


class Reader(models.Model):
    """When a person last opened the home page and last got a digest (what is new for them)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader"
    )
    visit_at = models.DateTimeField(null=True, blank=True, help_text="The latest visit.")
    previous_visit_at = models.DateTimeField(
        null=True, blank=True, help_text="The visit before: the home page lists changes since."
    )
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return (
            f"{self.user} last visited {self.visit_at:%Y-%m-%d %H:%M}"
            if self.visit_at
            else str(self.user)
        )
