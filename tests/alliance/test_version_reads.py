"""Versions of cached data (alliance/cache.py)."""


def test_a_version_starts_at_one_and_moves_on_at_each_bump():
    from django.core.cache import cache as django_cache

    from alliance import cache

    django_cache.delete("catalogue-test:version")
    assert cache.version("catalogue-test") == 1
    assert cache.version("catalogue-test") == 1
    cache.bump("catalogue-test")
    assert cache.version("catalogue-test") == 2
