"""Authentication backends: sign-in throttling (django-axes)."""

from axes.backends import AxesStandaloneBackend


class ThrottledLoginBackend(AxesStandaloneBackend):
    """Refuse sign-in for a (username, IP) pair that failed too often; authenticates no one itself.

    `authenticate()` called without a request (the test client's `login()`, a shell) is not a web
    sign-in and has no IP address to throttle by, so it is let through to the next backend
    instead of raising as django-axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
