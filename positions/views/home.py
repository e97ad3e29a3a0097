from django.db.models import Count
from django.shortcuts import render

from delegations.models import Delegation
from provisions.models import Provision, Session

from ..models import Stance, Statement


def home(request):
    """What the database holds: counts, the latest statements, where to go next."""
    stance_counts = dict(Stance.objects.values_list("status").annotate(n=Count("pk")).order_by())
    context = {
        "counts": {
            "delegations": Delegation.objects.count(),
            "sessions": Session.objects.count(),
            "provisions": dict(
                Provision.objects.values_list("kind").annotate(n=Count("pk")).order_by()
            ),
            "statements": Statement.objects.active().count(),
            "stances": stance_counts,
        },
        "latest_statements": Statement.objects.active().for_table().latest_first()[:10],
        "position_counts": dict(
            Stance.objects.current().values_list("position").annotate(n=Count("pk")).order_by()
        ),
    }
    return render(request, "home.html", context)
