"""/api/v1/ (the JSON API), /api/schema/ and /api/docs/, /api/tokens/, /feeds/, /watch/."""

from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import feeds, pages, views

router = SimpleRouter(trailing_slash=True)
router.register("delegations", views.DelegationViewSet, basename="delegation")
router.register("provisions", views.ProvisionViewSet, basename="provision")
router.register("sessions", views.SessionViewSet, basename="session")
router.register("statements", views.StatementViewSet, basename="statement")
router.register("stances", views.StanceViewSet, basename="stance")
router.register("current-positions", views.CurrentPositionViewSet, basename="current-position")

v1 = [
    *router.urls,
    path("support/", views.SupportView.as_view(), name="support"),
    path("matrix/", views.MatrixView.as_view(), name="matrix"),
    path("coalitions/", views.CoalitionView.as_view(), name="coalitions"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("popolo/", views.PopoloView.as_view(), name="popolo"),
]


def _public(patterns):
    """The API answers anonymous calls itself (401 problem details), so the site's sign-in
    redirect does not apply to it; nor to feeds, which take a token in their URL."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _public(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            login_not_required(pattern.callback)
    return patterns


api_v1 = (_public(v1), "api")

urlpatterns = [
    path("api/v1/", include(api_v1, namespace="api")),
    # The schema and its docs are pages of the app: signed-in users only (DRF's views opt out
    # of the sign-in middleware, so they ask for it here).
    path("api/schema/", login_required(SpectacularAPIView.as_view()), name="api-schema"),
    path(
        "api/docs/",
        # The split view serves its start-up script as a file: no inline script under the CSP.
        login_required(
            SpectacularSwaggerSplitView.as_view(
                url_name="api-schema", template_name="api/swagger_ui.html"
            )
        ),
        name="api-docs",
    ),
    *_public(
        [
            path("feeds/", feeds.StanceChangesFeed(), name="stance-changes-feed"),
            path(
                "feeds/delegations/<str:code>/",
                feeds.DelegationChangesFeed(),
                name="delegation-changes-feed",
            ),
            path(
                "feeds/provisions/<slug:slug>/",
                feeds.ProvisionChangesFeed(),
                name="provision-changes-feed",
            ),
        ]
    ),
    path("api/tokens/", pages.token_list_view, name="api-tokens"),
    path("api/tokens/<int:pk>/revoke/", pages.token_revoke_view, name="api-token-revoke"),
    path("watch/", pages.watch_view, name="watch"),
]
