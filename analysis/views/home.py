from django.shortcuts import render

from ..selectors import database_summary


def home(request):
    """What the database holds: counts, the latest statements, where to go next."""
    return render(request, "analysis/home.html", database_summary())
