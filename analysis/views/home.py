from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render

from common import data_version

from ..selectors import database_summary


def home(request):
    """What the database holds: counts, the latest statements, where to go next."""
    return render(request, "analysis/home.html", _summary_kept())


def _summary_kept() -> dict:
    """`database_summary()`, kept under the data's version like the analysts' pages (the same
    for everyone; any write changes the version): at a million stances its counts and latest
    statements were most of the home page's database time (about 17 ms of a 30 ms page, and
    under 50 clients the home page served 50 a second)."""
    version = data_version.current() if settings.PAGE_CACHE_SECONDS else None
    if version is None:
        return database_summary()
    key = f"home-summary:{version}"
    cache = caches[data_version.CACHE]
    summary = cache.get(key)
    if summary is None:
        summary = database_summary()
        cache.set(key, summary, settings.PAGE_CACHE_SECONDS)
    return summary
