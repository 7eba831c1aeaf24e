"""Whole public pages, kept for anonymous visitors: `@public_page` on a view.

An anonymous visitor (no session, no pending message) asking a public page again gets the
answer computed for the previous anonymous visitor, for at most PAGE_CACHE_SECONDS, as long
as nothing on the platform changed: the entry's key holds the "pages" version, which any
write bumps —
- every save, delete or many-to-many change of a model of the platform's apps (signals,
  `connect()`), except the bookkeeping no page shows (jobs, sent mails, reminder logs);
- every request that is not GET, HEAD or OPTIONS and did not fail, whoever sent it
  (`BumpOnWriteMiddleware`): bulk updates of a view are covered too.
Background jobs writing in bulk call `changed()` themselves; the timeout bounds the rest (and
the pages that move with the clock, such as the agenda's "upcoming" meetings).

Members never read nor fill the cache: their pages carry their name, their private rows
and their role. HTMX fragments and conditional requests go to the view.

The one per-visitor part of an anonymous page is its CSRF token (the language switch is
a POST form): the stored copy holds a placeholder where it was, and each visitor gets a
token of their own in its place (and the cookie that goes with it).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.functional import SimpleLazyObject

from alliance import cache as versions
from alliance.precompressed import Frozen, fill

NAME = "pages"
APPS = {"alliance", "actors", "projects", "circles", "roadmap", "ideas", "network"}
# Rows written by the platform's own bookkeeping: no page shows them.
QUIET = {"alliance.Job", "alliance.SentMail", "circles.ReminderLog"}
# Cookies an anonymous page does not depend on (the language is in the key).
HARMLESS_COOKIES = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
TOKEN_PLACEHOLDER = b"\x1acsrf-token\x1a"
MAX_BYTES = 2 * 1024 * 1024
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
FORMAT = 2  # of the entries (a deploy that changes it does not read the old ones)


def version() -> int:
    return versions.version(NAME)


def bump(**signal_kwargs) -> None:
    versions.bump(NAME)


def changed() -> None:
    """Rows shown on public pages changed (a bulk write calls it; signals do for the rest):
    bump now and again once the transaction commits, so that a visitor's page computed in
    between, from the rows as they were, is not kept under the new version. With the page
    cache off (PAGE_CACHE_SECONDS=0) no page is kept: nothing to retire."""
    if not settings.PAGE_CACHE_SECONDS:
        return
    bump()
    transaction.on_commit(bump)


def _on_change(sender, **kwargs) -> None:
    # A historical record (django-simple-history's models name the model they follow as
    # `instance_type`) is written with the change of its row, whose signal bumps already.
    if (
        sender._meta.app_label in APPS
        and sender._meta.label not in QUIET
        and not hasattr(sender, "instance_type")
    ):
        changed()


def _on_m2m(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        _on_change(sender)


def connect() -> None:
    post_save.connect(_on_change, weak=False, dispatch_uid="pages-version-save")
    post_delete.connect(_on_change, weak=False, dispatch_uid="pages-version-delete")
    m2m_changed.connect(_on_m2m, weak=False, dispatch_uid="pages-version-m2m")


class BumpOnWriteMiddleware:
    """Any write through the site (a form, an HTMX action, the admin) retires the pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            bump()
        return response


def csrf(request) -> dict:
    """The CSRF token as Django's own context processor gives it, but one masked value per
    answer (Django masks it afresh in every template context), so the page cache finds it."""

    def token():
        if not hasattr(request, "_masked_csrf_token"):
            request._masked_csrf_token = get_token(request)
        return request._masked_csrf_token

    return {"csrf_token": SimpleLazyObject(token)}


def _anonymous(request) -> bool:
    if any(name not in HARMLESS_COOKIES for name in request.COOKIES):
        return False  # a session, pending messages, or a cookie we do not know
    return not request.user.is_authenticated


def _cacheable(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and "HTTP_HX_REQUEST" not in request.META
        and "HTTP_IF_NONE_MATCH" not in request.META
        and "HTTP_IF_MODIFIED_SINCE" not in request.META
        and _anonymous(request)
    )


def _key(request) -> str:
    """The entry's key; the version it was computed at is stored in it, so one round trip
    (MGET of the key and of the version) reads both."""
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.md5(where.encode(), usedforsecurity=False).hexdigest()
    database = connection.settings_dict["NAME"]
    return f"{NAME}:{FORMAT}:{database}:{request.LANGUAGE_CODE}:{digest}"


def _read(key: str) -> tuple[int, tuple | None]:
    """(the current version, the entry kept under `key` if it is of that version)."""
    current, found = versions.version_and(NAME, [key])
    entry = found.get(key)
    if entry is None or entry[0] != current:
        return current, None
    return current, entry[1:]


def _freeze(request, response) -> tuple | None:
    """The response as stored, or None when it must not be: an error, a download, a
    cookie of its own, a message left for the next page, a body too large."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if response.has_header("Content-Disposition") or "private" in response.get("Cache-Control", ""):
        return None
    if getattr(getattr(request, "_messages", None), "_queued_messages", None):
        return None
    body = response.content
    if len(body) > MAX_BYTES or TOKEN_PLACEHOLDER in body:
        return None
    token = getattr(request, "_masked_csrf_token", None)
    if token and token.encode() in body:
        frozen = Frozen.of(body.replace(token.encode(), TOKEN_PLACEHOLDER), TOKEN_PLACEHOLDER)
    else:
        frozen = Frozen.of(body)
    return frozen, list(response.items())


def _thaw(request, entry) -> HttpResponse:
    """The kept answer, gzipped beforehand (alliance/precompressed.py), with this visitor's
    own token where the stored copy has a placeholder."""
    frozen, headers = entry
    response = HttpResponse()
    for name, value in headers:
        response[name] = value
    token = get_token(request).encode() if len(frozen.runs) > 1 else b""
    fill(response, request, frozen, token)
    return response


def public_page(view):
    """Serve `view`'s answer to anonymous visitors from the cache (see the module)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        current, entry = _read(key)
        if entry is not None:
            return _thaw(request, entry)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        entry = _freeze(request, response)
        if entry is not None:  # of the version read before: a change meanwhile retires it
            cache.set(key, (current, *entry), settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
