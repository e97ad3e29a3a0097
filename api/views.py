"""The JSON API (/api/v1/): reads through the analysts' querysets and FilterSets, writes through
the pages' forms (validation, the choices a person may use) and the positions services.

Writes answer 403 exactly where the pages do (positions.permissions, positions.review_access);
edits carry the version they started from and answer 409 with what changed.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis.aggregates import CELL_CLASSES, matrix_build, support_rows
from analysis.filters import MatrixFilter, StanceFilter, SupportFilter
from delegations.models import Delegation, GroupMembership
from positions import services as position_services
from positions.forms import StanceForm, StatementForm
from positions.models import CurrentStance, Stance, Statement
from positions.permissions import can_edit_for, can_edit_stance, can_write
from positions.review_access import can_review, reviewable_stances
from positions.services import ConflictError
from provisions.models import Provision, Session

from . import serializers as s
from .filters import CurrentPositionFilter, StatementApiFilter
from .pagination import IdPagination, StancePagination, StatementPagination
from .popolo import popolo_document
from .problems import Conflict
from .schema import filterset_parameters

PROBLEM = s.ProblemSerializer

# --- helpers -------------------------------------------------------------------------------


def _by_code(model, value, field: str, *, key: str = "code"):
    """The row whose code (or slug) is `value`, or a 400 on `field`; None for an empty value."""
    if value in (None, ""):
        return None
    found = model.objects.filter(**{key: value}).order_by("pk").first()
    if found is None:
        raise ValidationError({field: [f"No {model._meta.verbose_name} with {key} {value!r}."]})
    return found


# The pages' form field names that the API calls otherwise.
_FIELD_NAMES = {"__all__": "non_field_errors", "upload": "document"}


def _form_errors(form) -> dict:
    return {
        _FIELD_NAMES.get(field, field): [str(m) for m in messages]
        for field, messages in form.errors.items()
    }


def _conflict(error: ConflictError) -> Conflict:
    """A ConflictError of the services (an edit or review over someone else's newer save, or
    of a proposal already reviewed) as a 409 listing what changed since the version sent."""
    changes = [
        {"field": c.field, "label": c.label, "before": c.before, "now": c.now}
        for c in error.changes
    ]
    return Conflict(
        str(error),
        changes=changes,
        current_version=error.current.version if error.current is not None else None,
    )


# --- reference data ----------------------------------------------------------------------


@extend_schema(tags=["reference"])
class DelegationViewSet(viewsets.ReadOnlyModelViewSet):
    """States, observers and groups, with their dated group memberships."""

    serializer_class = s.DelegationSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    pagination_class = None

    def get_queryset(self):
        memberships = GroupMembership.objects.order_by("start_date", "pk")
        queryset = Delegation.objects.order_by("code").prefetch_related(
            Prefetch("group_memberships", memberships.select_related("group")),
            Prefetch("memberships", memberships.select_related("member")),
        )
        kind = self.request.query_params.get("kind")
        if kind:
            if kind not in Delegation.Kind.values:
                raise ValidationError({"kind": [f"One of: {', '.join(Delegation.Kind.values)}."]})
            queryset = queryset.filter(kind=kind)
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "kind", str, enum=Delegation.Kind.values, description="state, observer or group"
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


@extend_schema(tags=["reference"])
class ProvisionViewSet(viewsets.ReadOnlyModelViewSet):
    """The provision tree: chapters with their articles, and the issues with the articles they
    concern (slugs), in the order of the text."""

    serializer_class = s.ProvisionSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    pagination_class = None

    def get_queryset(self):
        queryset = (
            Provision.objects.select_related("parent")
            .prefetch_related(
                Prefetch(
                    "children",
                    Provision.objects.order_by("sort_order", "slug").only("slug", "parent_id"),
                ),
                Prefetch(
                    "related", Provision.objects.order_by("sort_order", "slug").only("slug", "kind")
                ),
            )
            .order_by("sort_order", "slug")
        )
        kind = self.request.query_params.get("kind")
        if kind:
            if kind not in Provision.Kind.values:
                raise ValidationError({"kind": [f"One of: {', '.join(Provision.Kind.values)}."]})
            queryset = queryset.filter(kind=kind)
        return queryset

    def get_object(self):
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    @extend_schema(parameters=[OpenApiParameter("kind", str, enum=Provision.Kind.values)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


@extend_schema(tags=["reference"])
class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    """The negotiation's sessions, in date order."""

    serializer_class = s.SessionSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    pagination_class = None

    def get_queryset(self):
        return Session.objects.select_related("negotiation").chronological()


