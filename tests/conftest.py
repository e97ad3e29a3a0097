"""Shared fixtures: the reference and seed data, personas, and the browser harness."""

import os
import shutil
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the
# test itself (arranging data, asserting) are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PROJECT_DIR = Path(__file__).resolve().parents[1]
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts"
SHARED_DIR = Path(os.environ.get("TRACKER_SHARED_DIR") or PROJECT_DIR.parent / "shared")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def load_reference_data() -> None:
    from delegations.roles import roles_sync

    call_command("load_seed_data", verbosity=0)
    # Transactional tests empty every table, the role groups made by the migration too.
    roles_sync()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the reference data and the seed statements."""
    with django_db_blocker.unblock():
        load_reference_data()
        _REFERENCE_SNAPSHOT.extend(table_snapshot())
    yield
    # A connection some thread left open (a live server's request thread) would keep the test
    # database from being dropped at the end ("being accessed by other users").
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(scope="session", autouse=True)
def temporary_files_per_test_process(tmp_path_factory):
    """Each test process keeps its temporary files under its own pytest folder. The upload
    parsing slots (positions/parsing.py) are file locks in the temporary directory, shared by
    every process of one installation; two pytest-xdist processes would otherwise take each
    other's slot and refuse an upload as busy."""
    import tempfile

    before = tempfile.tempdir
    tempfile.tempdir = str(tmp_path_factory.getbasetemp())
    yield
    tempfile.tempdir = before


