"""Every review action fed generated input: never a server error, and nothing changes unless
the input names a proposal at its current version. (Property-based: see tests/fuzzing.py.)"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.parsing import parse_int
from positions.models import Stance
from tests.fuzzing import fingerprint, junk, junk_or, report, tick
from tests.review_helpers import make_statement, personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(client):
    people = personas()
    make_statement("JPN")
    client.force_login(people["alice"])
    return client


def not_version(current: int):
    return junk.filter(lambda value: parse_int(value.strip()) != current)


@pytest.mark.parametrize("action", ["accept", "reject", "edit", "bulk-accept"])
def test_review_actions_never_answer_a_server_error_nor_write_on_stale_input(
    reviewer, action, capsys
):
    proposals = list(Stance.objects.filter(status=Stance.Status.PROPOSED).order_by("pk"))
    assert proposals
    stance = proposals[0]
    ids = [str(p.pk) for p in proposals]
    next_values = junk_or("/review/", "/review/?page=2", "foo", "//evil.example")
    if action == "bulk-accept":
        url = "/review/accept/"
        fields = {
            "stance": st.lists(junk_or(*ids), max_size=4),
            "next": next_values,
            **{f"version-{p.pk}": not_version(p.version) for p in proposals[:3]},
        }
    else:
        url = f"/review/{stance.pk}/{action}/"
        fields = {"version": not_version(stance.version), "next": next_values}
        if action == "edit":
            text = stance.statement.text
            fields |= {
                "position": junk_or("support", "oppose", "qualified", "neutral"),
                "provision": junk_or(str(stance.provision_id), "1", "2"),
                "evidence": junk_or(text[:50], stance.evidence),
                "note": junk,
                "accept": junk,
            }
    target = f"review-{action}"
    before = fingerprint()

    @given(data=st.fixed_dictionaries({}, optional=fields), query_next=st.none() | next_values)
    def check(data, query_next):
        tick(target)
        query = f"?next={query_next}" if query_next is not None else ""
        response = reviewer.post(url + query, data)
        assert response.status_code < 500, (target, data, query_next)
        if response.status_code == 302:
            location = response["Location"]
            assert location.startswith("/") and not location.startswith("//"), location
        assert fingerprint() == before, (target, data)

    check()
    report(capsys, target)
