from django.db import models
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Cast, Concat


def provision_label(kind, number, title) -> str:
    """How a provision is named everywhere: "Article 39: Transfer of criminal proceedings",
    "Chapter 4: ...", or an issue's own title. `Provision.__str__`, the filter choices, the
    tables and the exports all name provisions through this function (or its SQL twin below)."""
    if kind == Provision.Kind.ARTICLE:
        return f"Article {number}: {title}"
    if kind == Provision.Kind.CHAPTER:
        return f"Chapter {number}: {title}"
    return title


def provision_label_sql(prefix: str = ""):
    """`provision_label` as a SQL expression over the provision reached by `prefix`
    (`"provision__"` from a stance), for exports the database writes itself."""
    number = Cast(f"{prefix}number", CharField())
    title = f"{prefix}title"
    return Case(
        *(
            When(
                **{f"{prefix}kind": kind},
                then=Concat(Value(f"{word} "), number, Value(": "), title),
            )
            for kind, word in (("article", "Article"), ("chapter", "Chapter"))
        ),
        default=F(title),
        output_field=CharField(),
    )


class NegotiationQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Negotiation(models.Model):
    """A treaty-making process, e.g. the UN negotiation of the Convention against Cybercrime."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=300)
    short_name = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)

    objects = NegotiationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name

    def natural_key(self):
        return (self.slug,)


class SessionQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=code)

    def chronological(self):
        return self.order_by("start_date", "code")

    def find(self, code: str | None):
        """The session with this code (any case, as `?as_of=ahc-5`), or None. No query if empty."""
        code = (code or "").strip()
        return self.filter(code__iexact=code).first() if code else None

    def held_on(self, day):
        """The sessions under way on this day (first and last days included)."""
        return self.filter(start_date__lte=day, end_date__gte=day)

    def only_one_held_on(self, day):
        """The session under way on this day if exactly one was, else None (no guessing)."""
        sessions = list(self.held_on(day)[:2]) if day else []
        return sessions[0] if len(sessions) == 1 else None


class Session(models.Model):
    """A meeting at which delegations speak: a negotiating session, a consultation, a vote."""

    class Kind(models.TextChoices):
        NEGOTIATING_SESSION = "negotiating_session", "Negotiating session"
        ORGANIZATIONAL_SESSION = "organizational_session", "Organizational session"
        INTERSESSIONAL_CONSULTATION = "intersessional_consultation", "Intersessional consultation"
        COMMISSION_SESSION = "commission_session", "Commission session"
        EXPERT_GROUP = "expert_group", "Expert group meeting"
        CONGRESS = "congress", "Congress"
        COMMITTEE_VOTE = "committee_vote", "Committee vote"
        GA_RESOLUTION = "ga_resolution", "General Assembly resolution"
        SIGNING_CEREMONY = "signing_ceremony", "Signing ceremony"
        OTHER = "other", "Other meeting"

    negotiation = models.ForeignKey(Negotiation, on_delete=models.PROTECT, related_name="sessions")
    code = models.CharField(
        max_length=30, unique=True, help_text="Short stable code, e.g. AHC-1, CCPCJ-24."
    )
    name = models.CharField(max_length=300)
    body = models.CharField(
        max_length=100, blank=True, help_text="The body that met (AHC, CCPCJ, GA)."
    )
    kind = models.CharField(max_length=40, choices=Kind.choices, default=Kind.NEGOTIATING_SESSION)
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    city = models.CharField(max_length=100, blank=True)
    country_code = models.CharField(
        max_length=3, blank=True, help_text="ISO 3166-1 alpha-3 of the host."
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="session_end_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.name}"

    def natural_key(self):
        return (self.code,)

    natural_key.dependencies = ["provisions.negotiation"]


class ProvisionQuerySet(models.QuerySet):
    def get_by_natural_key(self, negotiation_slug, slug):
        return self.get(negotiation__slug=negotiation_slug, slug=slug)

    def chapters(self):
        return self.filter(kind=Provision.Kind.CHAPTER)

    def articles(self):
        return self.filter(kind=Provision.Kind.ARTICLE)

    def issues(self):
        return self.filter(kind=Provision.Kind.ISSUE)

    def by_slugs(self, slugs):
        return self.filter(slug__in=slugs)

    def with_articles(self, slugs):
        """The provisions named by `slugs`, plus the articles under a named chapter or linked to a
        named issue (what an analyst means by "stances on transfer of proceedings").

        Articles named directly do not pull in their issues. Returns a queryset usable as a
        subquery (`provision__in=...`), so no query is run here.
        """
        return self.filter(
            Q(slug__in=slugs)
            | Q(kind=Provision.Kind.ARTICLE, parent__slug__in=slugs)
            | Q(
                kind=Provision.Kind.ARTICLE,
                related__slug__in=slugs,
                related__kind=Provision.Kind.ISSUE,
            )
        ).values("pk")

    def in_chapters(self, slugs):
        """The chapters named by `slugs`, their articles, and the issues linked to those articles."""
        articles = self.filter(kind=Provision.Kind.ARTICLE, parent__slug__in=slugs)
        return self.filter(
            Q(kind=Provision.Kind.CHAPTER, slug__in=slugs)
            | Q(pk__in=articles.values("pk"))
            | Q(kind=Provision.Kind.ISSUE, related__in=articles.values("pk"))
        ).values("pk")

    def in_categories(self, categories):
        """Issues in any of `categories` and the articles linked to them."""
        return self.filter(
            Q(kind=Provision.Kind.ISSUE, category__in=categories)
            | Q(
                kind=Provision.Kind.ARTICLE,
                related__kind=Provision.Kind.ISSUE,
                related__category__in=categories,
            )
        ).values("pk")


class Provision(models.Model):
    """Something delegations take positions on: a chapter, an article, or a contested issue."""

    class Kind(models.TextChoices):
        CHAPTER = "chapter", "Chapter"
        ARTICLE = "article", "Article"
        ISSUE = "issue", "Issue"

    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.PROTECT, related_name="provisions"
    )
    slug = models.SlugField(
        max_length=100,
        help_text="Stable identifier within the negotiation: ch-5, art-39, transfer-of-proceedings.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Article or chapter number in the text."
    )
    title = models.CharField(max_length=300)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The chapter an article belongs to.",
    )
    category = models.SlugField(
        max_length=60, blank=True, help_text="Thematic category (criminalization, safeguards, ...)."
    )
    description = models.TextField(blank=True)
    keywords = models.TextField(
        blank=True,
        help_text="Words and phrases that signal this provision in a statement, one per line. "
        "The stance extractor reads them.",
    )
    related = models.ManyToManyField(
        "self",
        blank=True,
        help_text="Issues linked to the articles they concern (and the other way round).",
    )
    sort_order = models.PositiveIntegerField(default=0, help_text="Position in the provision tree.")

    objects = ProvisionQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["negotiation", "slug"], name="provision_unique_slug"),
            models.CheckConstraint(
                condition=~Q(kind="article") | Q(number__isnull=False),
                name="provision_article_has_number",
            ),
        ]

    def __str__(self):
        return provision_label(self.kind, self.number, self.title)

    def natural_key(self):
        return (self.negotiation.slug, self.slug)

    natural_key.dependencies = ["provisions.negotiation"]

    @property
    def keyword_list(self) -> list[str]:
        """The keywords as a list, blank lines and surrounding spaces dropped."""
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]
