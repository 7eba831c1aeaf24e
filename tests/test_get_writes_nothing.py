"""Every app's URL table is crawled by tests/get_writes.py: no GET writes a row."""

from pathlib import Path

TESTS = Path(__file__).parent


def test_every_url_table_has_its_get_crawl():
    tables = {p.parent.name for p in TESTS.glob("*/test_access.py")}
    crawled = {p.parent.name for p in TESTS.glob("*/test_get_writes_nothing.py")}
    assert tables, "no URL table found"
    assert tables <= crawled, f"URL tables without a GET crawl: {sorted(tables - crawled)}"
