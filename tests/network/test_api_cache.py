"""The API lists' bodies cached for a minute under the "pages" version
(network/opendata/api/caching.py): what a client sees must not change, only how fast."""

import gzip
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance import cache as versions
from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/projects/"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60  # off in the rest of the suite (tests/settings.py)


@pytest.fixture
def projects(db):
    theme = factories.ThemeFactory(slug="energie")
    rows = [factories.ProjectFactory(title=f"Projet {n}") for n in range(3)]
    rows[0].themes.add(theme)
    factories.ParticipationFactory(project=rows[0])
    return rows


def _get(client, url=URL, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    return response, len(captured)


def test_a_cached_answer_is_the_fresh_answer(client, projects):
    fresh, fresh_queries = _get(client)
    cached, cached_queries = _get(client)
    assert fresh_queries > 0 and cached_queries == 0
    assert cached.status_code == 200
    assert cached.content == fresh.content
    assert cached["Content-Type"] == fresh["Content-Type"] == "application/json"
    for header in ("ETag", "Last-Modified", "Allow"):
        assert cached[header] == fresh[header]
    cache.clear()
    again, _ = _get(client)
    assert again.content == fresh.content and again["ETag"] == fresh["ETag"]


def test_each_query_string_has_its_own_entry(client, projects):
    everything = client.get(URL).json()
    themed = client.get(f"{URL}?theme=energie").json()
    assert everything["count"] == 3 and themed["count"] == 1
    assert client.get(f"{URL}?theme=energie").json() == themed
    # The same parameters in another order are the same answer.
    assert client.get(f"{URL}?page_size=2&page=2").content == (
        client.get(f"{URL}?page=2&page_size=2").content
    )


def test_a_saved_change_is_visible_at_once(client, projects):
    before = client.get(URL)
    project = Project.objects.get(pk=projects[1].pk)
    project.title = "Projet renommé"
    project.save()
    after = client.get(URL)
    assert "Projet renommé" in after.content.decode()
    assert after["ETag"] != before["ETag"]
    assert client.get(URL, headers={"If-None-Match": before["ETag"]}).status_code == 200


def test_a_bumped_version_gives_a_fresh_answer(client, projects):
    client.get(URL)
    Project.objects.filter(pk=projects[1].pk).update(title="Changé sans signal")
    assert "Changé sans signal" not in client.get(URL).content.decode()  # a minute at most
    versions.bump("pages")
    assert "Changé sans signal" in client.get(URL).content.decode()


def test_a_cached_answer_carries_the_live_rate_limit(client, projects, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "key": "5/min"},
    }
    first, _ = _get(client)
    second, queries = _get(client)
    assert queries == 0  # served from the cache...
    assert first["RateLimit-Remaining"] == "2"
    assert second["RateLimit-Remaining"] == "1"  # ...and still counted
    assert second["RateLimit-Limit"] == "3" and second["RateLimit-Policy"] == "3;w=60"
    client.get(URL)
    refused = client.get(URL)
    assert refused.status_code == 429 and refused["RateLimit-Remaining"] == "0"


def test_a_cached_answer_still_answers_304(client, projects):
    first = client.get(URL)
    assert first["ETag"] and first["Last-Modified"]
    unchanged, queries = _get(client, headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304 and queries == 0
    assert unchanged["RateLimit-Remaining"]
    since = client.get(URL, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304


def test_a_head_request_shares_the_cached_answer(client, projects):
    fresh = client.get(URL)
    head = client.head(URL)
    assert head.status_code == 200
    assert head["ETag"] == fresh["ETag"] and head.content == b""


def test_a_client_taking_gzip_gets_the_same_stream_fresh_or_cached_and_its_304(client, projects):
    fresh, _ = _get(client, HTTP_ACCEPT_ENCODING="gzip, deflate")
    cached, cached_queries = _get(client, HTTP_ACCEPT_ENCODING="gzip")
    assert cached_queries == 0
    for response in (fresh, cached):
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert response["ETag"].startswith('W/"')  # not the identity body's strong tag
    assert cached.content == fresh.content
    assert json.loads(gzip.decompress(cached.content))["count"] == 3
    plain = client.get(URL)
    assert json.loads(plain.content) == json.loads(gzip.decompress(cached.content))
    again = client.get(URL, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=cached["ETag"])
    assert again.status_code == 304
