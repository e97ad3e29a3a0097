"""Every URL of the app x every role x GET/POST: the status each gets, and denied POSTs write
nothing.

Roles: anonymous, alice (staff of Japan, owner of the seed statements), bob (staff of France),
charlie (analyst), admin (superuser). URLs outside the table below (pages added later) are still
walked: anonymous visitors are sent to sign in, and an analyst's POST never changes the database.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from delegations.models import Delegation
from positions.models import Stance, Statement
from provisions.models import Provision

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "alice", "bob", "charlie", "admin"]
LOGIN = "login"  # expected: redirect to the sign-in page
WRITTEN = "written"  # expected: 302 after a successful write
ADMIN_LOGIN = "admin-login"


def jpn_statement():
    return Statement.objects.get(session__code="AHC-1", delegation__code="JPN")


def jpn_stance():
    return jpn_statement().stances.order_by("pk").first()


def statement_post():
    statement = jpn_statement()
    return {
        "delegation": statement.delegation_id,
        "session": statement.session_id,
        "agenda_item": statement.agenda_item,
        "speaker": statement.speaker,
        "delivered_on": statement.delivered_on.isoformat() if statement.delivered_on else "",
        "language": statement.language,
        "title": "Edited title",
        "source_url": "",
        "text": statement.text,
        "version": statement.version,
        # The same text as the statement above: a likely duplicate, saved once confirmed.
        "confirm_duplicate": "on",
        "save": "1",
    }


def stance_post(*, edit: bool):
    statement = jpn_statement()
    if edit:
        stance = jpn_stance()
        provision, version = stance.provision, stance.version
        evidence, position = stance.evidence, "neutral"
    else:
        provision = Provision.objects.exclude(stances__statement=statement).order_by("pk").first()
        version, evidence, position = "", statement.text[:40], "support"
    return {
        "delegation": Delegation.objects.get(code="JPN").pk,
        "statement": statement.pk,
        "provision": provision.slug,
        "position": position,
        "evidence": evidence,
        "note": "",
        "session": "",
        "version": version,
    }


def statement_with_document():
    """Japan's statement, with an uploaded original (attached on first use)."""
    from django.core.files.base import ContentFile

    statement = jpn_statement()
    if not statement.document:
        statement.document.save("japan.txt", ContentFile(b"Statement of Japan"), save=False)
        Statement.objects.filter(pk=statement.pk).update(document=statement.document.name)
    return statement


