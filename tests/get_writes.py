"""GET requests write nothing, and no page offers a link its reader would be refused.

Each app's tests/<app>/test_get_writes_nothing.py walks the GET rows of its URL table
(tests/<app>/test_access.py) as each role, counting the rows of every table before and
after each request; then it follows every link of the site those pages show (`href`,
`hx-get`), as the same role: each must write nothing and answer anything but 403. A form
that posts to a URL the tables refuse that role (403 in every POST row of its name) must
not be shown to them either.

The rows a test fixture or a login creates are made before the first count.
"""

import importlib
import pkgutil
import re
from collections.abc import Callable
from functools import cache
from urllib.parse import urlsplit

from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve

import tests
from tests.access import Row

# The one GET that may open a session (one django_session row): following an invitation
# link keeps its token in the visitor's session until they sign up, since the sign-up form
# is another page. The session holds no content and expires on its own. The same GET
# stamps the invitation's `opened_at` once (a conditional update, no new row): "opened" is
# a state the facilitator's list shows, and the visit is the only way to know it.
OPENS_A_SESSION = {"accept_invitation"}


LINK = re.compile(r'(?:href|hx-get)="([^"#]*)')
# Not pages: files served as they are, and the admin (its own project's links).
NOT_PAGES = ("/static/", "/media/", "/admin/")


def page_links(response) -> set[str]:
    """The site's own pages a HTML response links to."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return set()
    links = set()
    for raw in LINK.findall(response.content.decode()):
        url = urlsplit(raw.replace("&amp;", "&"))
        if url.scheme or url.netloc or not url.path.startswith("/"):
            continue
        if not url.path.startswith(NOT_PAGES):
            links.add(f"{url.path}?{url.query}" if url.query else url.path)
    return links


FORM = re.compile(r'<form\b[^>]*\bmethod="post"[^>]*\baction="([^"]*)"', re.I)


@cache
def _posts_refused() -> dict[str, set[str]]:
    """URL name -> the roles every POST row of the URL tables refuses with a 403."""
    expectations: dict[str, list[dict]] = {}
    for info in pkgutil.walk_packages(tests.__path__, "tests."):
        if info.name.endswith(".test_access"):
            for row in getattr(importlib.import_module(info.name), "ACCESS", []):
                if row.method == "post":
                    expectations.setdefault(row.name, []).append(row.expect)
    return {
        name: {role for role in rows[0] if all(e[role] == 403 for e in rows)}
        for name, rows in expectations.items()
    }


def refused_forms(response, role: str) -> set[str]:
    """The forms of a HTML page that post where `role` is refused."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return set()
    refused = set()
    for action in FORM.findall(response.content.decode()):
        try:
            name = resolve(urlsplit(action.replace("&amp;", "&")).path).view_name
        except Resolver404:
            continue
        if role in _posts_refused().get(name, set()):
            refused.add(action)
    return refused


def row_counts() -> dict[str, int]:
    """The number of rows of every table of the database, in one query."""
    tables = sorted(connection.introspection.table_names())
    quote = connection.ops.quote_name
    columns = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def check_get_writes_nothing(
    rows: list[Row], role: str, client_as: Callable[[str], Client], fixture: Callable
) -> None:
    gets = [row for row in rows if row.method == "get"]
    assert gets, "no GET row to crawl"
    problems, statuses, links = [], {}, set()
    for row in gets:
        client = client_as(role)
        url = row.url(fixture) if callable(row.url) else row.url
        data = row.data(fixture) if callable(row.data) else row.data
        before = row_counts()
        response = client.get(url, data)
        after = row_counts()
        changed = {t: after[t] - before[t] for t in before if after[t] != before[t]}
        if row.name in OPENS_A_SESSION and changed == {"django_session": 1}:
            changed = {}
        if changed:
            problems.append(f"GET {url} as {role} changed row counts: {changed}")
        if response.status_code != row.expect[role]:
            problems.append(
                f"GET {url} as {role}: got {response.status_code}, expected {row.expect[role]}"
            )
        statuses[url] = response.status_code
        for action in refused_forms(response, role):
            problems.append(f"{url} shows {role} a form posting to {action}, refused (403)")
        links |= {(link, url) for link in page_links(response)}
    problems += _follow(links, statuses, role, client_as)
    assert not problems, "\n".join(problems)


def _follow(links: set[tuple[str, str]], statuses: dict, role: str, client_as) -> list[str]:
    """Opens each linked page once (those of the table are known): nothing written, and
    never refused."""
    problems = []
    client = client_as(role)
    for link, page in sorted(links):
        if link not in statuses:
            before = row_counts()
            statuses[link] = client.get(link).status_code
            changed = {t: n - before[t] for t, n in row_counts().items() if n != before[t]}
            if changed:
                problems.append(f"GET {link} (linked from {page}) as {role} wrote rows: {changed}")
        if statuses[link] == 403:
            problems.append(f"{page} shows {role} a link to {link}, which refuses them (403)")
    return problems
