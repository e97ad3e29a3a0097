"""The Celery application: settings from Django's (CELERY_* names), tasks from the apps.

A worker: `celery -A config worker` with the same environment as the web process
(DATABASE_URL, CELERY_BROKER_URL, MEDIA_ROOT on shared storage).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
