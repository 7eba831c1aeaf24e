"""Versions of cached data (alliance/cache.py)."""


def test_a_version_starts_at_one_and_moves_on_at_each_bump():
    from django.core.cache import cache as django_cache

    from alliance import cache

    django_cache.delete("catalogue-test:version")
    assert cache.version("catalogue-test") == 1
    assert cache.version("catalogue-test") == 1
    cache.bump("catalogue-test")
    assert cache.version("catalogue-test") == 2


def test_on_redis_bumps_are_atomic_and_a_missing_version_starts_at_two():
    import threading

    import pytest
    from django.core.cache import cache as django_cache

    from alliance import cache

    if not hasattr(django_cache, "bump_version"):
        pytest.skip("the suite runs without Redis: bump_version is Redis's")
    django_cache.delete("bumped-test:version")
    cache.bump("bumped-test")
    assert cache.version("bumped-test") == 2

    threads = [threading.Thread(target=cache.bump, args=("bumped-test",)) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.version("bumped-test") == 22


def test_bumps_deferred_bump_each_version_once_on_leaving_even_when_nested():
    from alliance import cache

    first, second = cache.version("deferred-a"), cache.version("deferred-b")
    with cache.bumps_deferred():
        cache.bump("deferred-a")
        with cache.bumps_deferred():
            cache.bump("deferred-a")
            cache.bump("deferred-b")
        assert (cache.version("deferred-a"), cache.version("deferred-b")) == (first, second)
    assert (cache.version("deferred-a"), cache.version("deferred-b")) == (first + 1, second + 1)
