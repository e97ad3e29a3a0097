from django.urls import path

from . import views

app_name = "delegations"

urlpatterns: list = [
    path("delegations/", views.DelegationListView.as_view(), name="delegation-list"),
    path(
        "delegations/<str:code>/",
        views.DelegationDetailView.as_view(),
        name="delegation-detail",
    ),
]
