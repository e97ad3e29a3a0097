"""What the API shows of each row, and what its writes accept (codes and slugs, as in the URLs
of the pages)."""

from rest_framework import serializers

from delegations.models import Delegation, GroupMembership
from positions.models import CurrentStance, Position, Stance, Statement
from provisions.models import Provision, Session


class ProblemSerializer(serializers.Serializer):
    """An error, as RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False)
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Invalid input: messages by field.",
    )
    changes = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        required=False,
        help_text="A conflict: what changed since the version sent (field, label, before, now).",
    )
    current_version = serializers.IntegerField(required=False)


# --- reference data ---------------------------------------------------------------------------


class MembershipSerializer(serializers.ModelSerializer):
    group = serializers.CharField(source="group.code")
    group_name = serializers.CharField(source="group.common_name")

    class Meta:
        model = GroupMembership
        fields = ["group", "group_name", "start_date", "end_date"]


class MemberSerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="member.code")
    member_name = serializers.CharField(source="member.common_name")

    class Meta:
        model = GroupMembership
        fields = ["member", "member_name", "start_date", "end_date"]


class DelegationSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(
        source="group_memberships", many=True, help_text="The groups it belongs to, with dates."
    )
    members = MemberSerializer(
        source="memberships", many=True, help_text="A group's members, with dates."
    )

    class Meta:
        model = Delegation
        fields = [
            "code",
            "name",
            "common_name",
            "kind",
            "iso2",
            "regional_group",
            "memberships",
            "members",
        ]


class ProvisionSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__")
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    children = serializers.SerializerMethodField(help_text="A chapter's articles (slugs).")
    articles = serializers.SerializerMethodField(help_text="An issue's articles (slugs).")
    issues = serializers.SerializerMethodField(help_text="The issues an article concerns (slugs).")

    class Meta:
        model = Provision
        fields = [
            "slug",
            "kind",
            "number",
            "title",
            "label",
            "parent",
            "category",
            "description",
            "sort_order",
            "children",
            "articles",
            "issues",
        ]

    def get_children(self, obj) -> list[str]:
        return [child.slug for child in obj.children.all()]

    def _related(self, obj, kind) -> list[str]:
        return [p.slug for p in obj.related.all() if p.kind == kind]

    def get_articles(self, obj) -> list[str]:
        return (
            self._related(obj, Provision.Kind.ARTICLE) if obj.kind == Provision.Kind.ISSUE else []
        )

    def get_issues(self, obj) -> list[str]:
        return (
            self._related(obj, Provision.Kind.ISSUE) if obj.kind == Provision.Kind.ARTICLE else []
        )


class SessionSerializer(serializers.ModelSerializer):
    negotiation = serializers.CharField(source="negotiation.slug")

    class Meta:
        model = Session
        fields = [
            "code",
            "name",
            "negotiation",
            "body",
            "kind",
            "number",
            "start_date",
            "end_date",
            "city",
            "country_code",
        ]


# --- statements and stances ----------------------------------------------------------------


def _code(obj, attr):
    related = getattr(obj, attr)
    return related.code if related is not None else None


class StatementSerializer(serializers.ModelSerializer):
    delegation = serializers.CharField(source="delegation.code")
    on_behalf_of = serializers.SerializerMethodField()
    session = serializers.SerializerMethodField()
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = Statement
        fields = [
            "id",
            "delegation",
            "on_behalf_of",
            "session",
            "agenda_item",
            "speaker",
            "delivered_on",
            "language",
            "title",
            "source_url",
            "has_document",
            "created_at",
            "updated_at",
            "withdrawn_at",
            "version",
        ]

    def get_on_behalf_of(self, obj) -> str | None:
        return _code(obj, "on_behalf_of")

    def get_session(self, obj) -> str | None:
        return _code(obj, "session")

    def get_has_document(self, obj) -> bool:
        return bool(obj.document)


class StatementDetailSerializer(StatementSerializer):
    class Meta(StatementSerializer.Meta):
        fields = [*StatementSerializer.Meta.fields, "text"]


class StatementCreateSerializer(serializers.Serializer):
    """A new statement: its text, or an uploaded .txt/.pdf/.docx (multipart) whose text is
    extracted with the same checks as the page's upload."""

    delegation = serializers.CharField(help_text="Code of the delegation that spoke (JPN).")
    on_behalf_of = serializers.CharField(
        required=False, allow_blank=True, help_text="Code of the group it spoke for, if any."
    )
    session = serializers.CharField(required=False, allow_blank=True, help_text="Session code.")
    agenda_item = serializers.CharField(required=False, allow_blank=True, max_length=300)
    speaker = serializers.CharField(required=False, allow_blank=True, max_length=300)
    delivered_on = serializers.DateField(required=False, allow_null=True)
    language = serializers.CharField(required=False, max_length=8, default="en")
    title = serializers.CharField(max_length=500)
    source_url = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    document = serializers.FileField(
        required=False, help_text="The original document (multipart/form-data); replaces `text`."
    )


