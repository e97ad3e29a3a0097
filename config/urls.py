from django.contrib import admin
from django.urls import include, path

from analysis.views.home import home
from common.views import csp_report, password_reset

urlpatterns = [
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
