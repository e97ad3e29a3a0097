"""/api/v1/coalitions/ and /api/v1/compare/: the figures of /coalitions/ and /compare/ as data,
with the pages' filters, computed by the same selectors (they agree with the pages)."""

import json

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.renderers import JSONRenderer

from common import data_version
from tests.stance_factory import stance_make

from .api_helpers import assert_problem, bearer

pytestmark = pytest.mark.django_db

URL = "/api/v1/coalitions/"
PROVISIONS = ("extradition", "jurisdiction", "preventive-measures", "art-39")


@pytest.fixture
def api(client, charlie):
    client.defaults.update(bearer(charlie))
    return client


def two_blocs():
    for code in ("FRA", "DEU"):
        for slug in PROVISIONS:
            stance_make(code, slug, "support")
    for code in ("CHN", "RUS"):
        for slug in PROVISIONS:
            stance_make(code, slug, "oppose")


def test_blocs_agreement_and_shared_provisions(api):
    two_blocs()
    body = api.get(URL, {"provision": PROVISIONS, "exact": 1}).json()
    assert sorted(sorted(b["delegations"]) for b in body["blocs"]) == [
        ["CHN", "RUS"],
        ["DEU", "FRA"],
    ]
    order = body["delegations"]
    fra, deu, chn = order.index("FRA"), order.index("DEU"), order.index("CHN")
    adjusted, raw, shared = (body["agreement"][k] for k in ("adjusted", "raw", "shared"))
    # Four shared provisions in full agreement: (4 + 1.5) / 7; none against objection: 1.5 / 7.
    assert adjusted[fra][deu] == adjusted[deu][fra] == round(5.5 / 7, 3)
    assert raw[fra][deu] == 1.0 and raw[fra][chn] == 0.0
    assert adjusted[fra][chn] == round(1.5 / 7, 3) and adjusted[fra][fra] == 1.0
    assert shared[fra][deu] == 4 and shared[fra][chn] == 4
    # Blocs sit next to each other in the clustering's order.
    assert abs(fra - deu) == 1
    assert body["thresholds"] == {"prior": 3, "bloc": 0.75, "swing": 0.7}


def test_the_figures_are_those_of_the_page(api, analyst_client):
    two_blocs()
    stance_make("AFRICAN-GROUP", "extradition", "oppose")
    stance_make("JPN", "extradition", "qualified")
    page = analyst_client.get(reverse("analysis:coalitions")).context
    body = api.get(URL).json()
    assert [b["delegations"] for b in body["blocs"]] == [
        [d["code"] for d in bloc] for bloc in page["blocs"]
    ]
    assert [
        (w["delegation"], [(a["bloc"], round(100 * a["agreement"])) for a in w["blocs"]])
        for w in body["swing"]
    ] == [(w["code"], w["blocs"]) for w in page["swing"]]
    shown = len(page["consensus"])
    assert [(c["provision"], c["counts"], c["distance"]) for c in body["consensus"][:shown]] == [
        (c["slug"], c["counts"], c["distance"]) for c in page["consensus"]
    ]
    assert len(page["consensus"]) <= len(body["consensus"]) == body["consensus_total"]
    assert body["consensus_reached"] == page["consensus_reached"]
    assert len(body["delegations"]) == page["delegation_count"]


def test_consensus_names_the_members_a_group_speaks_for(api):
    stance_make("AFRICAN-GROUP", "extradition", "oppose")
    stance_make("NGA", "extradition", "support")  # its own position wins
    stance_make("FRA", "extradition", "qualified")
    body = api.get(URL).json()
    row = next(r for r in body["consensus"] if r["provision"] == "extradition")
    assert row["counts"] == {"support": 1, "qualified": 1, "neutral": 0, "oppose": 53}
    assert row["distance"] == 53.5
    [objector] = row["objectors"]
    assert objector["delegation"] == "AFRICAN-GROUP" and len(objector["speaks_for"]) == 53
    assert "NGA" not in objector["speaks_for"] and "DZA" in objector["speaks_for"]
    assert row["qualifiers"] == [{"delegation": "FRA", "speaks_for": []}]


