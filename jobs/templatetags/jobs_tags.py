"""Template tags of the jobs app: the offer of an export job on the stance table."""

from django import template
from django.conf import settings

from ..exports import export_query

register = template.Library()


@register.inclusion_tag("jobs/_export_offer.html", takes_context=True)
def export_job_offer(context, count):
    """A form queuing this view's export as a job, shown above `JOBS_EXPORT_OFFER_ROWS` rows
    (`count`: the table's `ResultCount`), where a download in one request would take long."""
    request = context["request"]
    # No count (invalid filters, or a page drawn without one): no offer.
    rows = getattr(count, "value", None)
    offered = rows is not None and rows > settings.JOBS_EXPORT_OFFER_ROWS
    return {
        "offered": offered,
        "query": export_query(request.GET) if offered else "",
        "formats": context.get("export_formats", ()),
        "csrf_token": context.get("csrf_token"),
        "threshold": settings.JOBS_EXPORT_OFFER_ROWS,
    }
