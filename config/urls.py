from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import RedirectView

from analysis.views.home import home
from common.views import csp_report, password_reset


class FaviconView(RedirectView):
    """/favicon.ico, which browsers ask for on pages that do not link an icon (the admin)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        # Resolved per request: the hashed static name exists only after collectstatic.
        return static_url("img/favicon.ico")


urlpatterns = [
    path("favicon.ico", login_not_required(FaviconView.as_view())),
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    # Before Django's own: says that an admin resets passwords when no mail is configured.
    path("accounts/password_reset/", password_reset, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("csp-report/", csp_report, name="csp-report"),
    path("", include("positions.urls")),
    path("", include("analysis.urls")),
    path("", include("jobs.urls")),
    path("", include("api.urls")),
]
