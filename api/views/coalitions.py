"""The coalition figures of `/coalitions/` and the comparison of `/compare/`, as data: the same
filters, the same selectors and arithmetic (analysis.selectors.coalitions), nothing recomputed."""

import numpy as np
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis import coalitions, compare
from analysis.coalition_filters import CoalitionFilter
from analysis.filters import reference_choices_cached
from analysis.selectors import coalitions as selectors
from analysis.views.compare import CompareForm
from provisions.models import provision_label

from .. import serializers as s
from ..schema import codes_in_schema, filterset_parameters
from ._shared import _form_errors

codes_in_schema(CoalitionFilter)


def _matrix(values, order, *, digits=None):
    """Rows of a square matrix in `order` (indexes), as JSON numbers (NaN as null)."""
    index = np.asarray(order, dtype=np.int64)
    square = values[np.ix_(index, index)]
    if digits is None:
        return square.tolist()
    rounded = np.round(square, digits)
    cells = rounded.astype(object)
    cells[np.isnan(rounded)] = None
    return cells.tolist()


@extend_schema(tags=["aggregates"])
class CoalitionView(APIView):
    """Who agrees with whom (the agreement matrix with the provisions each pair shares, in the
    clustering's order), the blocs, the swing delegations and every provision's distance to
    consensus: the figures of `/coalitions/`, with its filters (`as_of` for positions after a
    session). Queries: the filter choices, the positions, the memberships (and the session)."""

    @extend_schema(
        responses=s.CoalitionSerializer, parameters=filterset_parameters(CoalitionFilter)
    )
    def get(self, request):
        as_of = selectors.session_for_as_of(request.query_params.get("as_of"))
        filterset = CoalitionFilter(
            request.query_params, queryset=selectors.base_positions(as_of), request=request
        )
        if not filterset.is_valid():
            raise ValidationError({k: [str(m) for m in v] for k, v in filterset.errors.items()})
        reference = filterset.reference
        names = reference.delegation_rows
        groups = {reference.ids["d", code] for code, _ in reference.groups}
        figures = selectors.coalition_figures(filterset.qs, groups)
        scores, clustering = figures.scores, figures.clustering
        index = {d: i for i, d in enumerate(scores.delegations)}
        order = [index[d] for d in clustering.order]

        def code(pk):
            return names[pk][0]

        codes = {pk: row[0] for pk, row in names.items()}

        def speakers(items):
            # Those who speak for the most first, then by code (as on the page).
            listed = [(-len(members), codes[d], members) for d, members in items]
            listed.sort(key=lambda item: item[:2])
            return [
                {"delegation": d, "speaks_for": [codes[m] for m in members] if members else []}
                for _, d, members in listed
            ]

        def consensus(c):
            slug, kind, number, title, _ = reference.provision_rows[c.provision]
            return {
                "provision": slug,
                "label": provision_label(kind, number, title),
                "counts": c.counts,
                "distance": c.distance,
                "objectors": speakers(c.objectors),
                "qualifiers": speakers(c.qualifiers),
            }

        return Response(
            {
                "as_of": as_of.code if as_of else None,
                "delegations": [code(d) for d in clustering.order],
                "agreement": {
                    "adjusted": _matrix(scores.adjusted, order, digits=3),
                    "raw": _matrix(scores.score, order, digits=3),
                    "shared": _matrix(scores.shared, order),
                },
                "blocs": [
                    {"bloc": b + 1, "delegations": [code(d) for d in bloc]}
                    for b, bloc in enumerate(clustering.blocs)
                ],
                "swing": [
                    {
                        "delegation": code(w.delegation),
                        "name": names[w.delegation][1],
                        "blocs": [{"bloc": b + 1, "agreement": a} for b, a in w.affinities],
                    }
                    for w in figures.swing
                ],
                "consensus": [consensus(c) for c in figures.consensus],
                "consensus_total": figures.consensus_total,
                "consensus_reached": figures.consensus_reached,
                "thresholds": {
                    "prior": coalitions.PRIOR_WEIGHT,
                    "bloc": coalitions.BLOC_AGREEMENT,
                    "swing": coalitions.SWING_AGREEMENT,
                },
            }
        )


@extend_schema(tags=["aggregates"])
class CompareView(APIView):
    """Two to six delegations side by side on every provision: differences first (widest gap
    first), then provisions where some hold no position, then agreement; a delegation without
    a position of its own holds its group's (`via`). The data of `/compare/`."""

    @extend_schema(
        responses=s.CompareSerializer,
        parameters=[
            OpenApiParameter(
                "d",
                {"type": "array", "items": {"type": "string"}},
                required=True,
                explode=True,
                description=f"Delegation codes ({compare.MIN_COMPARED} to "
                f"{compare.MAX_COMPARED}), repeated: ?d=JPN&d=CHN.",
            ),
            OpenApiParameter("as_of", str, description="Positions as of (after) this session."),
        ],
    )
    def get(self, request):
        reference = reference_choices_cached()
        data = request.query_params.copy()
        data.setlist("d", [code.upper() for code in data.getlist("d")])
        if data.get("as_of"):
            data["as_of"] = data["as_of"].upper()
        form = CompareForm(data, reference=reference)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        codes = form.cleaned_data["d"]
        session = selectors.session_for_as_of(form.cleaned_data["as_of"])
        found = selectors.delegations_by_codes(codes)
        ids = [found[code].pk for code in codes]
        rows, memberships = selectors.compare_rows(ids, session)
        id_codes = {pk: code for (kind, code), pk in reference.ids.items() if kind == "d"}
        lines = compare.compare_lines(rows, memberships, ids, id_codes)

        def cell(code, c):
            if not c:
                return dict.fromkeys(
                    ("position", "via", "stance", "session", "stated_on"), None
                ) | {"delegation": code, "evidence": ""}
            return {
                "delegation": code,
                "position": c["position"],
                "via": c["via"] or None,
                "stance": c["stance_id"],
                "session": c["session"] or None,
                "stated_on": c["stated_on"],
                "evidence": c["evidence"] or "",
            }

        return Response(
            {
                "as_of": session.code if session else None,
                "delegations": codes,
                "lines": [
                    {
                        "provision": line.slug,
                        "label": line.label,
                        "kind": line.kind,
                        "cells": [cell(c, x) for c, x in zip(codes, line.cells, strict=True)],
                    }
                    for line in lines
                ],
            }
        )
