"""manage.py add_user USERNAME --role staff|analyst|admin [--delegation CODE] [--password P]"""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

PASSWORD = "correct horse battery staple"


def run(*args, **kwargs):
    out = io.StringIO()
    call_command("add_user", *args, stdout=out, **kwargs)
    return out.getvalue()


def test_creates_staff_for_a_delegation(db):
    output = run("alice", "--role", "staff", "--delegation", "jpn", "--password", PASSWORD)
    assert output.strip() == "Created alice as staff for JPN."
    user = User.objects.get(username="alice")
    assert user.check_password(PASSWORD)
    assert user.delegate.delegation.code == "JPN"
    assert user.has_perm("positions.add_stance")


def test_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("TRACKER_PASSWORD", PASSWORD)
    run("charlie", "--role", "analyst")
    assert User.objects.get(username="charlie").check_password(PASSWORD)


def test_admin_role_makes_a_superuser(db):
    run("root", "--role", "admin", "--password", PASSWORD)
    user = User.objects.get(username="root")
    assert user.is_superuser and user.is_staff


def test_running_again_updates_the_user(db):
    run("alice", "--role", "staff", "--delegation", "JPN", "--password", PASSWORD)
    output = run("alice", "--role", "analyst", "--password", PASSWORD)
    assert output.startswith("Updated alice as analyst")
    assert not hasattr(User.objects.get(username="alice"), "delegate")


@pytest.mark.parametrize(
    "args,message",
    [
        (["--role", "guest"], "Unknown role 'guest': choose one of staff, analyst, admin"),
        (["--role", "staff", "--delegation", "XXX"], "Unknown delegation 'XXX'"),
        (["--role", "staff"], "Delegation staff need --delegation CODE"),
        (["--role", "analyst", "--delegation", "JPN"], "--delegation is only for staff"),
        (["--role", "staff", "--delegation", "EU"], "EU is a group"),
    ],
)
def test_clear_errors(db, args, message):
    with pytest.raises(CommandError, match=message):
        run("zed", *args, "--password", PASSWORD)
    assert not User.objects.filter(username="zed").exists()


def test_weak_password_is_refused(db):
    with pytest.raises(CommandError, match="Password refused"):
        run("zed", "--role", "analyst", "--password", "123")


def test_no_password_without_a_terminal_is_an_error(db, monkeypatch):
    monkeypatch.delenv("TRACKER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO())
    with pytest.raises(CommandError, match="give --password or set TRACKER_PASSWORD"):
        run("zed", "--role", "analyst")
