"""Reference data: delegations (with dated memberships), the provision tree, sessions."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from delegations.models import Delegation, GroupMembership
from provisions.models import Provision, Session

from .. import serializers as s

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
