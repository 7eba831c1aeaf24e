"""HEAD on every download of the site: each app's test_head.py walks the GET rows of its
URL table (tests/<app>/test_access.py) as a role that gets 200; a response that is a
download (`Content-Disposition: attachment`, or a content type other than HTML) must answer
HEAD with 200, the same headers and no body, as feed readers and download managers expect
(`require_GET` answers HEAD with 405; `require_safe` or `open_download` do not)."""

from collections.abc import Callable

from django.test import Client

from tests.access import Row

# Headers that differ between any two responses, whatever the method.
VOLATILE = {"date", "set-cookie", "content-security-policy", "expires", "x-request-id"}
# A rate limit counts every request, HEAD included: its remaining allowance goes down.
VOLATILE |= {"ratelimit-remaining", "ratelimit-reset", "retry-after"}


def get_rows(rows: list[Row]) -> list[Row]:
    return [row for row in rows if row.method == "get" and 200 in row.expect.values()]


def is_download(response) -> bool:
    kind = response.get("Content-Type", "").split(";")[0].strip()
    attached = response.get("Content-Disposition", "").startswith("attachment")
    return attached or kind not in ("text/html", "")


def _headers(response) -> dict[str, str]:
    return {k.lower(): v for k, v in response.headers.items() if k.lower() not in VOLATILE}


def check_head(row: Row, client_as: Callable[[str], Client], fixture: Callable) -> bool:
    """True if the row is a download (and its HEAD was checked), False for a page."""
    role = "admin" if row.expect.get("admin") == 200 else min(row.expect, key=row.expect.get)
    url = row.url(fixture) if callable(row.url) else row.url
    data = row.data(fixture) if callable(row.data) else row.data
    client = client_as(role)
    got = client.get(url, data)
    if got.status_code != 200 or not is_download(got):
        return False
    head = client.head(url, data)
    assert head.status_code == 200, f"HEAD {url} as {role}: {head.status_code}"
    differ = {
        name: (got_value, head_value)
        for name in _headers(got).keys() | _headers(head).keys()
        if (got_value := _headers(got).get(name)) != (head_value := _headers(head).get(name))
    }
    assert not differ, f"HEAD {url}: headers other than GET's (GET, HEAD): {differ}"
    body = b"".join(head.streaming_content) if head.streaming else head.content
    assert body == b"", f"HEAD {url}: a body"
    return True
