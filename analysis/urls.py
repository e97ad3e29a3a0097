from django.urls import path

from .views import coalitions, compare

app_name = "analysis"

urlpatterns = [
    path("coalitions/", coalitions.CoalitionView.as_view(), name="coalitions"),
    path("compare/", compare.compare_view, name="compare"),
]
