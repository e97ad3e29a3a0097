"""Authentication backends: sign-in throttling (django-axes)."""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_ip_address, get_cool_off, get_credentials
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

# django-axes stores the user name in a 255-character column.
AXES_USERNAME_MAX = 255


def username_for_axes(request, credentials) -> str | None:
    """The user name django-axes records and throttles by, cut to fit its column.

    Django's sign-in form does not enforce the username's max_length before authenticating, so
    a 256-character name would otherwise overflow django-axes' column (a DataError on
    PostgreSQL). Names that long never exist, so the cut one still matches nobody.
    """
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get(settings.AXES_USERNAME_FORM_FIELD) if source else None
    return username[:AXES_USERNAME_MAX] if isinstance(username, str) else username


def ip_failures(ip_address: str) -> int:
    """Failed sign-ins from `ip_address`, across every user name, within the cool-off period."""
    since = timezone.now() - get_cool_off()
    attempts = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class ThrottledLoginBackend(AxesStandaloneBackend):
    """Refuse sign-in for a (username, IP) pair that failed too often, and for an IP address
    that failed `AXES_IP_FAILURE_LIMIT` times across user names; authenticates no one itself.

    `authenticate()` called without a request (the test client's `login()`, a shell) is not a web
    sign-in and has no IP address to throttle by, so it is let through to the next backend
    instead of raising as django-axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
        if ip_address and ip_failures(ip_address) >= settings.AXES_IP_FAILURE_LIMIT:
            credentials = get_credentials(username=username, password=password, **kwargs)
            request.axes_locked_out = True
            request.axes_credentials = credentials
            raise AxesBackendPermissionDenied("Too many failed sign-ins from this address")
        return None
