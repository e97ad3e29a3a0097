from django.urls import path

from . import views

app_name = "provisions"

urlpatterns: list = [
    path("provisions/", views.ProvisionListView.as_view(), name="provision-list"),
    path("provisions/<slug:slug>/", views.ProvisionDetailView.as_view(), name="provision-detail"),
]