# --- statements ----------------------------------------------------------------------------


@extend_schema(tags=["statements"])
class StatementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Statements (metadata in the list, the text in the detail); staff add their delegation's."""

    pagination_class = StatementPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = StatementApiFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        queryset = Statement.objects.for_table()
        if self.action == "list":
            queryset = queryset.defer("text")
        return queryset

    def get_serializer_class(self):
        if self.action == "create":
            return s.StatementCreateSerializer
        if self.action == "retrieve":
            return s.StatementDetailSerializer
        return s.StatementSerializer

    @extend_schema(
        request={
            "application/json": s.StatementCreateSerializer,
            "multipart/form-data": s.StatementCreateSerializer,
        },
        responses={201: s.StatementDetailSerializer},
    )
    def create(self, request, *args, **kwargs):
        """Add a statement (text, or an uploaded document); the extractor proposes its stances."""
        if not can_write(request.user):
            raise PermissionDenied("Only delegation staff and administrators add statements.")
        incoming = s.StatementCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        delegation = _by_code(Delegation, data["delegation"], "delegation")
        if not can_edit_for(request.user, delegation):
            raise PermissionDenied("You may not add statements for this delegation.")
        on_behalf_of = _by_code(Delegation, data.get("on_behalf_of"), "on_behalf_of")
        session = _by_code(Session, data.get("session"), "session")
        form_data = {
            "delegation": delegation.pk,
            "on_behalf_of": on_behalf_of.pk if on_behalf_of else "",
            "session": session.pk if session else "",
            "agenda_item": data.get("agenda_item", ""),
            "speaker": data.get("speaker", ""),
            "delivered_on": data["delivered_on"].isoformat() if data.get("delivered_on") else "",
            "language": data.get("language") or "en",
            "title": data["title"],
            "source_url": data.get("source_url", ""),
            "text": data.get("text", ""),
        }
        upload = data.get("document")
        form = StatementForm(form_data, {"upload": upload} if upload else {}, user=request.user)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        fields = {name: form.cleaned_data[name] for name in StatementForm.Meta.fields}
        if form.extracted is not None:
            fields["text"] = form.extracted.text
        statement = position_services.statement_create(
            created_by=request.user,
            document=upload,
            document_name=upload.name if upload else "",
            **fields,
        )
        statement = Statement.objects.for_table().get(pk=statement.pk)
        return Response(s.StatementDetailSerializer(statement).data, status=status.HTTP_201_CREATED)


# --- stances ---------------------------------------------------------------------------------


