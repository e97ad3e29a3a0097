"""gunicorn settings for `make serve`; environment variables override them (see README)."""

import multiprocessing
import os

# Loopback unless told otherwise: a reverse proxy (TLS, buffering) belongs in front of it.
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT') or '8000'}"

# Sync workers, cores + 1: the pages are CPU-bound (ORM rows, templates) and PostgreSQL shares
# these 2 cores, so more processes than cores mostly add context switches and memory; the +1
# covers a worker waiting on the database. bench/README.md has the 3- vs 5-worker measurement.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() + 1)
worker_class = "sync"
# Load the app once in the master and fork: faster start, shared memory. Database connections
# are opened lazily per worker after the fork, so none is shared.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
graceful_timeout = 20
# Access log off by default (it costs throughput under load); GUNICORN_ACCESS_LOG=- for stdout.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"


def post_request(worker, req, environ, resp):
    """After a worker's first request, what it built to serve pages (URL resolvers, compiled
    templates, reference choices) joins the start-up objects out of the collector's way."""
    if worker.nr == 1:
        from common import gc_tuning

        gc_tuning.settle()
