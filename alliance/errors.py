"""The error pages (400, 403, 404, 500, CSRF failure), inside the site's layout and in the
visitor's language, each with a way on.

The 500 page is rendered without the request's context processors: they look the user
up (session, groups), and the database may be the very thing that failed.
"""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

# The list pages a lost visitor is sent back to, by the first segment of the path they
# asked for (/projets/inconnu/ -> the projects' list).
SECTIONS = {
    "projects:list": _("Retour aux projets"),
    "projects:map": _("Retour à la carte"),
    "projects:needs": _("Retour aux besoins et offres"),
    "actors:list": _("Retour à l'annuaire des acteurs"),
    "circles:list": _("Retour aux cercles"),
    "circles:agenda": _("Retour à l'agenda"),
    "roadmap:index": _("Retour à la feuille de route"),
    "roadmap:vision": _("Retour à la vision 360°"),
    "ideas:list": _("Retour aux espaces d'idées"),
    "network:subscriptions": _("Retour à mes abonnements"),
}


def _section(path: str) -> dict | None:
    """The list page of the section `path` belongs to, if it has one."""
    first = path.strip("/").split("/", 1)[0]
    if not first:
        return None
    try:
        match = resolve(f"/{first}/")
    except Resolver404:
        return None
    label = SECTIONS.get(match.view_name)
    if label is None:
        return None
    return {"url": f"/{first}/", "label": label}


def _referer(request: HttpRequest) -> str:
    """The page the visitor came from, when it is one of ours."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        allowed = {request.get_host()}
    except Exception:  # DisallowedHost: the very reason for some 400s
        return ""
    if referer and url_has_allowed_host_and_scheme(referer, allowed, request.is_secure()):
        return referer
    return ""


def _context(request: HttpRequest) -> dict:
    return {
        "section": _section(request.path),
        "referer": _referer(request),
        "login_url": f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}",
    }


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "400.html", _context(request), status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", _context(request), status=403)


# Under this prefix a client reads JSON, even for an address no API route matches.
API_PREFIX = "/api/"


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        message = _("Ressource introuvable : vérifiez l'identifiant ou le numéro de page.")
        return JsonResponse({"detail": str(message)}, status=404)
    words = request.path.strip("/").rsplit("/", 1)[-1].replace("-", " ")[:80]
    context = {**_context(request), "words": words}
    return render(request, "404.html", context, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # A plain context, no context processors: nothing here may touch the database.
    context = {"request": request, "csrf_token": get_token(request)}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without a valid token (cookies off, a page left open
    too long, a form sent from elsewhere). Rendering the page sets a fresh token."""
    return render(request, "403_csrf.html", _context(request), status=403)
