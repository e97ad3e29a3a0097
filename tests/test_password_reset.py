"""Password reset: by mail when mail is configured from the environment; otherwise the page
says that an administrator resets passwords, and nothing pretends to have been sent."""

import json

import pytest
from django.core import mail
from django.urls import reverse

URL = reverse("password_reset")


def test_without_mail_the_page_says_an_admin_resets_passwords(client, settings, alice):
    settings.EMAIL_CONFIGURED = False
    response = client.get(URL)
    assert response.status_code == 200
    assert b"An administrator resets passwords" in response.content
    assert b'name="email"' not in response.content
    response = client.post(URL, {"email": "alice@example.org"})
    assert response.status_code == 200
    assert b"An administrator resets passwords" in response.content
    assert mail.outbox == []


@pytest.mark.django_db
def test_with_mail_a_reset_link_is_sent(client, settings, alice):
    settings.EMAIL_CONFIGURED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    alice.email = "alice@example.org"
    alice.save()
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"email": "alice@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_the_sign_in_page_links_to_the_reset_page(client, db):
    assert URL.encode() in client.get(reverse("login")).content


def test_mail_settings_come_from_the_environment():
    from tests.test_settings import run_python

    code = (
        "import json; from django.conf import settings as s; print(json.dumps([s.EMAIL_CONFIGURED,"
        " s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_SSL, s.EMAIL_USE_TLS]))"
    )
    result = run_python(code, EMAIL_HOST="smtp.example.org", EMAIL_PORT="465")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        True,
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        465,
        True,
        False,
    ]
    result = run_python("from django.conf import settings as s; print(s.EMAIL_CONFIGURED)")
    assert result.stdout.strip() == "False"
