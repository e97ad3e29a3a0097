"""A Content-Security-Policy on every page, with no inline script anywhere, and reports logged."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_pages_carry_a_policy_without_inline_script(client, alice):
    client.force_login(alice)
    for url in ["/", "/statements/", "/stances/", "/matrix/", reverse("login")]:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'"
        assert "unsafe-inline" not in directives["script-src"]
        assert directives["object-src"] == "'none'"
        assert directives["report-uri"] == "/csp-report/"


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                offenders.append(f"{path.name}: {tag}")
        if re.search(r"\son[a-z]+\s*=", text) or "javascript:" in text:
            offenders.append(f"{path.name}: event handler or javascript: URL")
    assert offenders == []


def test_pages_render_no_inline_script(client, alice):
    client.force_login(alice)
    for url in ["/", "/statements/", "/stances/new/", "/review/", "/matrix/", "/support/"]:
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, (url, tag)


@pytest.mark.django_db
def test_violation_reports_are_logged(client, caplog):
    report = {
        "csp-report": {
            "document-uri": "http://testserver/stances/",
            "violated-directive": "script-src",
            "blocked-uri": "inline",
        }
    }
    response = client.post(
        reverse("csp-report"), json.dumps(report), content_type="application/csp-report"
    )
    assert response.status_code == 204
    assert "CSP violation: script-src blocked inline on http://testserver/stances/" in caplog.text
    assert client.post(reverse("csp-report"), "junk", content_type="text/plain").status_code == 400


@pytest.mark.django_db
def test_violation_reports_from_one_address_are_limited(client, caplog):
    from django.core.cache import caches

    from common import views

    caches["throttle"].clear()
    report = json.dumps({"csp-report": {"violated-directive": "img-src", "blocked-uri": "x"}})

    def post(address):
        return client.post(
            reverse("csp-report"),
            report,
            content_type="application/csp-report",
            REMOTE_ADDR=address,
        ).status_code

    codes = [post("203.0.113.7") for _ in range(views.CSP_REPORTS_PER_MINUTE + 2)]
    assert codes[: views.CSP_REPORTS_PER_MINUTE] == [204] * views.CSP_REPORTS_PER_MINUTE
    assert codes[views.CSP_REPORTS_PER_MINUTE :] == [429, 429]
    assert caplog.text.count("CSP violation") == views.CSP_REPORTS_PER_MINUTE
    # Another address still has its own quota.
    assert post("198.51.100.9") == 204
    caches["throttle"].clear()
