"""common.cache.BoundedLocMemCache: the pages a web process keeps without Redis, bounded in
bytes as well as in number, the least recently read dropped first."""

import pytest

from common.cache import BoundedLocMemCache

KB = 1024


@pytest.fixture
def cache(request):
    # A name of its own per test: local-memory caches of one name share their entries.
    made = BoundedLocMemCache(
        f"bounded-{request.node.name}", {"OPTIONS": {"MAX_ENTRIES": 100, "MAX_BYTES": 100 * KB}}
    )
    yield made
    made.clear()


def kept_bytes(cache) -> int:
    return sum(map(len, cache._cache.values()))


def test_the_least_recently_read_pages_go_once_the_bytes_would_exceed_the_bound(cache):
    for name in "abcd":
        cache.set(name, b"x" * 30 * KB)
    assert kept_bytes(cache) <= 100 * KB
    assert cache.get("a") is None  # the oldest went for the fourth
    assert cache.get("b") is not None  # read now: the most recently read
    cache.set("e", b"x" * 30 * KB)
    assert cache.get("c") is None and cache.get("b") is not None
    assert [cache.get(name) is not None for name in "de"] == [True, True]
    assert kept_bytes(cache) <= 100 * KB


def test_a_page_larger_than_the_bound_is_not_kept_and_drops_its_older_value(cache):
    cache.set("page", b"small")
    cache.set("page", b"x" * 200 * KB)
    assert cache.get("page") is None
    cache.set("other", "kept")
    assert cache.get("other") == "kept"


def test_without_a_byte_bound_only_the_number_of_entries_counts(request):
    cache = BoundedLocMemCache(f"unbounded-{request.node.name}", {"OPTIONS": {"MAX_BYTES": 0}})
    for name in "abc":
        cache.set(name, b"x" * 200 * KB)
    assert all(cache.get(name) is not None for name in "abc")
    cache.clear()


def test_the_pages_cache_is_bounded_by_page_cache_mb_without_redis(settings):
    if settings.CACHES["pages"]["BACKEND"] != "common.cache.BoundedLocMemCache":
        pytest.skip("REDIS_URL is set: the pages live in Redis")
    assert settings.CACHES["pages"]["OPTIONS"]["MAX_BYTES"] == settings.PAGE_CACHE_MB * 2**20
