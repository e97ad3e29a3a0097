"""The stance table's page cache (PAGE_CACHE_SECONDS): kept per query string under the data's
version, which every write to the watched tables changes, so a write shows on the next page."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import data_version
from positions.models import Stance
from tests.stance_factory import stance_make

pytestmark = pytest.mark.django_db

URL = reverse("analysis:stance-list")
QUERY = {"delegation": "JPN", "provision": "art-6"}


def masked(content: bytes) -> bytes:
    """The page with every masked CSRF token (new on every response) blanked."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches[data_version.CACHE].clear()


def stance_queries(client, params) -> tuple[bytes, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return response.content, sum('"positions_stance"' in q["sql"] for q in queries)


def test_a_page_seen_since_the_last_write_is_served_without_reading_stances(
    page_cache, analyst_client
):
    stance_make("JPN", "art-6", "oppose", evidence="Japan cannot accept this wording.")
    first, read = stance_queries(analyst_client, QUERY)
    again, read_again = stance_queries(analyst_client, QUERY)
    assert read > 0 and read_again == 0
    assert b"Japan cannot accept this wording." in again
    assert again.count(b"<tr") == first.count(b"<tr")
    # Another query string is another page.
    _, read_other = stance_queries(analyst_client, {"delegation": "JPN"})
    assert read_other > 0


def test_a_write_through_the_orm_shows_on_the_next_page(page_cache, analyst_client):
    stance = stance_make("JPN", "art-6", "oppose", evidence="Japan cannot accept this wording.")
    stance_queries(analyst_client, QUERY)
    stance.evidence = "Japan can now accept the wording."
    stance.save()
    content, read = stance_queries(analyst_client, QUERY)
    assert read > 0
    assert b"Japan can now accept the wording." in content
    assert b"Japan cannot accept this wording." not in content


def test_bulk_writes_and_deletes_show_on_the_next_page(page_cache, analyst_client):
    stance_make("JPN", "art-6", "oppose", evidence="Japan cannot accept this wording.")
    stance_queries(analyst_client, QUERY)
    Stance.objects.filter(delegation__code="JPN").update(stated_on=datetime.date(2021, 2, 3))
    content, _ = stance_queries(analyst_client, QUERY)
    assert b"3 Feb 2021" in content
    Stance.objects.filter(delegation__code="JPN", provision__slug="art-6").delete()
    content, _ = stance_queries(analyst_client, QUERY)
    assert b"Japan cannot accept this wording." not in content
    assert b"No stances match these filters." in content


def test_writes_elsewhere_keep_the_cached_page(page_cache, analyst_client, alice):
    stance_queries(analyst_client, QUERY)
    alice.first_name = "Alice"
    alice.save()  # auth_user: not data the pages show
    _, read = stance_queries(analyst_client, QUERY)
    assert read == 0


def test_the_page_is_the_same_cached_or_not(
    page_cache, settings, analyst_client, admin_user, client
):
    stance_make("JPN", "art-6", "oppose", evidence="Japan cannot accept this wording.")
    settings.PAGE_CACHE_SECONDS = 0
    fresh = analyst_client.get(URL, QUERY).content
    settings.PAGE_CACHE_SECONDS = 600
    analyst_client.get(URL, QUERY)
    cached = analyst_client.get(URL, QUERY).content
    assert masked(cached) == masked(fresh)
    # Who asks is not part of the cached part: an admin gets the same rows, and their own menu.
    client.force_login(admin_user)
    admins = client.get(URL, QUERY).content
    assert b"Japan cannot accept this wording." in admins
    assert b"Sign out admin" in admins or admin_user.get_username().encode() in admins
    assert b"Sign out charlie" not in admins


def test_a_write_changes_the_version_now_and_again_at_commit(django_capture_on_commit_callbacks):
    before = data_version.current()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stance_make("JPN", "art-6", "oppose")
        stance_make("JPN", "art-7", "support")
        during = data_version.current()
    assert during > before
    # One callback for the transaction, however many writes it made.
    assert sum(callback is data_version.bump for callback in callbacks) == 1
    assert data_version.current() > during


def test_a_rolled_back_write_never_brings_back_a_version_a_page_was_kept_under(page_cache):
    """A page rendered inside a transaction that is then rolled back is kept under the version
    of that moment: no later version may be the same number (on SQLite the version row rolls
    back with the transaction; the clock keeps the next one ahead; PostgreSQL's sequence does
    not roll back)."""
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        stance_make("JPN", "art-6", "oppose")
        inside = data_version.current()
        raise RuntimeError
    stance_make("JPN", "art-7", "support")
    assert data_version.current() > inside


def test_a_kept_page_costs_the_session_the_user_and_the_version(page_cache, analyst_client):
    """Without Redis the version is one query (a sequence's last value on PostgreSQL)."""
    stance_make("JPN", "art-6", "oppose")
    analyst_client.get(URL, QUERY)
    with CaptureQueriesContext(connection) as queries:
        assert analyst_client.get(URL, QUERY).status_code == 200
    version_reads = [q["sql"] for q in queries if data_version.SEQUENCE in q["sql"]]
    if data_version.in_database():
        assert len(queries) == 3 and len(version_reads) == 1
    else:  # Redis: the session comes from it too
        assert len(queries) <= 1 and not version_reads


@pytest.mark.parametrize(
    ("sql", "watched"),
    [
        ('INSERT INTO "positions_stance" ("delegation_id") VALUES (%s)', True),
        ('UPDATE "delegations_delegation" SET "name" = %s', True),
        ('DELETE FROM "provisions_provision" WHERE id = 1', True),
        ("  update positions_statement set title = 'x'", True),
        ('WITH new AS (INSERT INTO "positions_stance" ("position") SELECT 1) SELECT 1', True),
        ("with gone as (delete from positions_stance where id = 1) select 1", True),
        ('WITH x AS (SELECT 1) SELECT * FROM "positions_stance"', False),
        ('SELECT * FROM "positions_stance"', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "auth_user" ("username") VALUES (%s)', False),
    ],
)
def test_which_statements_are_writes_to_watched_tables(sql, watched):
    assert data_version.is_watched_write(sql) is watched


def test_the_export_job_offer_carries_each_users_own_csrf_token_on_a_cached_page(
    page_cache, settings, charlie, alice
):
    """The offer is a form with a CSRF token: it is drawn outside the cached part, so a page
    served from the cache never hands one user's token to another."""
    import re

    from django.middleware.csrf import _does_token_match
    from django.test import Client

    stance_make("JPN", "art-6", "oppose", evidence="Japan cannot accept this wording.")
    settings.JOBS_EXPORT_OFFER_ROWS = 0
    reads = []
    for user in (charlie, alice):  # the first fills the cache, the second is served from it
        client = Client()
        client.force_login(user)
        content, read = stance_queries(client, QUERY)
        reads.append(read)
        page = content.decode()
        form = page[page.index('id="export-job-form"') :]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        assert _does_token_match(token, client.cookies["csrftoken"].value)
    assert reads[0] > 0 and reads[1] == 0


@pytest.mark.parametrize("value", ["", "pdf"])
def test_an_empty_or_unknown_export_format_shows_the_page(analyst_client, value):
    """Only a known format downloads; `?_export=` or `?_export=pdf` draw the table as usual
    (they once drew an empty page, and a server error with the export-job offer)."""
    stance_make("JPN", "art-6", "oppose", evidence="Japan cannot accept this wording.")
    response = analyst_client.get(URL, {**QUERY, "_export": value})
    assert response.status_code == 200
    assert b"Japan cannot accept this wording." in response.content


SUPPORT = reverse("analysis:support")


def current_position_reads(client, params, url=SUPPORT) -> tuple[bytes, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content, sum('"positions_currentstance"' in q["sql"] for q in queries)


def fresh_first_kept(client, settings, params, url=SUPPORT):
    """The page rendered with the cache off, then twice with it on: the three pages and the
    current-position reads of the first and second cached requests."""
    settings.PAGE_CACHE_SECONDS = 0
    fresh, _ = current_position_reads(client, params, url)
    settings.PAGE_CACHE_SECONDS = 600
    first, read_first = current_position_reads(client, params, url)
    kept, read_kept = current_position_reads(client, params, url)
    return fresh, first, read_first, kept, read_kept


def test_the_support_page_is_kept_until_the_next_write(page_cache, settings, analyst_client):
    """The support page is kept as the stance table is: the same page (the sign-out form's
    masked token aside), no current position read while kept, a write shows at once."""
    stance_make("JPN", "art-6", "oppose")
    fresh, first, read, kept, read_kept = fresh_first_kept(
        analyst_client, settings, {"sort": "-oppose"}
    )
    assert read > 0 and read_kept == 0
    assert masked(kept) == masked(fresh) == masked(first)
    assert kept.count(b"support-cell support-oppose") and b">1</a>" in kept
    stance_make("CHN", "art-6", "oppose")
    after, read_after = current_position_reads(analyst_client, {"sort": "-oppose"})
    assert read_after > 0 and b">2</a>" in after


def test_a_support_export_is_never_served_from_the_page_cache(page_cache, analyst_client):
    stance_make("JPN", "art-6", "oppose")
    analyst_client.get(SUPPORT)
    response = analyst_client.get(SUPPORT, {"_export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def matrix_cell(content: bytes) -> str:
    """The class of JPN's art-6 cell on the matrix (`<td class=o><a href=JPN/art-6/>`)."""
    [found] = re.findall(rb"<td class=(\w)><a href=JPN/art-6/>", content)
    return found.decode()


def consensus_counts(content: bytes) -> str:
    """art-6's counts (support / qualified / neutral / oppose) in the distance to consensus."""
    row = content[content.index(b'<tr data-provision="art-6">') :]
    return re.search(rb"<td>(\d+ / \d+ / \d+ / \d+)</td>", row).group(1).decode()


@pytest.mark.parametrize(
    ("name", "read"),
    [("analysis:matrix", matrix_cell), ("analysis:coalitions", consensus_counts)],
)
def test_the_matrix_and_coalitions_are_kept_until_a_stance_changes(
    page_cache, settings, analyst_client, name, read
):
    """Kept as the stance table is: the same page, no current position read while kept, and a
    changed position shows on the very next request."""
    url = reverse(name)
    stance_make("JPN", "art-6", "oppose", stated_on="2023-01-10")
    fresh, first, read_first, kept, read_kept = fresh_first_kept(analyst_client, settings, {}, url)
    assert read_first > 0 and read_kept == 0
    assert masked(kept) == masked(fresh) == masked(first)
    before = read(kept)
    stance_make("JPN", "art-6", "support", stated_on="2023-02-10")
    after, read_after = current_position_reads(analyst_client, {}, url)
    assert read_after > 0
    assert read(after) != before
    if name == "analysis:matrix":
        assert (before, read(after)) == ("o", "s")
    # Another query string is another page, rendered afresh.
    _, read_other = current_position_reads(analyst_client, {"rows": "count"}, url)
    assert read_other > 0


def test_a_delegation_page_is_kept_with_each_readers_own_watch_button(
    page_cache, settings, client, alice, charlie
):
    """Below its heading a delegation's page is kept per delegation, query string and data
    version; the watch button is each reader's own, and a stance changed shows at once."""
    from api.services import watch_set
    from delegations.models import Delegation

    stance_make("FRA", "extradition", "oppose", evidence="France objects to the article.")
    watch_set(user=alice, on=True, delegation=Delegation.objects.get(code="FRA"))
    url = reverse("analysis:delegation-detail", args=["FRA"])
    client.force_login(alice)
    fresh, first, read_first, kept, read_kept = fresh_first_kept(client, settings, {}, url)
    assert read_first > 0 and read_kept == 0
    assert masked(kept) == masked(fresh) == masked(first)
    assert "★ Watching".encode() in kept and b"France objects to the article." in kept
    client.force_login(charlie)
    theirs, read_theirs = current_position_reads(client, {}, url)
    assert read_theirs == 0
    assert "☆ Watch".encode() in theirs and b"Watching" not in theirs
    # Another delegation, or another page of the same, is another page.
    _, read_other = current_position_reads(client, {}, url.replace("FRA", "JPN"))
    _, read_paged = current_position_reads(client, {"positions-page": 2}, url)
    assert read_other > 0 and read_paged > 0
    stance_make("FRA", "extradition", "support", stated_on="2023-02-10", evidence="France agrees.")
    after, read_after = current_position_reads(client, {}, url)
    assert read_after > 0 and b"France agrees." in after
    assert client.get(url.replace("FRA", "NOPE")).status_code == 404
