"""Stances: the stance table's filters with cursor pages; create, edit (with the version it
started from), and the review of proposals."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from analysis.filters import StanceFilter
from delegations.models import Delegation
from positions import services as position_services
from positions.forms import StanceForm
from positions.models import Stance
from positions.permissions import can_edit_for, can_edit_stance, can_write
from positions.review_access import can_review, reviewable_stances
from positions.services import ConflictError
from provisions.models import Provision, Session

from .. import serializers as s
from ..pagination import StancePagination
from ._shared import PROBLEM, _by_code, _conflict, _form_errors

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
        # Reads join only what the serializer shows; writes load the whole row for the services.
        if self.action in ("list", "retrieve"):
            return Stance.objects.for_api()
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
