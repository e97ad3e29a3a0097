# Loaded with Django so that tasks bind to this Celery application (see config/celery.py).
from .celery import app as celery_app

__all__ = ["celery_app"]