@extend_schema(tags=["stances"])
class StanceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Stances, filtered exactly as the stance table `/stances/` (same parameters, codes and
    slugs; confirmed by default), latest stated first, by cursor."""

    serializer_class = s.StanceSerializer
    pagination_class = StancePagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = StanceFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Stance.objects.for_list()

    def filter_queryset(self, queryset):
        # The filters belong to the list; a stance's own URL finds it whatever its status.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def _stance_form(self, request, data: dict, stance: Stance | None) -> StanceForm:
        """The page's stance form bound to API input (codes and slugs turned into its values)."""
        delegation = _by_code(Delegation, data.get("delegation"), "delegation")
        session = _by_code(Session, data.get("session"), "session")
        if delegation is not None and not can_edit_for(request.user, delegation):
            raise PermissionDenied("You may not write stances for this delegation.")
        form_data = QueryDict(mutable=True)
        form_data.update(
            {
                "delegation": delegation.pk if delegation else "",
                "statement": data.get("statement") or "",
                "provision": data.get("provision") or "",
                "position": data.get("position") or "",
                "session": session.pk if session else "",
                "evidence": data.get("evidence") or "",
                "note": data.get("note") or "",
            }
        )
        if stance is not None:
            form_data["version"] = data["version"]
        return StanceForm(form_data, instance=stance, user=request.user)

    def _save(self, request, form: StanceForm, stance: Stance | None) -> Stance:
        fields = {
            name: form.cleaned_data[name]
            for name in [
                "delegation",
                "provision",
                "position",
                "statement",
                "session",
                "evidence",
                "note",
            ]
        }
        statement = fields["statement"]
        if statement is not None and not can_edit_for(request.user, statement.delegation):
            raise PermissionDenied("You may not write stances on this statement.")
        try:
            if stance is None:
                return position_services.stance_create(created_by=request.user, **fields)
            return position_services.stance_update(
                stance=stance,
                expected_version=form.cleaned_data["version"],
                updated_by=request.user,
                **fields,
            )
        except ConflictError as error:
            raise _conflict(error) from None
        except DjangoValidationError as error:
            raise ValidationError(
                error.message_dict
                if hasattr(error, "error_dict")
                else {"non_field_errors": error.messages}
            ) from None

    @extend_schema(request=s.StanceWriteSerializer, responses={201: s.StanceSerializer})
    def create(self, request, *args, **kwargs):
        """Record a stance (confirmed) for a delegation you may speak for."""
        if not can_write(request.user):
            raise PermissionDenied("Only delegation staff and administrators write stances.")
        incoming = s.StanceWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        form = self._stance_form(request, incoming.validated_data, None)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        stance = self._save(request, form, None)
        return Response(
            s.StanceSerializer(Stance.objects.for_list().get(pk=stance.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=s.StanceUpdateSerializer,
        responses={200: s.StanceSerializer, 409: OpenApiResponse(PROBLEM, "Someone saved first.")},
    )
    def partial_update(self, request, *args, **kwargs):
        """Change a stance; send the `version` you started from (409 with what changed if
        someone saved since). Fields left out keep their value."""
        stance = self.get_object()
        if not can_edit_stance(request.user, stance):
            raise PermissionDenied("You may not edit this stance.")
        incoming = s.StanceUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = {
            "delegation": stance.delegation.code,
            "provision": stance.provision.slug,
            "position": stance.position,
            "statement": stance.statement_id,
            "session": stance.session.code if stance.session_id else "",
            "evidence": stance.evidence,
            "note": stance.note,
            **incoming.validated_data,
        }
        form = self._stance_form(request, data, stance)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        saved = self._save(request, form, stance)
        return Response(s.StanceSerializer(Stance.objects.for_list().get(pk=saved.pk)).data)

    # Review of proposals: the review queue's rules and services.

    def _reviewable(self, request) -> Stance:
        stance = self.get_object()
        if not can_review(request.user):
            raise PermissionDenied("Only a delegation's staff and administrators review proposals.")
        if not reviewable_stances(request.user).filter(pk=stance.pk).exists():
            raise PermissionDenied("This proposal belongs to another delegation.")
        return stance

    def _review(self, request, service, serializer_class=s.ReviewSerializer, **extra):
        stance = self._reviewable(request)
        incoming = serializer_class(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        version = data.pop("version")
        if "provision" in data:
            data["provision"] = _by_code(Provision, data["provision"], "provision", key="slug")
        try:
            reviewed = service(stance=stance, user=request.user, expected_version=version, **data)
        except ConflictError as error:
            raise _conflict(error) from None
        except DjangoValidationError as error:
            raise ValidationError(
                error.message_dict
                if hasattr(error, "error_dict")
                else {"non_field_errors": error.messages}
            ) from None
        return Response(s.StanceSerializer(Stance.objects.for_list().get(pk=reviewed.pk)).data)

    @extend_schema(
        request=s.ReviewSerializer,
        responses={
            200: s.StanceSerializer,
            409: OpenApiResponse(PROBLEM, "Already reviewed or changed."),
        },
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Confirm a proposed stance as it stands."""
        return self._review(request, position_services.stance_accept)

    @extend_schema(
        request=s.ReviewSerializer,
        responses={
            200: s.StanceSerializer,
            409: OpenApiResponse(PROBLEM, "Already reviewed or changed."),
        },
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject a proposed stance (it stays on record)."""
        return self._review(request, position_services.stance_reject)

    @extend_schema(
        request=s.ReviseSerializer,
        responses={
            200: s.StanceSerializer,
            409: OpenApiResponse(PROBLEM, "Already reviewed or changed."),
        },
    )
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        """Correct a proposal (position, provision, evidence, note), then confirm it."""
        return self._review(request, position_services.stance_revise_and_accept, s.ReviseSerializer)


# --- current positions, support, matrix ------------------------------------------------------


@extend_schema(tags=["aggregates"])
class CurrentPositionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Each delegation's current position on each provision (its latest confirmed stance)."""

    serializer_class = s.CurrentPositionSerializer
    pagination_class = IdPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = CurrentPositionFilter

    def get_queryset(self):
        return CurrentStance.objects.select_related("delegation", "provision", "session").only(
            "position",
            "stated_on",
            "stance_id",
            "delegation__code",
            "provision__slug",
            "session__code",
        )


def _bound(filterset_class, request, queryset):
    filterset = filterset_class(request.query_params, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise ValidationError({k: [str(m) for m in v] for k, v in filterset.errors.items()})
    return filterset


class _FilteredView(APIView):
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return CurrentStance.objects.all()


@extend_schema(tags=["aggregates"])
class SupportView(_FilteredView):
    """Per provision, how many delegations support, qualify, are neutral or oppose (current
    positions), with their codes: the table at `/support/`, with its filters."""

    filterset_class = SupportFilter

    @extend_schema(responses=s.SupportRowSerializer(many=True))
    def get(self, request):
        filterset = _bound(SupportFilter, request, self.get_queryset())
        rows = support_rows(filterset.qs.position_grid())
        data = [
            {
                "provision": row["slug"],
                "kind": row["kind"],
                "label": row["label"],
                **{p: row[p] for p in ("support", "qualified", "neutral", "oppose")},
                "total": row["total"],
                "delegations": {
                    str(p): [code for code, _ in names] for p, names in row["delegations"].items()
                },
            }
            for row in rows
        ]
        return Response(data)


@extend_schema(tags=["aggregates"])
class MatrixView(_FilteredView):
    """Delegations x provisions, compact: row and column keys, and one letter per cell
    (`legend`), in the orders of `/matrix/` (`rows`, `columns`)."""

    filterset_class = MatrixFilter

    @extend_schema(responses=s.MatrixSerializer, parameters=filterset_parameters(MatrixFilter))
    def get(self, request):
        filterset = _bound(MatrixFilter, request, self.get_queryset())
        cells = list(filterset.qs.values_list("delegation_id", "provision_id", "position"))
        data = filterset.form.cleaned_data
        reference = filterset.reference
        matrix = matrix_build(
            cells,
            delegations=reference.delegation_rows,
            provisions=reference.provision_rows,
            matrix_url="",
            delegation_url="{}",
            provision_url="{}",
            link_params={},
            row_order=data.get("rows") or "name",
            column_order=data.get("columns") or "tree",
        )
        grid = {(d, p): CELL_CLASSES[position] for d, p, position in cells}
        column_ids = [column.id for column in matrix.columns]
        return Response(
            {
                "delegations": [row.key for row in matrix.rows],
                "provisions": [column.key for column in matrix.columns],
                "legend": {letter: str(position) for position, letter in CELL_CLASSES.items()}
                | {".": "no position"},
                "rows": [
                    "".join(grid.get((row.id, p), ".") for p in column_ids) for row in matrix.rows
                ],
            }
        )


@extend_schema(tags=["reference"])
class PopoloView(APIView):
    """Delegations, groups and their memberships as Popolo JSON (organizations, memberships
    with start and end dates)."""

    @extend_schema(responses=s.PopoloSerializer)
    def get(self, request):
        return Response(popolo_document())
