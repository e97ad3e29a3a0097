"""Every page of the app renders for every role, so a broken URL name fails here.

The templates and the code reverse URL names without guards (no `{% url ... as x %}{% if x %}`,
no fallback to "#"): a name that does not resolve raises NoReverseMatch, which the test client
re-raises. The pages are found by walking the URL configuration, not listed by hand, so a new
page is covered as soon as it is routed.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from positions.models import Stance, Statement
from tests.review_helpers import make_statement

SKIPPED_NAMESPACES = {"admin"}  # the admin pages have their own tests (test_admin_pages.py)


def _routes(resolver=None, namespace=""):
    """(view name, route) of every URL pattern, namespaces included."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.pattern


def _arguments(name: str, pattern, objects) -> dict:
    """Keyword arguments for a route, taken from rows that exist."""
    kwargs = {}
    # path() routes name their arguments in `converters`; regex routes (the API's router) in
    # the regex's named groups.
    keys = list(pattern.converters) or list(getattr(pattern, "regex", None).groupindex)
    for key in keys:
        if key == "pk":
            kwargs[key] = objects["statement" if "statement" in name else "stance"].pk
        elif key == "code":
            kwargs[key] = "JPN"
        elif key == "slug":
            kwargs[key] = "transfer-of-proceedings"
        elif key == "uidb64":
            kwargs[key] = "MQ"
        elif key == "token":
            kwargs[key] = "set-password"
        else:
            raise AssertionError(f"No test value for <{key}> in {name}: add one here.")
    return kwargs


@pytest.fixture
def pages(db):
    statement = make_statement("JPN")
    proposal = Stance.objects.filter(statement=statement, status="proposed").first()
    assert proposal is not None, "the review pages need a proposal to render"
    objects = {"statement": Statement.objects.get(pk=statement.pk), "stance": proposal}
    return [(name, _arguments(name, pattern, objects)) for name, pattern in _routes()]


@pytest.mark.parametrize("persona", ["anonymous", "alice", "charlie", "admin_user"])
def test_every_page_renders_for_every_role(client, request, pages, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    from django.urls import reverse

    assert len(pages) >= 25
    for name, kwargs in pages:
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        assert response.status_code < 500, f"{persona} GET {url} ({name})"
        if persona != "anonymous" and response.get("Content-Type", "").startswith("text/html"):
            assert 'href="#"' not in response.content.decode(), f"a dead link on {url}"
