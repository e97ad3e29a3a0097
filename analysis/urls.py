from django.urls import path

from .views import coalitions, compare, delegations, provisions, tables

app_name = "analysis"

# The analysts' pages (the home page, `home`, is named globally in config/urls.py). The paths
# predate this app and are a public interface: bookmarks and shared filtered views use them.
urlpatterns = [
    path("stances/", tables.StanceListView.as_view(), name="stance-list"),
    path("support/", tables.SupportView.as_view(), name="support"),
    path("matrix/", tables.MatrixView.as_view(), name="matrix"),
    path("matrix/<str:code>/<slug:slug>/", tables.matrix_cell_view, name="matrix-cell"),
    path("delegations/", delegations.DelegationListView.as_view(), name="delegation-list"),
    path(
        "delegations/<str:code>/",
        delegations.DelegationDetailView.as_view(),
        name="delegation-detail",
    ),
    path("provisions/", provisions.ProvisionListView.as_view(), name="provision-list"),
    path(
        "provisions/<slug:slug>/",
        provisions.ProvisionDetailView.as_view(),
        name="provision-detail",
    ),
    path("coalitions/", coalitions.CoalitionView.as_view(), name="coalitions"),
    path("compare/", compare.compare_view, name="compare"),
]
