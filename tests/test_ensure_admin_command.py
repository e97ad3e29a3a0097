"""ensure_admin (run by `make run`): the address, the user and the password come last."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run(**kwargs) -> list[str]:
    out = io.StringIO()
    call_command("ensure_admin", stdout=out, **kwargs)
    return out.getvalue().strip().splitlines()


def test_first_run_creates_the_admin_and_ends_with_address_user_and_password(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    monkeypatch.delenv("ADMIN_USERNAME", raising=False)
    lines = run(url="http://127.0.0.1:8000/")
    assert lines[-4].strip() == "Address:   http://127.0.0.1:8000/"
    assert lines[-3].strip() == "User:      admin"
    password = lines[-2].split()[1]
    assert User.objects.get(username="admin").check_password(password)
    assert "shown once" in lines[-2]


def test_later_runs_say_the_password_is_unchanged(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    run()
    lines = run()
    assert "Password:  unchanged" in lines[-2]


def test_admin_password_from_the_environment_is_applied(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "a-chosen-pass-phrase")
    run()
    lines = run()
    assert "from ADMIN_PASSWORD" in lines[-2]
    assert User.objects.get(username="admin").check_password("a-chosen-pass-phrase")
