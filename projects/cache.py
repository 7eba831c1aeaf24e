"""The version of everything the catalogue's cached fragments and counts show: any change to
a project, its relations or the taxonomy bumps it (see alliance/cache.py)."""

from hashlib import md5

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


def map_data_key(params) -> str:
    """The map data of one set of filters (query parameters in any order), at the current
    version; the body holds no translated text, so no language in the key."""
    query = "&".join(f"{k}={v}" for k, v in sorted(params.lists()) if k not in NOT_MAP_FILTERS)
    return f"projects:map:{version()}:{md5(query.encode()).hexdigest()}"


def version() -> int:
    return cache.version(NAME)


def bump() -> None:
    cache.bump(NAME)


def connect() -> None:
    relations = [Project.themes, Project.stakes, Project.communes]
    cache.bump_on_change(NAME, WATCHED, m2m=[field.through for field in relations])
