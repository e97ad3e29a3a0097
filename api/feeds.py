"""Atom feeds of confirmed stance changes: all, per delegation (a group with its members), per
provision (a chapter or issue with its articles). A browser session reads them; a feed reader
adds `?token=<feed token>` (made at /api/tokens/)."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from delegations.models import Delegation
from provisions.models import Provision

from .models import ApiToken
from .selectors import delegation_scope, provision_scope, stance_changes

FEED_ITEMS = 50


def _feed_user(request):
    """The signed-in user, else the owner of a valid `?token=` (feed or API token)."""
    if request.user.is_authenticated:
        return request.user
    key = request.GET.get("token", "")
    if not key:
        return None
    token = ApiToken.objects.for_key(key).select_related("user").first()
    return token.user if token is not None and token.user.is_active else None


class StanceChangesFeed(Feed):
    feed_type = Atom1Feed
    title = "Treaty Position Tracker: confirmed stance changes"
    subtitle = "Stances recorded, accepted or edited while confirmed, newest first."

    def __call__(self, request, *args, **kwargs):
        if _feed_user(request) is None:
            response = HttpResponse(
                "Sign in, or add ?token=<your feed token> (made at /api/tokens/).",
                status=401,
                content_type="text/plain; charset=utf-8",
            )
            response["WWW-Authenticate"] = 'Token realm="feeds"'
            return response
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "private, max-age=300"
        return response

    def get_object(self, request, *args, **kwargs):
        return None

    def link(self, obj=None):
        return reverse("stance-changes-feed")

    def scope(self, obj) -> dict:
        return {}

    def items(self, obj=None):
        return stance_changes(limit=FEED_ITEMS, **self.scope(obj))

    def item_title(self, item):
        return item.summary

    def item_description(self, item):
        evidence = f"“{item.evidence}”" if item.evidence else "(no quoted passage)"
        return f"{item.summary}, stated on {item.stated_on:%d %B %Y}. {evidence}"

    def item_link(self, item):
        return reverse("positions:stance-detail", args=[item.stance_id])

    def item_guid(self, item):
        return f"stance-{item.stance_id}-change-{item.history_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.at

    def item_updateddate(self, item):
        return item.at

    def item_categories(self, item):
        return [item.delegation_code, item.provision_slug, item.position]


class DelegationChangesFeed(StanceChangesFeed):
    def get_object(self, request, code):
        return get_object_or_404(Delegation, code=code)

    def title(self, obj):
        return f"Stance changes: {obj}" + (" and its members" if obj.is_group else "")

    def link(self, obj):
        return reverse("delegation-changes-feed", args=[obj.code])

    def scope(self, obj):
        return {"delegations": delegation_scope(obj)}


class ProvisionChangesFeed(StanceChangesFeed):
    def get_object(self, request, slug):
        provision = Provision.objects.filter(slug=slug).order_by("pk").first()
        if provision is None:
            from django.http import Http404

            raise Http404("No such provision.")
        return provision

    def title(self, obj):
        return f"Stance changes: {obj}"

    def link(self, obj):
        return reverse("provision-changes-feed", args=[obj.slug])

    def scope(self, obj):
        return {"provisions": provision_scope(obj)}
