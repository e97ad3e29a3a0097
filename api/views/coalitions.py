"""The coalition figures of `/coalitions/` and the comparison of `/compare/`, as data: the same
filters, the same selectors and arithmetic (analysis.selectors.coalitions), nothing recomputed."""

import json

import numpy as np
from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis import coalitions, compare
from analysis.coalition_filters import CoalitionFilter
from analysis.filters import reference_choices_cached
from analysis.selectors import coalitions as selectors
from analysis.views.compare import CompareForm
from common import data_version
from provisions.models import provision_label

from .. import serializers as s
from ..schema import codes_in_schema, filterset_parameters
from ._shared import _form_errors

codes_in_schema(CoalitionFilter)


def _dumps(value) -> str:
    """`value` as the API's JSON renderer writes it (compact, not ASCII-only)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _matrix_json(values, order, *, digits=None) -> str:
    """Rows of a square matrix in `order` (indexes), as JSON (NaN as null): the text
    `json.dumps` writes for the rounded values, built from a table of the few distinct numbers.

    Three 207 x 207 matrices are 130,000 numbers: as Python floats encoded one by one they were
    a third of the response's time."""
    index = np.asarray(order, dtype=np.int64)
    square = values[np.ix_(index, index)]
    if digits is None:  # integers
        return "[" + ",".join("[" + ",".join(map(str, row)) + "]" for row in square.tolist()) + "]"
    scale = 10**digits
    missing = np.isnan(square)
    steps = np.rint(np.where(missing, 0, square) * scale)
    if not len(square) or steps.min() < 0 or steps.max() > scale:
        # Outside [0, 1] (not a score): each number written by the encoder.
        rounded = np.round(square, digits).astype(object)
        rounded[missing] = None
        return _dumps(rounded.tolist())
    # np.round(x, d) is rint(x * 10**d) / 10**d: the same floats, so the same shortest reprs.
    table = np.array([repr(k / scale) for k in range(scale + 1)] + ["null"], dtype=object)
    steps = steps.astype(np.int64)
    steps[missing] = scale + 1
    return "[" + ",".join("[" + ",".join(row) + "]" for row in table[steps].tolist()) + "]"


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
        # Kept per query string and data version, as `/coalitions/` is (PageCacheMixin): the
        # figures are the same for everyone who may ask, and any write changes the version.
        key = (
            data_version.page_key("api-coalitions", request) if settings.PAGE_CACHE_SECONDS else ""
        )
        body = key and caches[data_version.CACHE].get(key)
        if not body:
            body = self.body(request)
            if key:
                caches[data_version.CACHE].set(key, body, settings.PAGE_CACHE_SECONDS)
        if request.accepted_renderer.get_indent(request.accepted_media_type, {}) is not None:
            return Response(json.loads(body))  # indented by the renderer, as asked
        return HttpResponse(body, content_type=request.accepted_renderer.media_type)

    def body(self, request) -> bytes:
        """The response's JSON, written here rather than by the renderer: the same bytes as
        `JSONRenderer` writes for the same data (a test compares them), four to five times
        faster (1.7 MB at a million stances: the matrices' 130,000 numbers and the 25,000
        objectors and qualifiers each an object)."""
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
        codes = {pk: row[0] for pk, row in names.items()}
        code_json = {pk: _dumps(code) for pk, code in codes.items()}
        by_code = {pk: i for i, pk in enumerate(sorted(codes, key=codes.__getitem__))}
        alone_json = {
            pk: f'{{"delegation":{text},"speaks_for":[]}}' for pk, text in code_json.items()
        }

        def speakers(items) -> str:
            # Those who speak for the most first, then by code (as on the page); most speak
            # for nobody, written from a text made once per delegation.
            alone = [d for d, members in items if not members]
            alone.sort(key=by_code.__getitem__)
            listed = [
                f'{{"delegation":{code_json[d]},"speaks_for":['
                + ",".join([code_json[m] for m in members])
                + "]}"
                for d, members in sorted(
                    ((d, members) for d, members in items if members),
                    key=lambda item: (-len(item[1]), by_code[item[0]]),
                )
            ]
            listed.extend(map(alone_json.__getitem__, alone))
            return "[" + ",".join(listed) + "]"

        def consensus(c) -> str:
            slug, kind, number, title, _ = reference.provision_rows[c.provision]
            head = _dumps(
                {
                    "provision": slug,
                    "label": provision_label(kind, number, title),
                    "counts": c.counts,
                    "distance": c.distance,
                }
            )
            return (
                f'{head[:-1]},"objectors":{speakers(c.objectors)},'
                f'"qualifiers":{speakers(c.qualifiers)}}}'
            )

        blocs = [
            {"bloc": b + 1, "delegations": [codes[d] for d in bloc]}
            for b, bloc in enumerate(clustering.blocs)
        ]
        swing = [
            {
                "delegation": codes[w.delegation],
                "name": names[w.delegation][1],
                "blocs": [{"bloc": b + 1, "agreement": a} for b, a in w.affinities],
            }
            for w in figures.swing
        ]
        thresholds = {
            "prior": coalitions.PRIOR_WEIGHT,
            "bloc": coalitions.BLOC_AGREEMENT,
            "swing": coalitions.SWING_AGREEMENT,
        }
        text = "".join(
            [
                '{"as_of":',
                _dumps(as_of.code if as_of else None),
                ',"delegations":[',
                ",".join([code_json[d] for d in clustering.order]),
                '],"agreement":{"adjusted":',
                _matrix_json(scores.adjusted, order, digits=3),
                ',"raw":',
                _matrix_json(scores.score, order, digits=3),
                ',"shared":',
                _matrix_json(scores.shared, order),
                '},"blocs":',
                _dumps(blocs),
                ',"swing":',
                _dumps(swing),
                ',"consensus":[',
                ",".join([consensus(c) for c in figures.consensus]),
                '],"consensus_total":',
                _dumps(figures.consensus_total),
                ',"consensus_reached":',
                _dumps(figures.consensus_reached),
                ',"thresholds":',
                _dumps(thresholds),
                "}",
            ]
        )
        # As JSONRenderer: U+2028 and U+2029 escaped, so that the text is also JavaScript.
        return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode()


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
