"""Every filter set and list page fed generated query strings: never a server error, and
reading never writes. (Property-based: see tests/fuzzing.py for the profiles.)"""

import pytest
from django.urls import resolve
from hypothesis import given

from tests.fuzzing import fingerprint, junk_or, query, report, tick

pytestmark = pytest.mark.django_db

# Values that mean something to some filter, mixed with the junk.
VALID = ["JPN", "FRA", "EU", "AHC-1", "art-39", "art-54", "support", "oppose", "qualified"]
VALID += ["state", "group", "african", "confirmed", "proposed", "1", "2", "3", "include", "only"]
EXTRA_PARAMS = ["page", "per_page", "sort", "after", "q", "_export", "delegation", "statement"]

PAGES = [
    "/statements/",
    "/stances/",
    "/support/",
    "/matrix/",
    "/review/",
    "/delegations/",
    "/provisions/",
    "/stances/provisions/",
    "/",
]


def parameters(url: str) -> list[str]:
    """The page's filter names (from its FilterSet, wherever it lives) and the common extras."""
    view_class = getattr(resolve(url).func, "view_class", None)
    filterset_class = getattr(view_class, "filterset_class", None)
    names = list(filterset_class.base_filters) if filterset_class else []
    return sorted(set(names + EXTRA_PARAMS))


@pytest.mark.parametrize("url", PAGES)
def test_filters_never_answer_a_server_error_nor_write(client, admin_user, url, capsys):
    client.force_login(admin_user)
    before = fingerprint()
    strategy = query({name: junk_or(*VALID, "csv", "json") for name in parameters(url)})

    target = f"GET {url}"

    @given(params=strategy)
    def check(params):
        tick(target)
        response = client.get(url, params)
        assert response.status_code < 500, (url, params)
        assert fingerprint() == before, (url, params)

    check()
    report(capsys, target)
