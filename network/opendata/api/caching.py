"""The API lists' rendered bodies, cached for a minute under the "pages" version.

The site's page cache (alliance/pagecache.py) leaves /api/ alone: every answer there carries
the client's live RateLimit headers, and throttling must count every request. So the cache
sits inside the view, after throttling has run: it keeps the rendered bytes, gzipped once
(alliance/precompressed.py), with their ETag and Last-Modified, and each request still gets
its own RateLimit headers and its 304.

The entry is named after everything the body depends on: the database (sites or parallel
test workers sharing one Redis), the path and its sorted query parameters, the scheme and
host (the `next`/`previous` links are absolute), the media type asked (`; indent=`) and the
language. It holds the "pages" version of alliance/pagecache.py it was computed at, bumped
by any change to a model of the platform and by any write through the site. A change that
bypasses both (a queryset `update()` in a shell) shows within PAGE_CACHE_SECONDS, the page
cache's own timeout (0: off).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language

from alliance import cache as versions
from alliance import pagecache
from alliance.precompressed import Frozen

FORMAT = 2  # of the entries: the body kept gzipped beside its text (alliance/precompressed.py)


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
    return f"api:body:{FORMAT}:{database}:{digest}"


def read(request) -> dict | None:
    """The entry kept for this request if it is of the current "pages" version, read with
    the version in one round trip; the version is noted for `store`, so that a body
    computed while a change was being saved is kept under the version it was read at."""
    if not settings.PAGE_CACHE_SECONDS:
        return None
    name = key(request)
    request.pages_version, found = versions.version_and(pagecache.NAME, [name])
    entry = found.get(name)
    return entry if entry is not None and entry["version"] == request.pages_version else None


def store(request, *, body: Frozen, content_type: str, etag: str, last_modified) -> None:
    entry = {
        "version": getattr(request, "pages_version", None),
        "body": body,
        "content_type": content_type,
        "etag": etag,
        "last_modified": last_modified,
    }
    if settings.PAGE_CACHE_SECONDS and entry["version"] is not None:
        cache.set(key(request), entry, settings.PAGE_CACHE_SECONDS)
