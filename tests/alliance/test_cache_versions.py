from django.core.cache import cache

from alliance import cache as versions


def test_version_and_reads_the_version_with_the_entries_found():
    cache.clear()
    cache.set("things:a", "A")
    assert versions.version_and("things", ["things:a", "things:b"]) == (1, {"things:a": "A"})
    versions.bump("things")
    assert versions.version_and("things", []) == (2, {})
