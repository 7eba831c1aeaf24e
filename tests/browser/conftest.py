"""Browser tests: pytest-playwright driving Debian's Chromium against live_server.

Chromium absent: the tests skip with the reason, unless REQUIRE_BROWSER=1 (CI), where
that is a failure. Never `playwright install`: it cannot download here.
"""

import functools
import json
import os
from pathlib import Path

import pytest
from django.db import transaction

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to
# run there unless told. Only the tests set this, never the app.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).parent / "assets" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


MISSING = f"Chromium not found at {CHROMIUM}: apt-get install chromium"


def _browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or _browser_required():
        return
    for item in items:
        if "tests/browser" in str(item.fspath) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=MISSING))


@pytest.fixture(scope="session", autouse=True)
def _require_browser():
    """CI (REQUIRE_BROWSER=1): a missing browser fails every browser test with the reason.
    Session-scoped so that it runs before pytest-playwright's session `browser` fixture."""
    if _browser_required() and not Path(CHROMIUM).exists():
        pytest.fail(MISSING)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


def at_once(fixture_function):
    """A data fixture of a live-server test, written in one transaction. Each of its saves
    would commit on its own, and every commit runs the jobs that follow a change (the
    graph's summary, the vision's figures): once per row instead of once for all. The
    pages then read what one commit of all the rows gives, as after a bulk load."""

    @functools.wraps(fixture_function)
    def wrapper(*args, **kwargs):
        with transaction.atomic():
            return fixture_function(*args, **kwargs)

    return wrapper


def assert_accessible(page, *, context: str | None = None, disable: tuple[str, ...] = ()) -> None:
    """Runs axe-core on the current page and fails on any violation."""
    if not page.evaluate("typeof axe !== 'undefined'"):  # once per document
        page.evaluate(AXE.read_text())
    # resultTypes: axe still checks every rule but details only the violations (faster).
    options = {
        "rules": {rule: {"enabled": False} for rule in disable},
        "resultTypes": ["violations"],
    }
    result = page.evaluate("([ctx, opts]) => axe.run(ctx || document, opts)", [context, options])
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert not violations, f"axe violations on {page.url}:\n" + json.dumps(violations, indent=2)


@pytest.fixture
def visit(page, live_server):
    """visit("/projets/") opens a page of the live server and checks it with axe."""

    def go(path: str, *, check: bool = True):
        page.goto(live_server.url + path)
        if check:
            assert_accessible(page)
        return page

    return go


@pytest.fixture
def login(page, live_server):
    """login(user) signs in through the real form."""

    def do(user, password: str = "motdepasse-solide-42"):
        page.goto(live_server.url + "/compte/login/")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", password)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        return page

    return do