@pytest.fixture
def live_data(transactional_db):
    """Reference and seed data for tests that run outside a transaction (live server, browser).

    The data is there already: transactional tests empty the database when they finish, and
    `pytest_runtest_teardown` below puts the reference rows back after each of them.
    """


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test has emptied the database (Django's flush), write the rows the
    session loaded once back, table by table (0.1-0.5 s), rather than run `load_seed_data` again
    (5-10 s: loaddata looks up every natural key). Every test, in whatever order the test
    processes receive them (pytest-xdist), starts with the reference and seed data."""
    yield
    # nextitem is None after the last test: the test databases are gone by now.
    if _REFERENCE_SNAPSHOT and nextitem is not None and _is_transactional(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            table_restore(_REFERENCE_SNAPSHOT)


# (table, columns, rows) of every model table as `django_db_setup` left it.
_REFERENCE_SNAPSHOT: list[tuple[str, list[str], object]] = []


def table_snapshot() -> list[tuple[str, list[str], object]]:
    """Every model table's rows (PostgreSQL: COPY's text, exact for every type)."""
    from django.db import connection

    snapshot = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:
                    rows = b"".join(bytes(block) for block in copy)
                snapshot.append((table, [], rows))
            else:
                cursor.execute(f"SELECT * FROM {quote(table)}")
                columns = [column[0] for column in cursor.description]
                snapshot.append((table, columns, cursor.fetchall()))
    return snapshot


def table_restore(snapshot) -> None:
    """Empty every snapshotted table and write its rows back, in one transaction.

    Foreign keys are deferred to the commit (Django creates them DEFERRABLE INITIALLY
    DEFERRED on both databases), so the order of the tables does not matter. Sequences are
    moved past the restored ids afterwards.
    """
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection, transaction

    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, _columns, _rows in snapshot:
            cursor.execute(f"DELETE FROM {quote(table)}")
        for table, columns, rows in snapshot:
            if not rows:
                continue
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                    copy.write(rows)
            else:
                names = ", ".join(quote(column) for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


@pytest.fixture(autouse=True)
def jobs_run_eagerly(request):
    """Jobs run in the test's own process, even when CELERY_BROKER_URL is set (as CI sets it
    for the tests marked `broker`, which talk to a real worker: see tests/broker.py)."""
    if request.node.get_closest_marker("broker"):
        yield
        return
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Jobs queued inside the block run (eagerly) when it ends, as they would on commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- personas -----------------------------------------------------------------------------------
# alice works for Japan, bob for France (an EU member), charlie is an analyst, admin is a
# superuser. Made through delegations.roles, the code add_user uses.

PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def fresh_reference_choices(monkeypatch):
    """The filter forms read the reference data on every request in tests (no process cache),
    so a delegation or provision a test adds is there at once."""
    from analysis import filters

    monkeypatch.setattr(filters, "REFERENCE_CACHE_SECONDS", 0)
    filters.reference_choices_clear()


@pytest.fixture(autouse=True)
def pages_rendered(settings):
    """Pages are rendered on every request in tests, so query counts are those of the work
    (tests/test_page_cache.py turns the page cache on), and no page kept in this process's
    memory by one test is served in another."""
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 0
    if settings.CACHES["pages"]["BACKEND"].endswith("LocMemCache"):
        caches["pages"].clear()


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """Nothing cached leaks from one test to the next. The API's throttle counts are keyed by
    token id, and ids come round again after a rollback: in the database cache they roll back
    with the test; in Redis (REDIS_URL set) each test counts under a key prefix of its own,
    since clearing would empty a Redis that other runs (and the job broker) share."""
    from django.core.cache import cache

    cache.clear()
    throttle = settings.CACHES["throttle"]
    if throttle["BACKEND"].endswith("RedisCache"):
        settings.CACHES = {
            **settings.CACHES,
            "throttle": {**throttle, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"},
        }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The production hasher takes most of a second per password, by design; tests need none."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(username: str, role: str, delegation_code: str | None = None):
    from django.contrib.auth import get_user_model

    from delegations.models import Delegation
    from delegations.roles import user_assign_role

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    delegation = Delegation.objects.get(code=delegation_code) if delegation_code else None
    user_assign_role(user=user, role=role, delegation=delegation)
    return user


@pytest.fixture
def alice(db):
    """Delegation staff of Japan."""
    return make_user("alice", "staff", "JPN")


@pytest.fixture
def bob(db):
    """Delegation staff of France (a member of the EU)."""
    return make_user("bob", "staff", "FRA")


@pytest.fixture
def charlie(db):
    """An analyst: reads everything, writes nothing."""
    return make_user("charlie", "analyst")


@pytest.fixture
def analyst_client(client, charlie):
    """A test client signed in as the analyst persona."""
    client.force_login(charlie)
    return client


@pytest.fixture
def admin_user(db):
    """A superuser in the Admins group (replaces pytest-django's, so admin_client uses it)."""
    return make_user("admin", "admin")


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def shared_dir() -> Path:
    if not (SHARED_DIR / "reference").is_dir():
        pytest.skip(f"shared folder not found at {SHARED_DIR} (set TRACKER_SHARED_DIR)")
    return SHARED_DIR


# --- tests that score the shared evaluation sets (marked ``needs_shared``) ---------------------
# Outside CI, without ../shared, they are left out with one summary line; under CI (``CI`` set)
# they fail, so a CI run can never pass without having scored them.
_left_out_without_shared: list[pytest.Item] = []


def pytest_collection_modifyitems(config, items):
    from tests.extraction_helpers import in_ci, shared_available

    if shared_available() or in_ci():
        return
    kept = [item for item in items if item.get_closest_marker("needs_shared") is None]
    _left_out_without_shared[:] = [item for item in items if item not in kept]
    if _left_out_without_shared:
        config.hook.pytest_deselected(items=_left_out_without_shared)
        items[:] = kept


def pytest_runtest_setup(item):
    from tests.extraction_helpers import SHARED_DIR, shared_available

    if item.get_closest_marker("needs_shared") and not shared_available():
        pytest.fail(f"CI: the shared evaluation sets are missing at {SHARED_DIR}")


def pytest_terminal_summary(terminalreporter):
    from tests.extraction_helpers import SHARED_DIR

    if _left_out_without_shared:
        terminalreporter.write_line(
            f"{len(_left_out_without_shared)} tests scoring the shared evaluation sets left out: "
            f"no {SHARED_DIR} (set TRACKER_SHARED_DIR; under CI they fail)"
        )


# --- browser harness (pytest-playwright with Debian's Chromium) -------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(
                f"Chromium not found at {CHROMIUM}; CI must install it (apt-get install chromium)"
            )
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def screenshot(page, request):
    """Save a full-page screenshot under test-artifacts/screenshots/<test>-<name>.png."""

    def take(name: str) -> Path:
        folder = ARTIFACTS_DIR / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
