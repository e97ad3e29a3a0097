"""Template pieces of the api app for pages of other apps (loaded by name, not imported):
the watch button and the home page's "changes since your last visit"."""

from django import template
from django.urls import reverse

from delegations.models import Delegation

from .. import selectors

register = template.Library()


@register.inclusion_tag("api/_watch_button.html", takes_context=True)
def watch_button(context, subject):
    """A Watch / Watching toggle for a delegation or a provision, with its feed link."""
    request = context["request"]
    if isinstance(subject, Delegation):
        field, value = "delegation", subject.code
        feed_url = reverse("delegation-changes-feed", args=[subject.code])
        watching = selectors.is_watching(request.user, delegation=subject)
    else:
        field, value = "provision", subject.slug
        feed_url = reverse("provision-changes-feed", args=[subject.slug])
        watching = selectors.is_watching(request.user, provision=subject)
    return {
        "user": request.user,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "field": field,
        "value": value,
        "watching": watching,
        "feed_url": feed_url,
    }


@register.inclusion_tag("api/_since_last_visit.html", takes_context=True)
def changes_since_last_visit(context):
    """What changed since the person's previous visit (nothing on a first visit)."""
    user = context["request"].user
    visit = selectors.changes_since_last_visit(user) if user.is_authenticated else None
    return {"visit": visit, "request": context["request"]}
