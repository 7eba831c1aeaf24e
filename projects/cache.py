"""The version of everything the catalogue's cached fragments and counts show: any change to
a project, its relations or the taxonomy bumps it (see alliance/cache.py)."""

import secrets
import threading
from hashlib import md5

from django.core.cache import cache as django_cache
from django.db import connection

from alliance import cache
from projects.models import Project

NAME = "projects"
# How long the catalogue's fragments and counts are kept, in seconds (templates read it
# as `cache_seconds`); a bumped version retires them sooner.
FRAGMENT_SECONDS = 600
# The metropole's outline changes only when the communes are loaded again.
OUTLINE_MAX_AGE = 24 * 3600
WATCHED = [
    "projects.Project",
    "projects.Link",
    "projects.Participation",
    "actors.Organisation",
    "alliance.Theme",
    "alliance.Stake",
    "alliance.Commune",
    "circles.Circle",
]


# The list's page and order: the map shows the same points whatever they are.
NOT_MAP_FILTERS = ("page", "tri")


def map_filters(params):
    """The query parameters that choose the map's points (a mutable copy)."""
    params = params.copy()
    for name in NOT_MAP_FILTERS:
        params.pop(name, None)
    return params


def _digest(params, ignored=NOT_MAP_FILTERS, language: str = "") -> str:
    """The filters (query parameters in any order) and, for a body holding translated text,
    the language."""
    query = "&".join(f"{k}={v}" for k, v in sorted(params.lists()) if k not in ignored)
    # Named after the database too: sites sharing one Redis never read each other's bodies.
    database = connection.settings_dict["NAME"]
    return md5(f"{database}:{language}?{query}".encode()).hexdigest()


# The data bodies this process served last, by key: {key: (tag, gzipped body)}. Redis holds
# each body and, per kind and set of filters, a stamp (version, short random tag); a warm
# answer reads the version and the stamp in one round trip (a few bytes) and, when the
# stamp is the current version's and its tag the kept body's, sends the body kept here
# instead of fetching from Redis the half megabyte of the map data or the 1.6 MB of the
# graph's at 50,000 projects. The stamp, not the key alone, vouches for the body: after a
# Redis flush the versions start again at 1 and an old key could come back.
LOCAL_BODIES = 4
_local_bodies: dict[str, tuple[str, bytes]] = {}
_local_lock = threading.Lock()


def _stamp_key(kind: str, digest: str) -> str:
    return f"projects:{kind}-stamp:{digest}"


def data_body(kind: str, digest: str) -> tuple[str, bytes | None]:
    """The key of the `kind` data ("map", "graph") of these filters (`map_digest`,
    `graph_digest`) at the current version, and its gzipped body if it is cached (else
    None: build it and give it to `store_data_body`)."""
    current, found = cache.version_and(NAME, [_stamp_key(kind, digest)])
    key = f"projects:{kind}:{current}:{digest}"
    stamp = found.get(_stamp_key(kind, digest))
    if stamp is None or stamp[0] != current:
        return key, None
    kept = _local_bodies.get(key)
    if kept is not None and kept[0] == stamp[1]:
        return key, kept[1]
    body = django_cache.get(key)
    if body is not None:
        _keep(key, stamp[1], body)
    return key, body


def store_data_body(key: str, body: bytes) -> None:
    _prefix, kind, current, digest = key.split(":")
    tag = secrets.token_hex(8)
    stamp = (int(current), tag)
    django_cache.set_many({key: body, _stamp_key(kind, digest): stamp}, FRAGMENT_SECONDS)
    _keep(key, tag, body)


def map_digest(params) -> str:
    """The map data holds no translated text: no language in its key."""
    return _digest(params)


def graph_digest(params, language: str) -> str:
    return _digest(params, ignored=(), language=language)


def _keep(key: str, tag: str, body: bytes) -> None:
    with _local_lock:
        _local_bodies.pop(key, None)
        _local_bodies[key] = (tag, body)  # the newest last: the oldest go first
        while len(_local_bodies) > LOCAL_BODIES:
            del _local_bodies[next(iter(_local_bodies))]


def version() -> int:
    return cache.version(NAME)


def bump() -> None:
    cache.bump(NAME)


def connect() -> None:
    relations = [Project.themes, Project.stakes, Project.communes]
    cache.bump_on_change(NAME, WATCHED, m2m=[field.through for field in relations])
