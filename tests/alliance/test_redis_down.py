"""A request never fails because Redis is down: the cache misses, the job waits
(tests/alliance/test_jobs.py shows the job side)."""

import os

import pytest
from django.core.cache import cache, caches

from alliance.cache import ResilientRedisCache

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "alliance.cache.ResilientRedisCache", "LOCATION": DEAD_REDIS}
    }
    # Production's rate limits: allauth counts attempts in the cache.
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": None}
    assert isinstance(caches["default"], ResilientRedisCache)


def test_the_cache_gives_up_at_once_on_a_dead_redis(dead_cache):
    options = caches["default"]._options
    assert options["retry"].get_retries() == 0
    assert (options["socket_connect_timeout"], options["retry_on_timeout"]) == (0.5, False)


def test_the_cache_misses_quietly_while_redis_is_down(dead_cache):
    cache.set("clé", "valeur")
    assert cache.get("clé", "absent") == "absent"
    assert cache.add("autre", 1) is True  # a cache lock must not block
    assert cache.get_many(["clé", "autre"]) == {}
    with pytest.raises(ValueError):
        cache.incr("compteur")


def test_login_and_pages_work_while_redis_is_down(client, member, dead_cache):
    assert client.get("/").status_code == 200
    response = client.post(
        "/compte/login/", {"login": member.email, "password": "motdepasse-solide-42"}
    )
    assert response.status_code == 302
    assert client.get("/compte/profil/").status_code == 200


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_the_cache_stores_while_redis_answers():
    backend = ResilientRedisCache(os.environ["REDIS_URL"], {})
    backend.set("alliance-test-key", {"a": 1}, 30)
    assert backend.get("alliance-test-key") == {"a": 1}
    backend.delete("alliance-test-key")


def test_the_open_api_answers_while_redis_is_down(client, dead_cache):
    """Its rate limit counts in Redis: with nothing to count with, the client is let through."""
    response = client.get("/api/v1/circles/")
    assert response.status_code == 200
    assert response["RateLimit-Remaining"] == response["RateLimit-Limit"]
