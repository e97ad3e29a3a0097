"""Failed sign-ins are throttled per (username, IP address) by django-axes."""

from django.urls import reverse

LOGIN = reverse("login")


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_repeated_failures_lock_that_user_at_that_address(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "alice", "wrong").status_code == 200
    locked = attempt(client, "alice", "wrong")
    assert locked.status_code == 429
    assert b"Too many failed sign-ins" in locked.content
    # Even the right password is refused while locked out.
    assert attempt(client, "alice", "a-long-test-password").status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user_and_address(client, alice, bob, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "alice", "wrong")
    # The same user from another address, and another user from the same address, still sign in.
    assert attempt(client, "alice", "a-long-test-password", ip="10.0.0.2").status_code == 302
    client.logout()
    assert attempt(client, "bob", "a-long-test-password").status_code == 302


def test_a_success_resets_the_count(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "alice", "wrong")
    assert attempt(client, "alice", "a-long-test-password").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "alice", "wrong").status_code == 200


def test_one_address_trying_many_user_names_is_locked_out(client, alice, settings):
    settings.AXES_IP_FAILURE_LIMIT = 20
    for number in range(settings.AXES_IP_FAILURE_LIMIT):
        assert attempt(client, f"guess-{number}", "wrong").status_code == 200
    locked = attempt(client, "guess-next", "wrong")
    assert locked.status_code == 429
    # Even a real account with its right password, from that address, until the cool-off.
    assert attempt(client, "alice", "a-long-test-password").status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address is not concerned.
    assert attempt(client, "alice", "a-long-test-password", ip="10.0.0.9").status_code == 302
