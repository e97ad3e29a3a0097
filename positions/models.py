from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from simple_history.models import HistoricalRecords

from delegations.models import Delegation
from extraction.language import SUPPORTED_LANGUAGES, language_name
from provisions.models import Provision, Session

from . import text_digest as digests
from .querysets import (
    CurrentStanceQuerySet,
    StanceQuerySet,
    StatementQuerySet,
)
from .storage import statement_document_path


class AuditedModel(models.Model):
    """Who created a row, when, when it last changed, and its version (`services.versions`)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(class)ss_created",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every edit; guards lost updates."
    )

    class Meta:
        abstract = True


# The languages a statement is offered in (code, name); other codes show as they are.
LANGUAGES = [
    ("en", "English"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("ar", "Arabic"),
    ("ru", "Russian"),
    ("zh", "Chinese"),
    ("pt", "Portuguese"),
    ("de", "German"),
    ("ja", "Japanese"),
]


class Statement(AuditedModel):
    """The text a delegation delivered at a session (or submitted in writing)."""

    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="statements")
    on_behalf_of = models.ForeignKey(
        Delegation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements_on_behalf",
        limit_choices_to={"kind": "group"},
        help_text="The group the delegation spoke for, if any (e.g. the EU and its member States).",
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="statements"
    )
    agenda_item = models.CharField(max_length=300, blank=True)
    speaker = models.CharField(
        max_length=300, blank=True, help_text="Who delivered it, with title."
    )
    delivered_on = models.DateField(null=True, blank=True)
    language = models.CharField(
        max_length=8,
        default="en",
        help_text="Language of the text (ISO 639-1 code, e.g. en, fr, es).",
    )
    title = models.CharField(max_length=500)
    text = models.TextField(help_text="The statement as delivered; stance evidence points into it.")
    source_url = models.URLField(max_length=1000, blank=True)
    document = models.FileField(
        upload_to=statement_document_path,
        max_length=255,
        blank=True,
        help_text="The uploaded original (.txt, .pdf, .docx), under an unguessable folder name.",
    )
    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when the owner withdraws it; statements are never deleted.",
    )
    text_digest = models.CharField(
        max_length=64,
        blank=True,
        default="",
        editable=False,
        help_text="SHA-256 of the text's words (positions.text_digest), set by clean(): how a "
        "statement the delegation already has is found.",
    )

    # What a person edits (form, services); what conflicts and history compare.
    EDITABLE_FIELDS = (
        "delegation",
        "on_behalf_of",
        "session",
        "agenda_item",
        "speaker",
        "delivered_on",
        "language",
        "title",
        "source_url",
        "text",
    )
    TRACKED_FIELDS = (*EDITABLE_FIELDS, "withdrawn_at")

    history = HistoricalRecords()
    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = [F("delivered_on").desc(nulls_last=True), "-created_at"]
        indexes = [
            models.Index(fields=["delegation", "delivered_on"], name="statement_deleg_date_idx"),
            # Everything the statement list sorts and counts by, so that finding a page's ids
            # and counting the active statements read this small index, not the table with
            # its texts (76 MB at 50,000 statements).
            models.Index(
                fields=[
                    "delivered_on",
                    "created_at",
                    "id",
                    "session",
                    "delegation",
                    "on_behalf_of",
                ],
                condition=Q(withdrawn_at__isnull=True),
                name="statement_active_order_idx",
            ),
            # The review queue lists the newest statements in a language the extractor does
            # not read (positions.review_access.unread_statements): without it, a scan of every
            # statement on each view of the queue. English is the first supported language, so
            # `language NOT IN (<supported>)` implies this condition whatever is added later.
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(withdrawn_at__isnull=True) & ~Q(language="en"),
                name="statement_unread_lang_idx",
            ),
            # The duplicate check on each save (`StatementQuerySet.same_text_as`).
            models.Index(
                fields=["delegation", "text_digest"],
                condition=Q(withdrawn_at__isnull=True),
                name="statement_active_digest_idx",
            ),
            # A statement's near copies: the delegation's latest in the session
            # (`StatementQuerySet.near_copy_candidates`), read in order, not sorted.
            models.Index(
                fields=["delegation", "session", "-id"],
                condition=Q(withdrawn_at__isnull=True),
                name="statement_deleg_session_idx",
            ),
        ]

    def __str__(self):
        when = f" at {self.session.code}" if self.session_id else ""
        return f"{self.delegation}: {self.title}{when}"

    def clean(self):
        # Every write validates first (services, admin, seed load), so the digest follows the text.
        self.text_digest = digests.text_digest(self.text or "")

    @property
    def language_name(self) -> str:
        """The language's name ("Spanish"), not its code."""
        return language_name(self.language)

    @property
    def extractor_reads(self) -> bool:
        """Whether the stance extractor reads its language (else it proposes nothing)."""
        return self.language in SUPPORTED_LANGUAGES

    @property
    def date(self):
        """When it was delivered, else the first day of its session."""
        if self.delivered_on:
            return self.delivered_on
        return self.session.start_date if self.session_id else None


