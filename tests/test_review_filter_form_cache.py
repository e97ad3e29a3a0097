"""The review queue reuses its filter form's markup for the same choices and values."""

import pytest

from common.forms import ChoicesKeyedLayoutHelper

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh():
    ChoicesKeyedLayoutHelper._rendered.clear()
    yield
    ChoicesKeyedLayoutHelper._rendered.clear()


def filter_form(client, **params) -> str:
    html = client.get("/review/", params).content.decode()
    start = html.index("filter-form")
    return html[start : html.index("</form>", start)]


def test_each_reviewer_gets_the_form_of_their_own_delegations(client, alice, bob, fresh):
    client.force_login(alice)
    japan = filter_form(client)
    assert filter_form(client) == japan
    assert len(ChoicesKeyedLayoutHelper._rendered) == 1
    client.force_login(bob)
    france = filter_form(client)
    assert len(ChoicesKeyedLayoutHelper._rendered) == 2
    assert '<option value="JPN">' in japan and '<option value="JPN">' not in france
    assert '<option value="FRA">' in france and '<option value="FRA">' not in japan


def test_the_chosen_values_are_shown_selected(client, alice, fresh):
    client.force_login(alice)
    plain = filter_form(client)
    chosen = filter_form(client, delegation="JPN", statement="12")
    assert '<option value="JPN" selected>' in chosen
    assert 'value="12"' in chosen
    assert '<option value="JPN" selected>' not in plain
    assert filter_form(client) == plain
