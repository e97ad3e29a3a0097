"""Settings come from the environment only; run in subprocesses so each starts clean."""

import json
import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-key-9f8a7d6c5b4e3a2f1e0d9c8b7a6f5e4d3c2b1a0",
    "ALLOWED_HOSTS": "tracker.example.org",
}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    environ = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}
    }
    environ.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environ,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


READ_DB = "import json; from django.conf import settings; print(json.dumps(settings.DATABASES['default'], default=str))"


def test_empty_database_url_means_sqlite():
    result = run_python(READ_DB, DATABASE_URL="")
    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"].endswith("db.sqlite3")


def test_database_url_selects_postgresql():
    result = run_python(READ_DB, DATABASE_URL="postgres://tracker:secret@db.internal:5433/tracker")
    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.internal",
        5433,
        "tracker",
    )


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_python("import django; django.setup()", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_rejects_a_malformed_boolean():
    result = run_python("import django; django.setup()", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_upload_limit_is_read_from_the_environment():
    code = "from django.conf import settings; print(settings.UPLOAD_MAX_BYTES)"
    assert run_python(code).stdout.strip() == str(10 * 1024 * 1024)
    assert run_python(code, UPLOAD_MAX_BYTES="2048").stdout.strip() == "2048"


def test_deploy_check_passes_with_production_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            **PRODUCTION_ENV,
            "DATABASE_URL": "",
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_page_cache_mb_must_be_a_size():
    read = "from django.conf import settings; print(settings.CACHES['pages'].get('OPTIONS'))"
    result = run_python(read, PAGE_CACHE_MB="8", REDIS_URL="")
    assert result.returncode == 0, result.stderr
    assert str(8 * 2**20) in result.stdout
    result = run_python(read, PAGE_CACHE_MB="-1", REDIS_URL="")
    assert result.returncode != 0 and "PAGE_CACHE_MB must be 0 or more" in result.stderr
