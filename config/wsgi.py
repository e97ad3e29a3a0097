"""WSGI entry point (gunicorn config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Everything loaded so far lives as long as the process: out of the collector's way (and, in
# gunicorn's master with preload_app, shared by the forked workers).
from common import gc_tuning  # noqa: E402 (after Django is set up)

gc_tuning.settle()