class StanceSerializer(serializers.ModelSerializer):
    delegation = serializers.CharField(source="delegation.code")
    delegation_name = serializers.CharField(source="delegation.common_name")
    provision = serializers.CharField(source="provision.slug")
    provision_label = serializers.CharField(source="provision.__str__")
    statement = serializers.IntegerField(source="statement_id", allow_null=True)
    session = serializers.SerializerMethodField()

    class Meta:
        model = Stance
        fields = [
            "id",
            "delegation",
            "delegation_name",
            "provision",
            "provision_label",
            "position",
            "status",
            "origin",
            "statement",
            "session",
            "stated_on",
            "evidence",
            "evidence_start",
            "evidence_end",
            "note",
            "confidence",
            "cue",
            "created_at",
            "updated_at",
            "version",
        ]

    def get_session(self, obj) -> str | None:
        return _code(obj, "session")


class StanceWriteSerializer(serializers.Serializer):
    """A stance to record, or the fields to change (PATCH) with the version they started from."""

    delegation = serializers.CharField(help_text="Delegation code (JPN, EU).")
    provision = serializers.CharField(help_text="Provision slug (art-39, transfer-of-proceedings).")
    position = serializers.ChoiceField(choices=Position.choices)
    statement = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    session = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text="Session code (no statement)."
    )
    evidence = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="A passage of the statement.",
    )
    note = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class StanceUpdateSerializer(StanceWriteSerializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version you started from; 409 if someone saved since."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


class ReviewSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version of the proposal you reviewed; 409 if it changed."
    )


class ReviseSerializer(ReviewSerializer):
    position = serializers.ChoiceField(choices=Position.choices)
    provision = serializers.CharField(help_text="Provision slug.")
    evidence = serializers.CharField(allow_blank=True, trim_whitespace=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


# --- aggregates ----------------------------------------------------------------------------


class CurrentPositionSerializer(serializers.ModelSerializer):
    delegation = serializers.CharField(source="delegation.code")
    provision = serializers.CharField(source="provision.slug")
    stance = serializers.IntegerField(source="stance_id")
    session = serializers.SerializerMethodField()

    class Meta:
        model = CurrentStance
        fields = ["delegation", "provision", "position", "stated_on", "session", "stance"]

    def get_session(self, obj) -> str | None:
        return _code(obj, "session")


class PositionListsSerializer(serializers.Serializer):
    support = serializers.ListField(child=serializers.CharField())
    qualified = serializers.ListField(child=serializers.CharField())
    neutral = serializers.ListField(child=serializers.CharField())
    oppose = serializers.ListField(child=serializers.CharField())


class SupportRowSerializer(serializers.Serializer):
    provision = serializers.CharField()
    kind = serializers.CharField()
    label = serializers.CharField()
    support = serializers.IntegerField()
    qualified = serializers.IntegerField()
    neutral = serializers.IntegerField()
    oppose = serializers.IntegerField()
    total = serializers.IntegerField()
    delegations = PositionListsSerializer(help_text="Delegation codes in each position.")


class MatrixSerializer(serializers.Serializer):
    delegations = serializers.ListField(child=serializers.CharField(), help_text="Row codes.")
    provisions = serializers.ListField(child=serializers.CharField(), help_text="Column slugs.")
    legend = serializers.DictField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.CharField(),
        help_text="One string per delegation, one letter per provision (see `legend`; '.' none).",
    )


