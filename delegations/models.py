from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from extraction.names import normalise_name


class RegionalGroup(models.TextChoices):
    """The five UN regional groups, as used for elections and seat allocation."""

    AFRICAN = "african", "African States"
    ASIA_PACIFIC = "asia-pacific", "Asia-Pacific States"
    EASTERN_EUROPEAN = "eastern-european", "Eastern European States"
    LATIN_AMERICAN_CARIBBEAN = "latin-american-caribbean", "Latin American and Caribbean States"
    WESTERN_EUROPEAN_OTHERS = "western-european-others", "Western European and Others States"


class DelegationQuerySet(models.QuerySet):
    def states(self):
        """UN member states only."""
        return self.filter(kind=Delegation.Kind.STATE)

    def groups(self):
        """Groups that speak on behalf of their members (EU, African Group, G77, ...)."""
        return self.filter(kind=Delegation.Kind.GROUP)

    def in_regional_group(self, group: str):
        """Delegations counted in one of the five UN regional groups."""
        return self.filter(regional_group=group)

    def by_codes(self, codes):
        """Delegations whose code is one of `codes` (case-insensitive input is upper-cased)."""
        return self.filter(code__in=[code.upper() for code in codes])

    def get_by_name(self, name: str):
        """The delegation a free-text name refers to ("the Japanese delegation", "Japon"), or None.

        Looks the normalised name up in the alias table, which also holds every delegation's
        code, official name and common name.
        """
        key = normalise_name(name)
        if not key:
            return None
        return self.filter(aliases__normalized=key).first()

    def get_by_natural_key(self, code):
        return self.get(code=code)


class Delegation(models.Model):
    """A party that speaks in the negotiation: a UN member state, an observer, or a group."""

    class Kind(models.TextChoices):
        STATE = "state", "Member state"
        OBSERVER = "observer", "Observer"
        GROUP = "group", "Group"

    code = models.CharField(
        max_length=20,
        unique=True,
        help_text="ISO 3166-1 alpha-3 for states (JPN); a project code for groups (EU, AFRICAN-GROUP).",
    )
    name = models.CharField(max_length=200, help_text="Formal UN-style name.")
    common_name = models.CharField(max_length=200, help_text="Short name used in tables.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STATE)
    iso2 = models.CharField("ISO 3166-1 alpha-2", max_length=2, blank=True)
    regional_group = models.CharField(
        max_length=30,
        choices=RegionalGroup.choices,
        blank=True,
        help_text="UN regional group; blank for groups and most observers.",
    )

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["common_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="group") | Q(regional_group=""),
                name="delegation_group_has_no_regional_group",
            ),
        ]
        indexes = [
            # The stance table sorted by delegation: with the delegations read in name order
            # through this index, PostgreSQL fetches each one's stances by the (delegation,
            # status, ...) index and sorts only the first delegations' rows (an Incremental
            # Sort), instead of a top-25 sort of every confirmed stance (0.7 s at a million).
            models.Index(fields=["common_name"], name="delegation_common_name_idx"),
        ]

    def __str__(self):
        return self.common_name or self.name

    def natural_key(self):
        return (self.code,)

    @property
    def is_group(self) -> bool:
        return self.kind == self.Kind.GROUP


class GroupMembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        """Memberships in force on a date (today when not given)."""
        on = on or timezone.localdate()
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=on),
            Q(end_date__isnull=True) | Q(end_date__gte=on),
        )

    def past(self, on=None):
        """Memberships that ended before a date (today when not given)."""
        return self.filter(end_date__lt=on or timezone.localdate())

    def get_by_natural_key(self, group_code, member_code, start_date):
        return self.get(group__code=group_code, member__code=member_code, start_date=start_date)


class GroupMembership(models.Model):
    """A delegation's membership of a group (the EU, CARICOM, ...) over a span of time."""

    group = models.ForeignKey(
        Delegation,
        on_delete=models.CASCADE,
        related_name="memberships",
        limit_choices_to={"kind": "group"},
    )
    member = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="group_memberships"
    )
    start_date = models.DateField(
        null=True, blank=True, help_text="Blank: member since before records."
    )
    end_date = models.DateField(null=True, blank=True, help_text="Blank: still a member.")

    objects = GroupMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group__common_name", "member__common_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member", "start_date"], name="group_membership_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="group_membership_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(group=models.F("member")), name="group_membership_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.member} is a member of {self.group}"

    def natural_key(self):
        return (self.group.code, self.member.code, self.start_date)

    natural_key.dependencies = ["delegations.delegation"]

    def clean(self):
        if self.group_id and self.group.kind != Delegation.Kind.GROUP:
            raise ValidationError({"group": "Only a group can have members."})


class DelegationAliasQuerySet(models.QuerySet):
    def get_by_natural_key(self, normalized):
        return self.get(normalized=normalized)

    def get_by_name(self, name: str):
        """The delegation a free-text name refers to, or None (see DelegationQuerySet.get_by_name)."""
        return Delegation.objects.get_by_name(name)


class DelegationAlias(models.Model):
    """Another name a delegation is referred to by ("the Japanese delegation", "Japon")."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, help_text="The name as written.")
    normalized = models.CharField(
        max_length=200,
        unique=True,
        help_text="Folded form used for lookups (lower case, no accents or punctuation).",
    )

    objects = DelegationAliasQuerySet.as_manager()

    class Meta:
        ordering = ["normalized"]
        verbose_name_plural = "delegation aliases"

    def __str__(self):
        return f"“{self.name}” refers to {self.delegation}"

    def natural_key(self):
        return (self.normalized,)

    natural_key.dependencies = ["delegations.delegation"]

    def clean(self):
        self.normalized = normalise_name(self.name)


class Delegate(models.Model):
    """A user account working for a delegation (the delegation whose statements it may log)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegate"
    )
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="delegates")
    title = models.CharField(
        max_length=200, blank=True, help_text="Title or position, e.g. First Secretary."
    )

    class Meta:
        ordering = ["delegation__common_name", "user__username"]

    def __str__(self):
        return f"{self.user} works for {self.delegation}"