class ExtractorModelQuerySet(models.QuerySet):
    def active(self):
        """The row whose heads the extractor uses now (at most one)."""
        return self.filter(active=True)


class ExtractorModel(models.Model):
    """One trained set of the extractor's learned heads, kept so an activation can be undone.

    ``train_extractor --from-reviews`` adds a row per run; the active row's heads propose
    stances (none active: the heads file in the repository). Rows are never edited: a new
    training run is a new version.
    """

    version = models.PositiveIntegerField(unique=True)
    heads = models.TextField(help_text="The heads as JSON (extraction.learned.heads.Heads).")
    heads_digest = models.CharField(max_length=64, help_text="SHA-256 of `heads`.")
    training_digest = models.CharField(
        max_length=64,
        blank=True,
        help_text="SHA-256 of the labelled data the heads were fitted on.",
    )
    scores = models.JSONField(
        default=dict,
        blank=True,
        help_text="Strict and provision-only scores on the held-out yardstick, by set.",
    )
    note = models.TextField(blank=True)
    active = models.BooleanField(default=False)
    activated_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it was last activated; cleared when an activation is undone.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ExtractorModelQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=Q(active=True), name="extractor_model_one_active"
            ),
        ]

    def __str__(self):
        return f"Extractor heads v{self.version}{' (active)' if self.active else ''}"


class Position(models.TextChoices):
    SUPPORT = "support", "Support"
    QUALIFIED = "qualified", "Qualified support"
    NEUTRAL = "neutral", "Neutral"
    OPPOSE = "oppose", "Oppose"


POSITION_VERBS = {
    Position.SUPPORT: "supports",
    Position.QUALIFIED: "gives qualified support to",
    Position.NEUTRAL: "is neutral on",
    Position.OPPOSE: "opposes",
}


class Stance(AuditedModel):
    """A delegation's position on a provision, with the passage of a statement that shows it."""

    Position = Position

    class Origin(models.TextChoices):
        MANUAL = "manual", "Logged by hand"
        EXTRACTED = "extracted", "Extracted automatically"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    LIVE_STATUSES = (Status.PROPOSED, Status.CONFIRMED)
    # What a person edits (the form, `stance_update`), and what conflicts and history compare.
    EDITABLE_FIELDS = (
        "delegation",
        "statement",
        "provision",
        "position",
        "session",
        "evidence",
        "note",
    )
    TRACKED_FIELDS = (*EDITABLE_FIELDS, "status")

    # No single-column indexes: the composite indexes below start with these columns.
    delegation = models.ForeignKey(
        Delegation, on_delete=models.PROTECT, related_name="stances", db_index=False
    )
    provision = models.ForeignKey(
        Provision, on_delete=models.PROTECT, related_name="stances", db_index=False
    )
    statement = models.ForeignKey(
        Statement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stances",
        help_text="Blank when the position was noted in a closed meeting with no published text.",
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stances",
        db_index=False,
    )
    position = models.CharField(max_length=10, choices=Position.choices)
    stated_on = models.DateField(
        help_text="When the position was expressed: the statement's date, else its session's first day."
    )
    evidence = models.TextField(
        blank=True, help_text="The passage of the statement that shows the position."
    )
    evidence_start = models.PositiveIntegerField(null=True, blank=True)
    evidence_end = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MANUAL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    confidence = models.FloatField(null=True, blank=True, help_text="Extractor confidence, 0 to 1.")
    cue = models.CharField(max_length=300, blank=True, help_text="The extractor cue that fired.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stances_reviewed",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    extractor_model = models.ForeignKey(
        ExtractorModel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stances",
        help_text="The learned heads in use when it was proposed; blank: the repository's "
        "default heads (or rules alone), or logged by hand.",
    )
    # The extractor's own reading, kept when a reviewer corrects it (agreement page).
    proposed_position = models.CharField(
        max_length=10, choices=Position.choices, blank=True, help_text="As the extractor read it."
    )
    proposed_provision = models.ForeignKey(
        Provision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="As the extractor read it.",
    )

    history = HistoricalRecords()
    objects = StanceQuerySet.as_manager()

    class Meta:
        ordering = ["-stated_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "delegation", "provision"],
                condition=Q(status__in=["proposed", "confirmed"]),
                name="stance_one_live_per_statement_provision",
            ),
            models.CheckConstraint(
                condition=(Q(evidence_start__isnull=True) & Q(evidence_end__isnull=True))
                | (
                    Q(evidence_start__isnull=False)
                    & Q(evidence_end__isnull=False)
                    & Q(evidence_end__gt=F("evidence_start"))
                    & Q(statement__isnull=False)
                    & Q(evidence_end=F("evidence_start") + Length("evidence"))
                ),
                name="stance_evidence_offsets_consistent",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=1),
                name="stance_confidence_between_0_and_1",
            ),
            models.CheckConstraint(
                condition=Q(position__in=Position.values), name="stance_position_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "confirmed", "rejected", "withdrawn"]),
                name="stance_status_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["delegation", "provision", "-stated_on"], name="stance_current_lookup_idx"
            ),
            models.Index(
                fields=["status", "-stated_on", "-created_at", "-id"],
                name="stance_status_order_idx",
            ),
            models.Index(
                fields=["delegation", "status", "-stated_on", "-created_at", "-id"],
                name="stance_delegation_order_idx",
            ),
            # With the position and session: the provision page's timeline (confirmed stances
            # by session and position) reads this index alone, not 44k rows of the table.
            models.Index(
                fields=["provision", "status", "-stated_on", "-created_at", "-id"],
                # delegation: the provision page's positions-by-session timeline reads a
                # provision's confirmed stances in date order from here alone (no sort, no heap).
                include=["position", "session", "delegation"],
                name="stance_provision_order_idx",
            ),
            models.Index(
                fields=["session", "status", "-stated_on", "-created_at", "-id"],
                name="stance_session_order_idx",
            ),
            # A delegation's confirmed stances on one provision, newest first, with what the
            # changes of position compare: the delegation page looks up the stance before each
            # of its latest stances here (index only), and the current-position refresh reads
            # pairs in this order.
            models.Index(
                fields=["delegation", "provision", "-stated_on", "-created_at", "-id"],
                include=["position", "session"],
                condition=Q(status="confirmed"),
                name="stance_confirmed_pair_idx",
            ),
        ]

    def __str__(self):
        return f"{self.delegation} {POSITION_VERBS[self.position]} {self.provision}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    def clean(self):
        errors = {}
        if self.statement_id:
            speakers = (self.statement.delegation_id, self.statement.on_behalf_of_id)
            if self.delegation_id and self.delegation_id not in speakers:
                errors["delegation"] = (
                    "The stance must belong to the delegation that made the statement."
                )
            if self.evidence_start is not None:
                quoted = self.statement.text[self.evidence_start : self.evidence_end]
                if quoted != self.evidence:
                    errors["evidence"] = (
                        "The evidence does not match the statement text at its offsets."
                    )
        elif self.evidence_start is not None or self.evidence_end is not None:
            errors["evidence"] = "Evidence offsets need a statement to point into."
        if errors:
            raise ValidationError(errors)


