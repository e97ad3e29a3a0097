"""`make serve` and gunicorn.conf.py: loopback, cores + 1 workers, no start without a key."""

import os
import runpy
import shutil
import subprocess

import pytest
from django.conf import settings


def gunicorn_config(**env: str) -> dict:
    saved = {
        name: os.environ.pop(name, None) for name in ("GUNICORN_BIND", "WEB_CONCURRENCY", "PORT")
    }
    os.environ.update(env)
    try:
        return runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    finally:
        for name in env:
            os.environ.pop(name, None)
        os.environ.update({name: value for name, value in saved.items() if value is not None})


def test_gunicorn_listens_on_loopback_with_one_worker_per_core_plus_one():
    config = gunicorn_config()
    assert config["bind"] == "127.0.0.1:8000"
    assert config["workers"] == os.cpu_count() + 1
    assert config["worker_class"] == "sync"


def test_gunicorn_settings_come_from_the_environment():
    config = gunicorn_config(PORT="8123", WEB_CONCURRENCY="7")
    assert (config["bind"], config["workers"]) == ("127.0.0.1:8123", 7)


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_make_serve_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "LOCAL"}}
    result = subprocess.run(
        ["make", "-s", "serve"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stdout + result.stderr
