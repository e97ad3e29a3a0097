"""Statements: read with their metadata and text; create from text or an uploaded document."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from delegations.models import Delegation
from positions import services as position_services
from positions.forms import StatementForm
from positions.models import Statement
from positions.permissions import can_edit_for, can_write
from provisions.models import Session

from .. import serializers as s
from ..filters import StatementApiFilter
from ..pagination import StatementPagination
from ._shared import PROBLEM, _by_code, _duplicate_text, _form_errors

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
        responses={
            201: s.StatementDetailSerializer,
            409: OpenApiResponse(PROBLEM, "The delegation already has a statement with this text."),
        },
    )
    def create(self, request, *args, **kwargs):
        """Add a statement (text, or an uploaded document); the extractor proposes its stances.

        A text the delegation already has in a live statement (the same words in the same
        order) is refused with 409 and those statements' ids in `duplicates`, unless
        `confirm_duplicate` is set. Sending the same request again within ten minutes answers
        the statement it saved the first time.
        """
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
        try:
            statement = position_services.statement_create(
                created_by=request.user,
                document=upload,
                document_name=upload.name if upload else "",
                refuse_duplicates=not data["confirm_duplicate"],
                **fields,
            )
        except position_services.DuplicateStatementError as error:
            raise _duplicate_text(error, request.user) from None
        statement = Statement.objects.for_table().get(pk=statement.pk)
        return Response(s.StatementDetailSerializer(statement).data, status=status.HTTP_201_CREATED)
