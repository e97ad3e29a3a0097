"""Request budgets: per token, else per signed-in user, else per IP address."""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    """`API_THROTTLE_RATE` requests per token (each token of a person has its own budget);
    session calls count per user, anonymous ones per address."""

    scope = "api"

    @property
    def cache(self):
        # Shared by every process (Redis, or a database table: settings.CACHES), so a token's
        # budget holds across gunicorn workers and machines.
        return caches["throttle"]

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return f"throttle_{self.scope}_{ident}"

    def allow_request(self, request, view):
        # The rate is read per request, so a settings override (tests) takes effect.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
