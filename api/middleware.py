"""Problem details for API paths no API view answered, and the home page's visit record."""

import logging

from django.urls import reverse

from .problems import CONTENT_TYPE, problem_response
from .services import reader_visit

API_PREFIX = "/api/v1/"
logger = logging.getLogger(__name__)


class ProblemDetailsMiddleware:
    """Under /api/v1/, a 4xx/5xx that is not already problem details (an unknown path, a 500
    raised outside a view) becomes one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(CONTENT_TYPE)
        ):
            detail = ""
            if response.get("Content-Type", "").startswith("text/plain") and not response.streaming:
                detail = response.content.decode("utf-8", "replace")[:500]
            return problem_response(response.status_code, detail, request=request)
        return response

    def process_exception(self, request, exception):
        if request.path.startswith(API_PREFIX):
            logger.exception("API error", exc_info=exception)
            return problem_response(
                500, "The server failed to answer this request.", request=request
            )
        return None


class VisitMiddleware:
    """After the home page is shown to a signed-in person, record the visit (the page itself
    only reads what changed since the one before)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.home = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.home is None:
            self.home = reverse("home")
        if (
            request.path == self.home
            and request.method == "GET"
            and response.status_code == 200
            and request.user.is_authenticated
        ):
            reader_visit(user=request.user)
        return response
