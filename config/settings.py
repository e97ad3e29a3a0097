"""Settings for Treaty Position Tracker.

One module, configured from environment variables only (each is documented in the README).
With nothing set it runs out of the box on a SQLite file with DEBUG on.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# One BLAS thread for numpy (the coalition pages): their matrices are small (200 x 300) and each
# web worker already has a core; OpenBLAS's own thread pool made the matrix products ten times
# slower on a busy machine. Set here because settings load before numpy; the environment wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
# Likewise the extractor's sentence encoder (WordLlama over Hugging Face `tokenizers`): its
# batch encoding spreads a statement's 20-50 sentences over a Rust thread pool, whose threads
# spin while they wait; in one process per core (a job worker, a web worker) that cost about
# 3 ms of CPU a statement for nothing (bench/README section 35). Read when encoding.
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DEV_SECRET_KEY = "dev-only-insecure-key-change-me-for-production-0123456789"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = env_str(name).strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = env_str(name).strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name).strip()
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY") or DEV_SECRET_KEY
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    # Refuse to serve real users with a key that is published in the repository.
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tables2",
    "simple_history",
    "devdata",
    "axes",
    "csp",
    "delegations",
    "provisions",
    "positions",
    "analysis",
    "jobs",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Errors under /api/v1/ that no API view rendered (unknown paths, requests refused by a
    # middleware below, 500s) as problem details.
    "api.middleware.ProblemDetailsMiddleware",
    # The Content-Security-Policy header on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL byte in the path, query string or a form field is answered 400, before any view.
    "common.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page requires a signed-in user unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records a visit to the home page ("changes since your last visit").
    "api.middleware.VisitMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.navigation",
            ],
        },
    },
]

# An empty or unset DATABASE_URL means the embedded SQLite file.
SQLITE_PATH = Path(env_str("SQLITE_PATH") or BASE_DIR / "db.sqlite3")
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL").strip() or f"sqlite:///{SQLITE_PATH}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The covering indexes' INCLUDE columns are a PostgreSQL feature; SQLite (development) builds
# the same indexes without them, which is all the warning says.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SILENCED_SYSTEM_CHECKS = ["models.W040"]


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses sign-in after too many failures for the same (username, IP).
    "delegations.auth_backends.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins are throttled per (username, IP address): after AXES_FAILURE_LIMIT failures
# that pair is locked out for AXES_COOLOFF_MINUTES; a successful sign-in resets the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Across user names, one IP address may fail AXES_IP_FAILURE_LIMIT times per cool-off period
# (higher than the per-name limit: several people may sign in from behind one office address).
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 20)
# Longer names are cut before django-axes stores them (its column holds 255 characters).
AXES_USERNAME_CALLABLE = "delegations.auth_backends.username_for_axes"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "common.storage.CachedURLStaticFilesStorage"
        )
    },
}

# Uploaded statement documents (.txt, .pdf, .docx): the largest file accepted, in bytes.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# PDFs longer than this are refused rather than parsed (parsing cost grows with pages).
UPLOAD_MAX_PDF_PAGES = env_int("UPLOAD_MAX_PDF_PAGES", 300)
# Requests larger than this are refused before they reach a view; keep it above UPLOAD_MAX_BYTES
# so an oversize file gets the form's clear message rather than a bare 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Background jobs (jobs/): Celery. Without CELERY_BROKER_URL every job runs in the process that
# starts it (the web process for a page, the command for a command), so one process is enough.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL").strip()
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://localhost/"
# A job's outcome is kept in its Job row, so Celery keeps no results.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE").strip() or "tracker"
# Acknowledge a task after it ran, one at a time: a worker that dies mid-task leaves it to
# another worker (the tasks are idempotent, so running an item twice changes nothing).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A worker keeps its database connection for this many tasks (Celery's Django fixup otherwise
# closes it after every task: a new PostgreSQL backend, its authentication and its cold
# catalog caches for each chunk). `jobs/tasks.py` checks it before each task, as Django checks
# a web process's connection before each request: one that failed is replaced. 0: a new
# connection for every task.
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 200)
# Items (statements, files) handled by one task, and how often a task hit by a transient
# database error (a lock held elsewhere, a dropped connection) is tried again.
JOBS_CHUNK_SIZE = env_int("JOBS_CHUNK_SIZE", 25)
JOBS_MAX_RETRIES = env_int("JOBS_MAX_RETRIES", 5)
JOBS_RETRY_DELAY = env_int("JOBS_RETRY_DELAY", 2)
# The stance table offers an export job above this many rows; finished files are kept this long.
JOBS_EXPORT_OFFER_ROWS = env_int("JOBS_EXPORT_OFFER_ROWS", 100_000)
JOBS_EXPORT_KEEP_HOURS = env_int("JOBS_EXPORT_KEEP_HOURS", 24)
# Bulk import: the largest zip accepted, the most files in one, and what it may expand to.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 200 * 1024 * 1024)
IMPORT_MAX_FILES = env_int("IMPORT_MAX_FILES", 1000)
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_MAX_UNCOMPRESSED_BYTES", 1024 * 1024 * 1024)
# Parsing an uploaded PDF or .docx runs in a child process with these limits; past them the
# upload is refused with a message and the web worker is free again (positions/parsing.py).
DOCUMENT_PARSE_CPU_SECONDS = env_int("DOCUMENT_PARSE_CPU_SECONDS", 10)
DOCUMENT_PARSE_MEMORY_MB = env_int("DOCUMENT_PARSE_MEMORY_MB", 768)
DOCUMENT_PARSE_TIMEOUT_SECONDS = env_int("DOCUMENT_PARSE_TIMEOUT_SECONDS", 15)
# At most this many uploads are parsed at once (across worker processes): the other workers
# stay free for everyone else. A further upload waits up to 3 s for a slot, then gets a message.
DOCUMENT_PARSE_CONCURRENCY = env_int("DOCUMENT_PARSE_CONCURRENCY", 1)

# Outgoing mail (password reset links). Without EMAIL_HOST no mail is sent, and the password
# reset page says that an administrator resets passwords instead.
EMAIL_HOST = env_str("EMAIL_HOST").strip()
EMAIL_CONFIGURED = bool(EMAIL_HOST) or env_str("EMAIL_BACKEND") == "console"
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = 10
elif EMAIL_CONFIGURED:
    # EMAIL_BACKEND=console: mails are printed on the server's output (development only).
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    # In development the watch digests (`manage.py send_digests`) are printed, not dropped.
    EMAIL_BACKEND = (
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.dummy.EmailBackend"
    )
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "tracker@localhost")

# Content-Security-Policy: scripts, styles, fonts and images from this site only; no inline
# script. Inline style *attributes* stay allowed (bar widths computed in templates). Browsers
# report violations to /csp-report/, which logs them (logger "csp.report").
_csp_report_only = env_bool("CSP_REPORT_ONLY", False)
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # The hash: the one inline <style> of Django's admin change list (when it has no actions).
        "style-src": ["'self'", "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": ["/csp-report/"],
    }
}
CONTENT_SECURITY_POLICY = None if _csp_report_only else _CSP
CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP if _csp_report_only else None

# Opt in now to the Django 6 default for scheme-less URLs typed in forms.
FORMS_URLFIELD_ASSUME_HTTPS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# Caches. "throttle" holds the API's request counts (api.throttling), which every web process
# and machine must share, or each gunicorn worker would grant a token its own budget: Redis
# when REDIS_URL is set, else a table of the database (made by the api migration 0002, and by
# `createcachetable`), so a fresh `make run` needs nothing more. "default" stays per process.
REDIS_URL = env_str("REDIS_URL").strip()
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "tracker"),
            # A Redis that does not answer fails the request in a second, not a minute.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {
            # Django's DatabaseCache, each write one upsert statement (api/cache.py).
            "BACKEND": "api.cache.UpsertDatabaseCache",
            "LOCATION": "api_throttle_cache",
        }
    ),
}
# "pages": the stance table's rendered pages, kept per query string under the data's version
# (common.data_version), which every write changes. With REDIS_URL both live in Redis, shared by
# every process, and sessions are read from it too (written through to the database): no
# session query on a page. Without Redis, the version is kept in the database (a sequence:
# one cheap query a page, seen by every process at once) and each web process keeps the pages
# it rendered in its own memory. Every process that writes must have the same REDIS_URL.
# Megabytes of rendered pages each web process keeps without Redis (0: no bound but the count).
PAGE_CACHE_MB = env_int("PAGE_CACHE_MB", 32)
if PAGE_CACHE_MB < 0:
    raise ImproperlyConfigured(f"PAGE_CACHE_MB must be 0 or more, got {PAGE_CACHE_MB}")
CACHES["pages"] = (
    {
        # Django's RedisCache, one redis-py client per pool (common/cache.py).
        "BACKEND": "common.cache.SharedRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "tracker"),
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if REDIS_URL
    else {
        # Django's LocMemCache, also bounded in bytes (common/cache.py).
        "BACKEND": "common.cache.BoundedLocMemCache",
        "LOCATION": "pages",
        # A stance table page is 60-120 kB, a support, matrix or coalitions page up to 1.1 MB
        # and the coalitions API's answer 1.7 MB at a million stances: at most 100 pages and
        # PAGE_CACHE_MB megabytes a process, the least recently read dropped first.
        "OPTIONS": {"MAX_ENTRIES": 100, "MAX_BYTES": PAGE_CACHE_MB * 2**20},
    }
)
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "pages"
DATA_VERSION_STORE = "cache" if REDIS_URL else "database"
# Seconds a rendered stance table (per query string and data version) is kept; 0: not cached.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)

# The JSON API (api/): session (browser) or per-user token auth, signed-in users only, errors as
# RFC 9457 problem details, and a request budget per token (per user for the session, per IP
# address otherwise). Throttle counts live in the shared "throttle" cache (CACHES below).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "api.authentication.BrowserSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ProblemAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests a token (or a signed-in user, or an IP address) may make, e.g. "1000/hour".
API_THROTTLE_RATE = env_str("API_THROTTLE_RATE", "2000/hour")
SPECTACULAR_SETTINGS = {
    "TITLE": "Treaty Position Tracker API",
    "DESCRIPTION": "Delegations, provisions, statements and stances of a treaty negotiation. "
    "Sign in (browser session) or send `Authorization: Bearer <token>` with a token made at "
    "/api/tokens/. Errors are RFC 9457 problem details (application/problem+json).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PositionEnum": "positions.models.Position",
        "StanceStatusEnum": "positions.models.Stance.Status",
    },
}

# The address of the app as readers see it, for links in emails (no request to read it from).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Where the shared reference files live (used only to rebuild fixtures and by evaluation).
SHARED_DIR = Path(env_str("TRACKER_SHARED_DIR") or BASE_DIR.parent / "shared")

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; its warnings (repeated failures, lockouts) remain.
    "loggers": {"axes": {"level": "WARNING"}},
}

# The stance extractor's learned layer (extraction/learned/heads.json over a packaged encoder):
# on by default; EXTRACTOR_LEARNED=false proposes from the rules alone.
EXTRACTOR_LEARNED = env_bool("EXTRACTOR_LEARNED", True)