def test_filters_narrow_and_as_of_stands_at_a_session(api):
    two_blocs()
    body = api.get(URL, {"regional_group": "western-european-others"}).json()
    assert "CHN" not in body["delegations"] and {"FRA", "DEU"} <= set(body["delegations"])
    assert body["as_of"] is None
    # The stances above are stated today: after the first session, nobody held them yet.
    early = api.get(URL, {"as_of": "ahc-1"}).json()
    assert early["as_of"] == "AHC-1" and "CHN" not in early["delegations"]


def test_the_body_is_byte_for_byte_what_the_json_renderer_writes(api):
    """The response is written by hand for speed: it must be the renderer's own text for the
    same data (separators, key order, floats, null for NaN, non-ASCII names as they are)."""
    two_blocs()
    stance_make("AFRICAN-GROUP", "extradition", "oppose")
    stance_make("JPN", "extradition", "qualified")
    stance_make("CIV", "art-6", "support")  # shares nothing with most: NaN scores
    response = api.get(URL)
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert response.content == JSONRenderer().render(body)
    assert None in body["agreement"]["raw"][0] and body["consensus"][0]["objectors"]
    assert any(row["speaks_for"] for c in body["consensus"] for row in c["objectors"])


def test_an_indented_answer_when_asked_for(api):
    two_blocs()
    compact = api.get(URL)
    indented = api.get(URL, HTTP_ACCEPT="application/json; indent=2")
    assert indented.status_code == 200 and b'\n  "delegations": [' in indented.content
    assert json.loads(indented.content) == json.loads(compact.content)


def test_kept_per_query_string_until_a_stance_changes(settings, api):
    """As `/coalitions/`: a second request reads no current position, a write shows at once."""
    settings.PAGE_CACHE_SECONDS = 600
    caches[data_version.CACHE].clear()
    two_blocs()

    def get(params=None):
        with CaptureQueriesContext(connection) as queries:
            response = api.get(URL, params or {})
        assert response.status_code == 200
        reads = sum('"positions_currentstance"' in q["sql"] for q in queries)
        return response.json(), reads

    first, read_first = get()
    kept, read_kept = get()
    assert read_first > 0 and read_kept == 0 and kept == first
    stance_make("CHN", "extradition", "support")
    after, read_after = get()
    assert read_after > 0 and after != first
    _, read_other = get({"regional_group": "western-european-others"})
    assert read_other > 0
    # A request that is not valid is answered, and never kept.
    assert_problem(api.get(URL, {"group": "NOPE"}), 400)
    assert_problem(api.get(URL, {"group": "NOPE"}), 400)


def test_unknown_filter_values_are_400_problems(api):
    assert_problem(api.get(URL, {"as_of": "NOPE"}), 400)
    assert "group" in assert_problem(api.get(URL, {"group": "NOPE"}), 400)["errors"]


def test_compare_lines_are_those_of_the_page(api, analyst_client):
    stance_make("FRA", "extradition", "support", evidence="France supports extradition")
    stance_make("CHN", "extradition", "oppose")
    stance_make("EU", "jurisdiction", "qualified")
    params = {"d": ["fra", "CHN"]}
    page = analyst_client.get(reverse("analysis:compare"), params).context
    body = api.get("/api/v1/compare/", params).json()
    assert body["delegations"] == ["FRA", "CHN"] and body["as_of"] is None
    assert [(x["provision"], x["kind"]) for x in body["lines"]] == [
        (line.slug, line.kind) for line in page["lines"]
    ]
    first = body["lines"][0]
    assert first["provision"] == "extradition" and first["kind"] == "differ"
    assert [c["position"] for c in first["cells"]] == ["support", "oppose"]
    assert first["cells"][0]["evidence"] == "France supports extradition"
    # France holds the EU's position by inference; China holds none.
    jurisdiction = next(x for x in body["lines"] if x["provision"] == "jurisdiction")
    fra, chn = jurisdiction["cells"]
    assert (fra["position"], fra["via"]) == ("qualified", "EU")
    assert chn == {
        "delegation": "CHN",
        "position": None,
        "via": None,
        "stance": None,
        "session": None,
        "stated_on": None,
        "evidence": "",
    }


def test_compare_wants_two_to_six_known_delegations(api):
    assert "d" in assert_problem(api.get("/api/v1/compare/", {"d": ["FRA"]}), 400)["errors"]
    assert_problem(api.get("/api/v1/compare/", {"d": ["FRA", "XXX"]}), 400)
    assert_problem(api.get("/api/v1/compare/"), 400)