class PopoloSerializer(serializers.Serializer):
    organizations = serializers.ListField(child=serializers.DictField())
    memberships = serializers.ListField(child=serializers.DictField())


class ChangeSerializer(serializers.Serializer):
    stance = serializers.IntegerField(source="stance_id")
    version = serializers.IntegerField()
    at = serializers.DateTimeField()
    delegation = serializers.CharField(source="delegation_code")
    provision = serializers.CharField(source="provision_slug")
    position = serializers.CharField()
    summary = serializers.CharField()


# --- coalitions and comparison --------------------------------------------------------------


class PositionCountsSerializer(serializers.Serializer):
    support = serializers.IntegerField()
    qualified = serializers.IntegerField()
    neutral = serializers.IntegerField()
    oppose = serializers.IntegerField()


class AgreementSerializer(serializers.Serializer):
    adjusted = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField()),
        help_text="Adjusted agreement (shrunk towards 0.5 by `thresholds.prior` phantom "
        "provisions), row i and column j in the order of `delegations`; 1 on the diagonal.",
    )
    raw = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(allow_null=True)),
        help_text="Mean agreement over the provisions both hold a position on (null: none).",
    )
    shared = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField()),
        help_text="How many provisions both hold a position on.",
    )


class BlocSerializer(serializers.Serializer):
    bloc = serializers.IntegerField(help_text="Number of the bloc (1, 2, ...).")
    delegations = serializers.ListField(child=serializers.CharField())


class AffinitySerializer(serializers.Serializer):
    bloc = serializers.IntegerField()
    agreement = serializers.FloatField(help_text="Mean adjusted agreement with its members.")


class SwingSerializer(serializers.Serializer):
    delegation = serializers.CharField()
    name = serializers.CharField()
    blocs = AffinitySerializer(many=True, help_text="The blocs it is close to.")


class SpeakerSerializer(serializers.Serializer):
    delegation = serializers.CharField()
    speaks_for = serializers.ListField(
        child=serializers.CharField(),
        help_text="Members holding its position by inference (a group's), by code.",
    )


class ConsensusSerializer(serializers.Serializer):
    provision = serializers.CharField()
    label = serializers.CharField()
    counts = PositionCountsSerializer(help_text="States and observers, own or inferred.")
    distance = serializers.FloatField(help_text="Objecting + 0.5 x qualifying.")
    objectors = SpeakerSerializer(many=True)
    qualifiers = SpeakerSerializer(many=True)


class ThresholdsSerializer(serializers.Serializer):
    prior = serializers.IntegerField()
    bloc = serializers.FloatField()
    swing = serializers.FloatField()


class CoalitionSerializer(serializers.Serializer):
    as_of = serializers.CharField(
        allow_null=True, help_text="The session the positions are as of; null: current."
    )
    delegations = serializers.ListField(
        child=serializers.CharField(),
        help_text="Delegation codes in the clustering's order (blocs next to each other).",
    )
    agreement = AgreementSerializer()
    blocs = BlocSerializer(many=True)
    swing = SwingSerializer(many=True)
    consensus = ConsensusSerializer(many=True, help_text="Every provision, furthest first.")
    consensus_total = serializers.IntegerField(help_text="Provisions with positions.")
    consensus_reached = serializers.IntegerField(help_text="Those nobody objects to or qualifies.")
    thresholds = ThresholdsSerializer()


class CompareCellSerializer(serializers.Serializer):
    delegation = serializers.CharField()
    position = serializers.CharField(allow_null=True)
    via = serializers.CharField(allow_null=True, help_text="The group it is inferred from.")
    stance = serializers.IntegerField(allow_null=True)
    session = serializers.CharField(allow_null=True)
    stated_on = serializers.DateField(allow_null=True)
    evidence = serializers.CharField(allow_blank=True)


class CompareLineSerializer(serializers.Serializer):
    provision = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["differ", "partial", "same"],
        help_text="differ: two positions or more; partial: someone holds none; same.",
    )
    cells = CompareCellSerializer(many=True, help_text="One per delegation, in their order.")


class CompareSerializer(serializers.Serializer):
    as_of = serializers.CharField(allow_null=True)
    delegations = serializers.ListField(child=serializers.CharField())
    lines = CompareLineSerializer(many=True)
