"""GET requests write nothing: each app's tests/<app>/test_get_writes_nothing.py walks the
GET rows of its URL table (tests/<app>/test_access.py) as each role, counting the rows of
every table before and after each request.

The rows a test fixture or a login creates are made before the first count.
"""

from collections.abc import Callable

from django.db import connection
from django.test import Client

from tests.access import Row

# The one GET that may open a session (one django_session row): following an invitation
# link keeps its token in the visitor's session until they sign up, since the sign-up form
# is another page. The session holds no content and expires on its own.
OPENS_A_SESSION = {"accept_invitation"}


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
    problems = []
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
    assert not problems, "\n".join(problems)