class CurrentStance(models.Model):
    """A delegation's current position on a provision: its latest confirmed stance, kept here.

    Derived data, one row per (delegation, provision) that has a confirmed stance. Every service
    that changes a stance recomputes the rows of the pairs it touched
    (`positions.services.current_stances_refresh`); `manage.py refresh_current_stances` rebuilds
    the whole table. `position`, `stated_on` and `session` are copies of the stance's, so the
    support table and the matrix read this table alone.
    """

    # No index of its own: the unique (delegation, provision) index starts with it.
    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="current_stances", db_index=False
    )
    provision = models.ForeignKey(
        Provision, on_delete=models.CASCADE, related_name="current_stances"
    )
    stance = models.OneToOneField(Stance, on_delete=models.CASCADE, related_name="current_entry")
    position = models.CharField(max_length=10, choices=Position.choices)
    stated_on = models.DateField()
    # No index: one row per delegation and provision (tens of thousands); a session filter scans.
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    objects = CurrentStanceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "provision"], name="current_stance_one_per_pair"
            ),
        ]

    def __str__(self):
        return f"{self.delegation} currently {POSITION_VERBS[self.position]} {self.provision}"


class SnapshotDay(models.Model):
    """A day (a session's last day) whose positions are kept in `PositionSnapshot`.

    Written only by the full rebuild (`current_stances_refresh()` with no pairs, or
    `manage.py refresh_current_stances`), which keeps a snapshot for every session's last day.
    A day without a row here (a session added or moved since) is read from the stances instead,
    so a missing snapshot makes a page slower, never wrong.
    """

    day = models.DateField(unique=True)

    def __str__(self):
        return f"positions kept as of {self.day}"


class PositionSnapshot(models.Model):
    """A delegation's position on a provision as it stood at the end of `day`: its latest
    confirmed stance stated on or before that day (positions "as of" a session, `?as_of=`).

    Derived data like `CurrentStance` (same columns, plus `day`), for the days in `SnapshotDay`;
    `current_stances_refresh` rewrites the rows of the pairs it touches on every such day.
    """

    day = models.DateField()
    # No index of its own: the unique (day, delegation, provision) index and the indexes
    # below serve the reads.
    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    provision = models.ForeignKey(
        Provision, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    stance = models.ForeignKey(Stance, on_delete=models.CASCADE, related_name="+")
    position = models.CharField(max_length=10, choices=Position.choices)
    stated_on = models.DateField()
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False
    )

    objects = CurrentStanceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "delegation", "provision"], name="position_snapshot_one_per_pair"
            ),
        ]
        indexes = [
            # A pair's rows on every day, rewritten together by each refresh.
            models.Index(fields=["delegation", "provision"], name="position_snapshot_pair_idx"),
            # A provision's rows on the kept days, counted by position for its timeline (the
            # provision page): an index-only scan of a few thousand entries.
            models.Index(
                fields=["provision", "day"],
                include=["position"],
                name="position_snapshot_prov_idx",
            ),
        ]

    def __str__(self):
        return (
            f"{self.delegation} {POSITION_VERBS[self.position]} {self.provision} as of {self.day}"
        )
