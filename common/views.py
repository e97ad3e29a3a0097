"""Views shared by the whole site: password reset (with or without mail), CSP reports."""

import json
import logging

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

csp_logger = logging.getLogger("csp.report")

CSP_REPORT_MAX_BYTES = 16 * 1024
# Reports logged per client address a minute: a page with a real violation sends a few; more is
# a script filling the log, and is answered 429 without being logged.
CSP_REPORTS_PER_MINUTE = 30


@login_not_required
def password_reset(request, *args, **kwargs):
    """Django's password reset by mail when mail is configured (EMAIL_HOST); otherwise a page
    saying that an administrator resets passwords, rather than a form that sends nothing."""
    if not settings.EMAIL_CONFIGURED:
        return render(request, "registration/password_reset_unavailable.html")
    return auth_views.PasswordResetView.as_view()(request, *args, **kwargs)


@login_not_required
@csrf_exempt  # browsers post reports without a token
@require_POST
def csp_report(request):
    """Log a Content-Security-Policy violation a browser reports (no storage, no answer), at
    most ``CSP_REPORTS_PER_MINUTE`` from one address (counted in the shared throttle cache)."""
    if _over_report_limit(request):
        return HttpResponse(status=429)
    body = request.body[:CSP_REPORT_MAX_BYTES]
    try:
        report = json.loads(body).get("csp-report", {})
    except (ValueError, AttributeError):
        return HttpResponse(status=400)
    if isinstance(report, dict):
        csp_logger.warning(
            "CSP violation: %s blocked %s on %s",
            str(report.get("violated-directive") or report.get("effective-directive"))[:200],
            str(report.get("blocked-uri"))[:500],
            str(report.get("document-uri"))[:500],
        )
    return HttpResponse(status=204)


def _over_report_limit(request) -> bool:
    """Count this report against its address's minute; True once the minute's quota is spent."""
    cache = caches["throttle"]
    key = f"csp-report:{get_client_ip_address(request) or 'unknown'}"
    cache.add(key, 0, timeout=60)  # the minute starts with the first report
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this report starts a new minute
        cache.set(key, 1, timeout=60)
        count = 1
    return count > CSP_REPORTS_PER_MINUTE
