"""Current positions, support counts, the compact matrix, and the Popolo export."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis import selectors
from analysis.aggregates import CELL_CLASSES, matrix_build, support_rows
from analysis.filters import MatrixFilter, SupportFilter
from positions.models import CurrentStance

from .. import serializers as s
from ..filters import CurrentPositionFilter
from ..pagination import IdPagination
from ..popolo import popolo_document
from ..schema import filterset_parameters

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
        # The current positions, or those after `?as_of=<session>`, as on the pages.
        as_of = selectors.session_for_as_of(self.request.query_params.get("as_of"))
        return selectors.current_positions(as_of=as_of)


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
