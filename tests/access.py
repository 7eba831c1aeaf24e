"""The URL x role table: every URL of the project, and the status each role gets.

Each app declares its rows in tests/<app>/test_access.py as `ACCESS = [Row(...), ...]`
and runs them with `@pytest.mark.parametrize(("row", "role"), cases(ACCESS))`;
tests/test_url_table.py fails if a named URL of the project has no row anywhere.

A row's `url` is a string, or a function that receives `fixture` (pytest's
request.getfixturevalue) and returns the URL, so rows can point at objects made by
fixtures (a draft project, a meeting...).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.test import Client

ROLES = ["anonymous", "member", "carrier", "facilitator", "admin"]

PUBLIC = dict.fromkeys(ROLES, 200)
MEMBERS = {"anonymous": 302, "member": 200, "carrier": 200, "facilitator": 200, "admin": 200}
FACILITATORS = {"anonymous": 302, "member": 403, "carrier": 403, "facilitator": 200, "admin": 200}
ADMINS = {"anonymous": 302, "member": 403, "carrier": 403, "facilitator": 403, "admin": 200}


@dataclass
class Row:
    name: str  # the URL name, e.g. "projects:detail"
    url: str | Callable
    expect: dict[str, int]
    method: str = "get"
    data: dict | Callable = field(default_factory=dict)
    note: str = ""
    # For 302s: a part of the Location the anonymous visitor must land on. Default: the
    # login page (for GETs).
    location: str = ""

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}{' ' + self.note if self.note else ''}"


def cases(rows: list[Row]) -> list[tuple[Row, str]]:
    return [(row, role) for row in rows for role in ROLES]


def ids(rows: list[Row]) -> list[str]:
    return [f"{row}-{role}" for row, role in cases(rows)]


def check(row: Row, role: str, client_as: Callable[[str], Client], fixture: Callable) -> None:
    url = row.url(fixture) if callable(row.url) else row.url
    data = row.data(fixture) if callable(row.data) else row.data
    client = client_as(role)
    response = getattr(client, row.method)(url, data)
    expected = row.expect[role]
    assert response.status_code == expected, (
        f"{row.method.upper()} {url} as {role}: got {response.status_code}, expected {expected}"
    )
    if expected == 302 and role == "anonymous" and (row.location or row.method == "get"):
        assert (row.location or "/compte/login/") in response["Location"], response["Location"]