def alice_pending_upload():
    """A signed reference to a file alice is checking (not yet saved with a statement)."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from positions.uploads import pending_upload_save

    alice, _ = get_user_model().objects.get_or_create(username="alice")
    upload = SimpleUploadedFile("draft.txt", b"A draft statement")
    return pending_upload_save(upload=upload, user=alice)


def version_post(obj):
    return {"version": obj.version, "reason": "test"}


# name -> (args factory, POST data factory or None, GET expectations, POST expectations)
# Expectations per role in ROLES order.
READ = [LOGIN, 200, 200, 200, 200]
NO_POST = [LOGIN, 405, 405, 405, 405]
CREATE_GET = [LOGIN, 200, 200, 403, 200]
# bob may open the form but may not write for Japan: the delegation is not a valid choice.
CREATE_POST = [LOGIN, WRITTEN, 200, 403, WRITTEN]
OWNER_GET = [LOGIN, 200, 403, 403, 200]
OWNER_POST = [LOGIN, WRITTEN, 403, 403, WRITTEN]

MATRIX = {
    "home": (lambda: [], lambda: {}, READ, READ),
    "positions:statement-list": (lambda: [], lambda: {}, READ, NO_POST),
    "positions:statement-detail": (lambda: [jpn_statement().pk], lambda: {}, READ, NO_POST),
    "positions:statement-create": (lambda: [], statement_post, CREATE_GET, CREATE_POST),
    "positions:statement-edit": (
        lambda: [jpn_statement().pk],
        statement_post,
        OWNER_GET,
        OWNER_POST,
    ),
    "positions:statement-withdraw": (
        lambda: [jpn_statement().pk],
        lambda: version_post(jpn_statement()),
        OWNER_GET,
        OWNER_POST,
    ),
    "positions:stance-create": (
        lambda: [],
        lambda: stance_post(edit=False),
        CREATE_GET,
        CREATE_POST,
    ),
    "positions:stance-detail": (lambda: [jpn_stance().pk], lambda: {}, READ, NO_POST),
    "positions:stance-edit": (
        lambda: [jpn_stance().pk],
        lambda: stance_post(edit=True),
        OWNER_GET,
        OWNER_POST,
    ),
    "positions:stance-withdraw": (
        lambda: [jpn_stance().pk],
        lambda: version_post(jpn_stance()),
        OWNER_GET,
        OWNER_POST,
    ),
    "positions:provision-search": (lambda: [], lambda: {}, READ, NO_POST),
    "positions:statement-document": (
        lambda: [statement_with_document().pk],
        lambda: {},
        READ,
        NO_POST,
    ),
    # Only its uploader may download a file being checked; others find nothing there.
    "positions:statement-pending-document": (
        lambda: [alice_pending_upload()],
        lambda: {},
        [LOGIN, 200, 404, 404, 404],
        NO_POST,
    ),
    "password_change": (lambda: [], lambda: {}, READ, READ),
    "password_change_done": (lambda: [], lambda: {}, READ, NO_POST),
    "login": (lambda: [], lambda: {}, [200] * 5, [200] * 5),
    "admin:index": (
        lambda: [],
        lambda: {},
        [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200],
        None,
    ),
}


def snapshot():
    """Everything a write would change."""
    return (
        list(
            Statement.objects.order_by("pk").values_list("pk", "version", "title", "withdrawn_at")
        ),
        list(Stance.objects.order_by("pk").values_list("pk", "version", "position", "status")),
        Statement.history.count(),
        Stance.history.count(),
    )


@pytest.fixture
def as_role(client, request):
    def sign_in(role):
        if role != "anonymous":
            fixture = "admin_user" if role == "admin" else role
            client.force_login(request.getfixturevalue(fixture))
        return client

    return sign_in


CASES = [
    pytest.param(name, role, method, id=f"{name}-{role}-{method}")
    for name, (_, post, *_rest) in MATRIX.items()
    for role in ROLES
    for method in (["GET", "POST"] if post is not None and MATRIX[name][3] else ["GET"])
]


@pytest.mark.parametrize("name,role,method", CASES)
def test_permission_matrix(name, role, method, as_role, media_root):
    args, post_data, get_expected, post_expected = MATRIX[name]
    expected = (get_expected if method == "GET" else post_expected)[ROLES.index(role)]
    client = as_role(role)
    url = reverse(name, args=args())
    before = snapshot()
    response = client.get(url) if method == "GET" else client.post(url, post_data())
    after = snapshot()
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    elif expected == WRITTEN:
        assert response.status_code == 302, getattr(response, "context", None) and [
            form.errors for form in [response.context.get("form")] if form
        ]
        assert after != before
    else:
        assert response.status_code == expected
    if method == "POST" and expected != WRITTEN and name != "login":
        assert after == before, "a refused POST changed the database"


def test_staff_of_another_delegation_gets_a_form_error_not_a_write(client, bob):
    client.force_login(bob)
    before = snapshot()
    response = client.post(reverse("positions:stance-create"), stance_post(edit=False))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "delegation" in errors and "statement" in errors
    assert snapshot() == before


def _walk(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns == "admin":
                continue
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(pattern, prefix + str(pattern.pattern), full_ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern


def _args_for(pattern):
    converters = pattern.pattern.converters
    if not converters:  # a regular-expression pattern (the API's router)
        groups = pattern.pattern.regex.groupindex
        return {name: {"code": "JPN", "slug": "x"}.get(name, 1) for name in groups}
    values = {"int": 1, "slug": "x", "str": "JPN", "path": "x"}
    return {
        key: values.get(type(conv).__name__.replace("Converter", "").lower(), 1)
        for key, conv in converters.items()
    }


APP_URLS = sorted(dict(_walk(get_resolver())).items())
PUBLIC = {"login", "logout", "password_reset", "password_reset_done", "password_reset_confirm"}
PUBLIC |= {"password_reset_complete"}
# Browsers send Content-Security-Policy reports from every page, the sign-in page included; the
# endpoint only logs them (tests/test_content_security_policy.py).
PUBLIC |= {"csp-report"}
# The JSON API and the feeds answer an anonymous caller themselves: 401 (a script or a feed
# reader cannot follow a sign-in page). tests/test_api_permissions.py covers them by role.
SELF_AUTHENTICATED = {
    name for name, _ in APP_URLS if name.startswith("api:") or name.endswith("-feed")
}


@pytest.mark.parametrize("name,pattern", APP_URLS, ids=[name for name, _ in APP_URLS])
def test_every_url_needs_sign_in_and_analysts_never_write(name, pattern, client, charlie):
    if name in PUBLIC:
        pytest.skip("open by design: signing in, resetting a password, CSP reports")
    url = reverse(name, kwargs=_args_for(pattern))
    for method in (client.get, client.post):
        response = method(url)
        if name in SELF_AUTHENTICATED:
            assert response.status_code in (401, 405), f"{name} answered an anonymous visitor"
            continue
        assert response.status_code == 302, f"{name} answered an anonymous visitor"
        assert response["Location"].startswith(reverse("login"))
    client.force_login(charlie)
    before = snapshot()
    response = client.post(url, {"version": 1})
    assert response.status_code < 500
    assert snapshot() == before, f"an analyst's POST to {name} changed the database"


def test_matrix_covers_every_url_of_the_statement_and_stance_pages():
    mine = {name for name, _ in APP_URLS if name.startswith("positions:statement")}
    mine |= {"positions:stance-create", "positions:stance-detail", "positions:stance-edit"}
    mine |= {"positions:stance-withdraw", "positions:provision-search"}
    assert mine <= set(MATRIX)
