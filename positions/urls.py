from django.urls import path  # noqa: F401

from .views import tables

app_name = "positions"

# URL names other parts of the app link to (the navigation shows a page once its name exists):
#   statement-list /statements/          statement-detail /statements/<pk>/
#   statement-create /statements/new/    statement-edit /statements/<pk>/edit/
#   statement-withdraw /statements/<pk>/withdraw/
#   stance-list /stances/                stance-create /stances/new/
#   stance-detail /stances/<pk>/         stance-edit /stances/<pk>/edit/
#   support /support/                    matrix /matrix/             review /review/
urlpatterns: list = []

# The analysts' tables (positions/views/tables.py).
urlpatterns += [
    path("stances/", tables.StanceListView.as_view(), name="stance-list"),
    path("support/", tables.SupportView.as_view(), name="support"),
    path("matrix/", tables.MatrixView.as_view(), name="matrix"),
]
