"""The API lists' rendered bodies, cached for a minute under the "pages" version.

The site's page cache (alliance/pagecache.py) leaves /api/ alone: every answer there carries
the client's live RateLimit headers, and throttling must count every request. So the cache
sits inside the view, after throttling has run: it keeps the rendered bytes with their ETag
and Last-Modified, and each request still gets its own RateLimit headers and its 304.

The entry is named after everything the body depends on: the database (sites or parallel
test workers sharing one Redis), the path and its sorted query parameters, the scheme and
host (the `next`/`previous` links are absolute), the media type asked (`; indent=`) and the
language; and the "pages" version, bumped by any change to a model the API shows. A change
that bypasses signals (a queryset `update()`) shows within CACHE_SECONDS.
"""

import hashlib

from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language

from actors.models import Organisation
from alliance import cache as versions
from alliance.models import Commune, Stake, Theme
from circles.models import Circle, Meeting
from ideas.models import Idea, IdeaSpace
from projects.models import Link, Need, Offer, Participation, Project
from roadmap.models import Measurement, Milestone, Objective

VERSION = "pages"
CACHE_SECONDS = 60


def key(request) -> str:
    params = sorted((name, values) for name, values in request.query_params.lists())
    parts = [
        request.build_absolute_uri(request.path),
        repr(params),
        str(getattr(request, "accepted_media_type", "")),
        get_language() or "",
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    database = connection.settings_dict["NAME"]
    return f"api:body:{database}:{versions.version(VERSION)}:{digest}"


def read(request) -> dict | None:
    return cache.get(key(request))


def store(request, *, content: bytes, content_type: str, etag: str, last_modified) -> None:
    entry = {
        "content": content,
        "content_type": content_type,
        "etag": etag,
        "last_modified": last_modified,
    }
    cache.set(key(request), entry, CACHE_SECONDS)


def connect() -> None:
    """Bump "pages" on every change to what the API lists. The main page cache bumps the
    same version with the same receivers (bump_on_change's dispatch_uid is per version and
    model), so wiring both never bumps twice."""
    models = [Organisation, Project, Participation, Link, Need, Offer, Circle, Meeting]
    models += [Milestone, Objective, Measurement, IdeaSpace, Idea, Theme, Stake, Commune]
    m2m = [
        field.remote_field.through
        for model in models
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    versions.bump_on_change(VERSION, models, m2m=m2m)
